import type { Session, WebContents } from 'electron';
import type { Logger } from '../../core/runtime/logger.js';
import { withSecurityHeaders } from './csp.js';
import { isAllowedExternalUrl } from './external-url.js';
import { isPermissionAllowed } from './permissions.js';

/**
 * Session-wide rules: permission requests and checks denied (but clipboard writes from our own
 * renderer, see permissions.ts), device access denied, the CSP header on every response, downloads refused.
 */
export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) =>
    callback(isPermissionAllowed(permission, details.requestingUrl)),
  );
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
    isPermissionAllowed(permission, requestingOrigin),
  );
  session.setDevicePermissionHandler(() => false);
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withSecurityHeaders(details.responseHeaders) });
  });
  session.on('will-download', (event) => event.preventDefault());
}

export interface WebContentsGuardOptions {
  allowedHosts: () => readonly string[];
  /** Hands a URL to the user's browser; called only for URLs the allow-list accepted. */
  launchBrowser: (url: string) => Promise<void>;
  logger: Logger;
}

/**
 * Applied to every webContents the app ever creates: no navigation away from the renderer, no
 * webviews, no new windows. A link to an allowed https host (Slack, the configured forges) opens
 * in the user's browser instead; anything else is refused and logged.
 */
export function guardWebContents(contents: WebContents, options: WebContentsGuardOptions): void {
  const openIfAllowed = (url: string): void => {
    if (isAllowedExternalUrl(url, options.allowedHosts())) {
      options
        .launchBrowser(url)
        .catch((error: unknown) => options.logger.warn('Could not open a link in the browser', { url, error }));
    } else {
      options.logger.warn('Refused to open a link that is not an https URL of Slack or a configured forge', { url });
    }
  };
  contents.on('will-navigate', (event, url) => {
    event.preventDefault();
    openIfAllowed(url);
  });
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    openIfAllowed(url);
    return { action: 'deny' };
  });
}
