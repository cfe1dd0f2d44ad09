import { isAppUrl } from '../window/app-url.js';

/**
 * Permission policy for every page: everything is denied (camera, microphone, geolocation,
 * notifications, clipboard reading, HID/USB/serial, …) except writing text to the clipboard from our
 * own renderer, which its "Copy" buttons need (Slack manifest, CLI commands). The main process
 * raises notifications itself and needs no renderer permission.
 */
export const ALLOWED_APP_PERMISSIONS: readonly string[] = ['clipboard-sanitized-write'];

export function isPermissionAllowed(permission: string, requestingUrl: string | null | undefined): boolean {
  return ALLOWED_APP_PERMISSIONS.includes(permission) && typeof requestingUrl === 'string' && isAppUrl(requestingUrl);
}
