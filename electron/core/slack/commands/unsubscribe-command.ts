import type { SettingsAccess } from '../../engine/settings-service.js';
import { resolveRepoReference } from '../../forges/repo-reference.js';
import { subscriptionKey } from '../../settings/settings-model.js';
import { type CommandReply, defineSlashCommand, ephemeral, invalid } from './command-types.js';
import { unwrapLink } from './command-tokens.js';
import { parseSubscriptionWords } from './subscription-words.js';

export interface UnsubscribeCommandPort {
  settings: SettingsAccess;
}

/** `/forgebell unsubscribe <repo> [event …]`: turns events off here, or the whole subscription (paired users). */
export const unsubscribeCommand = defineSlashCommand({
  verb: 'unsubscribe',
  access: 'paired',
  usage: (name) => `• \`${name} unsubscribe <repo> [event …]\` — stop some events, or all of them`,
  parse: ([first, ...rest]) => {
    if (!first) return invalid('Say which repository: `unsubscribe <repo> [event …]`.');
    const { events, problems } = parseSubscriptionWords(rest, false);
    return { repo: unwrapLink(first), events, problems };
  },
  run: (parsed, call, port: UnsubscribeCommandPort): CommandReply => {
    const settings = port.settings.current();
    const res = resolveRepoReference(parsed.repo, settings.accounts);
    if (!res.ok) return { ack: ephemeral(res.message) };
    const keys = [call.channelId, call.channelName ?? null].map((channel) =>
      subscriptionKey({ account: res.account.id, repo: res.repo, channel }, settings),
    );
    const existing = settings.subscriptions.find((x) => keys.includes(subscriptionKey(x, settings)));
    if (!existing) return { ack: ephemeral(`This channel is not subscribed to ${res.account.id}:${res.repo}.`) };
    return {
      ack: ephemeral(`Updating ${res.repo}…`),
      later: async () => {
        await port.settings.update((s) => {
          if (parsed.events.length === 0) s.subscriptions = s.subscriptions.filter((x) => x.id !== existing.id);
          else {
            const sub = s.subscriptions.find((x) => x.id === existing.id);
            if (sub) sub.events = sub.events.filter((e) => !parsed.events.includes(e));
          }
          return s;
        });
        return {
          response_type: 'in_channel',
          text: parsed.events.length
            ? `<@${call.user}> turned off ${parsed.events.join(', ')} for ${res.repo} here.`
            : `<@${call.user}> unsubscribed this channel from ${res.repo}.`,
        };
      },
    };
  },
});
