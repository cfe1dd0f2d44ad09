import type { ApiHandlers } from '../../../contract/api.js';
import { applyProxyUpdate } from '../../settings/proxy-settings.js';
import type { SettingsAccess } from '../settings-service.js';
import { redactSettings } from './redact-settings.js';

export interface SettingsHandlersPort {
  settings: SettingsAccess;
}

/** `settings.*`: the redacted settings, and the poll interval, retention, proxy and desktop preferences. */
export function settingsHandlers(port: SettingsHandlersPort): Pick<ApiHandlers, 'settings.get' | 'settings.update'> {
  return {
    'settings.get': async () => redactSettings(port.settings.current()),
    'settings.update': async (p) => {
      const { settings } = await port.settings.update((s) => ({
        ...s,
        ...(p.pollIntervalSeconds !== undefined ? { pollIntervalSeconds: p.pollIntervalSeconds } : {}),
        ...(p.retentionDays !== undefined ? { retentionDays: p.retentionDays } : {}),
        ...(p.proxy ? { proxy: applyProxyUpdate(s.proxy, p.proxy) } : {}),
        desktop: { ...s.desktop, ...p.desktop },
      }));
      return redactSettings(settings);
    },
  };
}
