import type { ApiHandlers } from '../../contract/api.js';
import type { RedactedSettings } from '../../contract/schemas.js';

/**
 * Wraps the engine's handlers so a change of the desktop settings (launch at login,
 * notifications) made anywhere — the UI or the tray — takes effect in the OS at once.
 */
export function withDesktopEffects(
  handlers: ApiHandlers,
  onSettings: (settings: RedactedSettings) => void,
): ApiHandlers {
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

/**
 * Notices accounts added or removed behind the shell's back (the engine finishes a device-flow sign-in on its own):
 * `reported` gets the accounts of each status push and calls `changed` when they differ from those last `applied`.
 */
export function watchAccounts(changed: () => void): {
  applied(accounts: readonly AccountRef[]): void;
  reported(accounts: readonly AccountRef[]): void;
} {
  let last: string | null = null;
  const key = (accounts: readonly AccountRef[]): string =>
    accounts
      .map((a) => `${a.id}\u0000${a.apiUrl}`)
      .sort()
      .join('\n');
  return {
    applied(accounts) {
      last = key(accounts);
    },
    reported(accounts) {
      if (last !== null && key(accounts) !== last) {
        last = key(accounts);
        changed();
      }
    },
  };
}

interface AccountRef {
  id: string;
  apiUrl: string;
}
