import type { ApiHandlers } from '../../../contract/api.js';
import { applyProxyUpdate, effectiveProxyUrl } from '../../settings/proxy-settings.js';
import type { SettingsAccess } from '../settings-service.js';
import { type ProxyProbePort, probeProxy } from './proxy-probe.js';
import { redactSettings } from './redact-settings.js';

export interface SettingsHandlersPort extends ProxyProbePort {
  settings: SettingsAccess;
}

/** `settings.*`: the redacted settings, the poll interval, retention, proxy and desktop preferences, and a proxy tried first. */
export function settingsHandlers(
  port: SettingsHandlersPort,
): Pick<ApiHandlers, 'settings.get' | 'settings.update' | 'settings.testProxy'> {
  return {
    'settings.get': async () => redactSettings(port.settings.current()),
    'settings.update': async (p) => {
      const { settings } = await port.settings.update((s) => ({
        ...s,
        ...(p.pollIntervalSeconds !== undefined ? { pollIntervalSeconds: p.pollIntervalSeconds } : {}),
        ...(p.retentionDays !== undefined ? { retentionDays: p.retentionDays } : {}),
        // A proxy change that does not mention the bypass list keeps it; an empty list is none.
        ...(p.proxy ? { proxy: applyProxyUpdate(s.proxy, p.proxy) } : {}),
        desktop: { ...s.desktop, ...p.desktop },
      }));
      return redactSettings(settings);
    },
    // The URL shown has no password: the Test tries the proxy with the one that would be kept on saving it.
    'settings.testProxy': async (p) => {
      const current = port.settings.current();
      return probeProxy(current, { ...p, url: effectiveProxyUrl(current.proxy, p) }, port);
    },
  };
}
