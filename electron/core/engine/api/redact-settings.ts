import type { RedactedSettings } from '../../../contract/schemas.js';
import { proxyView } from '../../settings/proxy-settings.js';
import type { Settings } from '../../settings/settings-model.js';

/** The settings as the UI may see them: every secret reduced to whether it is set (the proxy URL loses its password). */
export function redactSettings(s: Settings): RedactedSettings {
  return {
    pollIntervalSeconds: s.pollIntervalSeconds,
    retentionDays: s.retentionDays,
    slack: {
      botTokenSet: s.slack.botToken !== null,
      appTokenSet: s.slack.appToken !== null,
      webhookUrlSet: s.slack.webhookUrl !== null,
      apiUrl: s.slack.apiUrl,
      defaultChannel: s.slack.defaultChannel,
      username: s.slack.username,
      iconUrl: s.slack.iconUrl,
      commandUsers: s.slack.commandUsers,
    },
    accounts: s.accounts.map((a) => ({
      id: a.id,
      forge: a.forge,
      apiUrl: a.apiUrl,
      tokenSet: a.token !== null,
      caFile: a.caFile,
      clientId: a.clientId ?? null,
    })),
    owner: s.owner,
    proxy: proxyView(s.proxy),
    desktop: s.desktop,
  };
}
