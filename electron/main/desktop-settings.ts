import type { ApiHandlers } from '../contract/api.js';
import type { RedactedSettings } from '../contract/schemas.js';

export type DesktopSettings = RedactedSettings['desktop'];

/**
 * Wraps the engine's handlers so a change of the desktop settings (launch at login,
 * notifications) made anywhere — the UI or the tray — takes effect in the OS at once.
 */
export function withDesktopEffects(handlers: ApiHandlers, onSettings: (settings: RedactedSettings) => void): ApiHandlers {
  return {
    ...handlers,
    'settings.update': async (params) => {
      const result = await handlers['settings.update'](params);
      onSettings(result);
      return result;
    },
    'accounts.save': async (params) => {
      const result = await handlers['accounts.save'](params);
      onSettings(await handlers['settings.get']({}));
      return result;
    },
    'accounts.remove': async (params) => {
      const result = await handlers['accounts.remove'](params);
      onSettings(await handlers['settings.get']({}));
      return result;
    },
  };
}
