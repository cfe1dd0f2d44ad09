import type { Status } from '../../contract/schemas.js';
import type { AppRoute } from '../window/routes.js';

/**
 * The app starts to the tray only, except while setup is unfinished (no Slack connection or no
 * forge account, as the renderer's start screen decides): then the window opens at the wizard.
 */
export function startupRoute(status: Status | null): AppRoute | null {
  if (!status) return null;
  return status.slack.mode === 'none' || status.accounts.length === 0 ? '/setup/welcome' : null;
}
