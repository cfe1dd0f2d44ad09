import type { Dispatcher } from 'undici';
import type { ApiHandlers } from '../../../contract/api.js';
import type { VerifyResult } from '../../../contract/schemas.js';
import { webUrlOf } from '../../forges/repo-reference.js';
import { describeForgotten, type SecretRef } from '../../settings/secret-origins.js';
import { verifyAppToken, verifyBotToken } from '../../slack/connection/slack-verify.js';
import { buildManifest } from '../../slack/manifest/manifest.js';
import { createAppUrl, manifestYaml } from '../../slack/manifest/manifest-yaml.js';
import type { SettingsAccess } from '../settings-service.js';
import { validateSettings } from './validate-settings.js';

export interface SlackHandlersPort {
  settings: SettingsAccess;
  /** Runs a check against a Slack URL over the route the proxy settings give it. */
  slackRoute<T>(url: string, work: (dispatcher: Dispatcher | undefined) => Promise<T>): Promise<T>;
  /** The channels the bot can see, or null without a bot token. */
  listChannels(): Promise<{ id: string; name: string }[]> | null;
}

/** Live checks of whichever Slack tokens were given (before saving them, and by the wizard as you paste). */
async function verifySlackTokens(
  port: SlackHandlersPort,
  p: { botToken?: string | null; appToken?: string | null },
  apiUrl: string,
): Promise<VerifyResult[]> {
  return port.slackRoute(apiUrl, async (dispatcher) => {
    const results: VerifyResult[] = [];
    if (p.botToken) results.push(await verifyBotToken(p.botToken.trim(), apiUrl, dispatcher));
    if (p.appToken) results.push(await verifyAppToken(p.appToken.trim(), apiUrl, dispatcher));
    return results;
  });
}

function combine(results: VerifyResult[]): VerifyResult {
  const ok = results.every((r) => r.ok);
  return { ok, summary: results.map((r) => r.summary).join(' '), details: results.flatMap((r) => r.details) };
}

/** `slack.*`: verify and save tokens, the app manifest, the channel list. */
export function slackHandlers(
  port: SlackHandlersPort,
): Pick<ApiHandlers, 'slack.verify' | 'slack.save' | 'slack.manifest' | 'slack.channels'> {
  return {
    'slack.verify': async (p) => {
      const results = await verifySlackTokens(port, p, port.settings.current().slack.apiUrl);
      if (p.webhookUrl) {
        const ok = /^https?:\/\//.test(p.webhookUrl);
        results.push({
          ok,
          summary: ok
            ? 'Webhook URL looks right; the test notification proves it.'
            : 'A webhook URL starts with https://hooks.slack.com/…',
          details: [],
        });
      }
      if (results.length === 0) return { ok: false, summary: 'Paste a token to verify it.', details: [] };
      return combine(results);
    },
    'slack.save': async (p) => {
      const results = await verifySlackTokens(port, p, p.apiUrl ?? port.settings.current().slack.apiUrl);
      const wrongKind = results.find((r) => !r.ok && r.details.some((d) => d.label === 'Token type'));
      if (wrongKind) return wrongKind;
      // A token that just failed its check never replaces a working one silently (#12.1): only "Save anyway" saves it.
      if (!p.force && results.some((r) => !r.ok)) return combine(results);
      const fresh: SecretRef[] = [];
      if (p.botToken?.trim()) fresh.push('slack.botToken');
      if (p.appToken?.trim()) fresh.push('slack.appToken');
      const { forgotten } = await port.settings.update(
        (s) => {
          const slack = { ...s.slack };
          if (p.botToken !== undefined) slack.botToken = p.botToken?.trim() || null;
          if (p.appToken !== undefined) slack.appToken = p.appToken?.trim() || null;
          if (p.webhookUrl !== undefined) slack.webhookUrl = p.webhookUrl?.trim() || null;
          if (p.defaultChannel !== undefined) slack.defaultChannel = p.defaultChannel?.replace(/^#/, '') || null;
          if (p.username !== undefined) slack.username = p.username;
          if (p.iconUrl !== undefined) slack.iconUrl = p.iconUrl;
          if (p.apiUrl !== undefined) slack.apiUrl = p.apiUrl;
          const next = { ...s, slack };
          validateSettings(next);
          return next;
        },
        { fresh },
      );
      const saved = results.length ? combine(results) : { ok: true, summary: 'Saved.', details: [] };
      if (forgotten.length === 0) return saved;
      const note = describeForgotten(forgotten);
      return {
        ...saved,
        summary: `${saved.summary} ${note}`,
        details: [...saved.details, { ok: false, label: 'Stored tokens', message: note }],
      };
    },
    'slack.manifest': async () => {
      const hosts = port.settings.current().accounts.map((a) => new URL(webUrlOf(a.apiUrl)).host);
      const manifest = buildManifest({ unfurlDomains: hosts });
      return {
        yaml: manifestYaml(manifest),
        json: JSON.stringify(manifest, null, 2),
        createUrl: createAppUrl(manifest),
      };
    },
    'slack.channels': async () => {
      const listing = port.listChannels();
      if (!listing) return { channels: [], error: 'Add the bot token first.' };
      try {
        return { channels: await listing, error: null };
      } catch (error) {
        return { channels: [], error: (error as Error).message };
      }
    },
  };
}
