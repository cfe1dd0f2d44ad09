import { DEFAULT_ACTORS } from '../../../contract/vocabulary/people.js';
import { randomUUID } from 'node:crypto';
import type { SettingsAccess } from '../../engine/settings-service.js';
import { subscriptionTarget, type SubscriptionTarget } from '../../engine/subscription-target.js';
import { availableEvents, FORGE_LABELS, unavailableEventReason } from '../../../contract/vocabulary/forges.js';
import { DEFAULT_EVENTS } from '../../../contract/vocabulary/event-names.js';
import type { ForgeAdapter, OwnerListing } from '../../forges/forge-adapter.js';
import { describeRepoPattern, parseRepoPattern } from '../../../contract/vocabulary/repo-pattern.js';
import { resolveRepoReference } from '../../forges/repo-reference.js';
import type { Clock } from '../../runtime/clock.js';
import type { Logger } from '../../runtime/logger.js';
import { type StoredSubscription, subscriptionKey } from '../../settings/settings-model.js';
import { type CommandReply, defineSlashCommand, ephemeral, type Invalid, invalid } from './command-types.js';
import { unwrapLink } from './command-tokens.js';
import { describeSubscription } from './describe-subscription.js';
import { parseSubscriptionWords } from './subscription-words.js';

export interface SubscribeCommandPort {
  settings: SettingsAccess;
  adapter(accountId: string): ForgeAdapter | undefined;
  clock: Clock;
  logger: Logger;
  /** A new pattern subscription's members, from the listing that checked it. */
  primePattern?(sub: StoredSubscription, listing: OwnerListing): void;
  /** How many repositories a pattern subscription follows now, and what to know about it. */
  subscriptionView?(sub: StoredSubscription): { pattern?: { members: number | null; warning: string | null } | null };
}

/** `/forgebell subscribe <repo> [event …] [+label:"name"] [commits:<glob>]`: subscribes this channel (paired users). */
export const subscribeCommand = defineSlashCommand({
  verb: 'subscribe',
  access: 'paired',
  usage: (name) =>
    `• \`${name} subscribe <repo> [event …] [+label:"name"] [commits:<branch-or-glob>]\` — notify this channel`,
  parse: ([first, ...rest]) =>
    first
      ? { repo: unwrapLink(first), ...parseSubscriptionWords(rest, true) }
      : invalid('Say which repository: `subscribe <repo> [event …]`.'),
  run: (parsed, call, port: SubscribeCommandPort): CommandReply | Invalid => {
    if (parsed.problems.length) return invalid(`${parsed.problems.join('; ')}.`);
    const res = resolveRepoReference(parsed.repo, port.settings.current().accounts);
    if (!res.ok) return { ack: ephemeral(res.message) };
    const refused = parsed.events.flatMap((e) => {
      const reason = unavailableEventReason(res.account.forge, e);
      return reason ? [`\`${e}\` is not available on ${FORGE_LABELS[res.account.forge]} accounts: ${reason}`] : [];
    });
    if (refused.length) return { ack: ephemeral(`Cannot subscribe: ${refused.join(' ')}`) };
    return {
      ack: ephemeral(`Subscribing this channel to ${res.account.id}:${res.repo}…`),
      later: async () => {
        const adapter = port.adapter(res.account.id);
        if (!adapter) return ephemeral(`Account ${res.account.id} has no working token.`);
        let target: SubscriptionTarget;
        try {
          target = await subscriptionTarget(adapter, res.repo, port.logger);
        } catch (error) {
          return ephemeral(`Cannot subscribe: ${(error as Error).message}`);
        }
        const { path: repo, sinceSeq, listing } = target;
        const draft = { account: res.account.id, repo, channel: call.channelId };
        const branches = parsed.branches.length ? (parsed.branches.includes('*') ? 'all' : parsed.branches) : null;
        let summary = '';
        let created: StoredSubscription | null = null;
        await port.settings.update((s) => {
          const key = subscriptionKey(draft, s);
          const existing = s.subscriptions.find((x) => subscriptionKey(x, s) === key);
          if (existing) {
            for (const e of parsed.events) if (!existing.events.includes(e)) existing.events.push(e);
            for (const l of parsed.labels) if (!existing.labels.include.includes(l)) existing.labels.include.push(l);
            if (branches) existing.branches = branches;
            existing.enabled = true;
            summary = describeSubscription(existing);
          } else {
            const sub: StoredSubscription = {
              ...draft,
              id: randomUUID(),
              createdAt: new Date(port.clock.now()).toISOString(),
              ...(sinceSeq !== null ? { sinceSeq } : {}),
              enabled: true,
              events: [...new Set([...availableEvents(res.account.forge, DEFAULT_EVENTS), ...parsed.events])],
              channels: {},
              branches: branches ?? 'default',
              labels: { include: parsed.labels, exclude: [], match: 'any' },
              onlyBrokenPipelines: true,
              drafts: false,
              threads: true,
              mentions: true,
              reactions: true,
              actors: { ...DEFAULT_ACTORS },
            };
            s.subscriptions.push(sub);
            created = sub;
            summary = describeSubscription(sub);
          }
          return s;
        });
        const pattern = parseRepoPattern(repo);
        if (!pattern)
          return {
            response_type: 'in_channel',
            text: `<@${call.user}> subscribed this channel to ${repo}\n${summary}`,
          };
        const stored = port.settings
          .current()
          .subscriptions.find((x) => x.id === (created as StoredSubscription | null)?.id);
        if (stored && listing) port.primePattern?.(stored, listing);
        const state = stored ? port.subscriptionView?.(stored).pattern : null;
        const count = state?.members ?? null;
        const now = count === null ? '' : ` (${count} ${count === 1 ? 'repository' : 'repositories'} now)`;
        return {
          response_type: 'in_channel',
          text: [
            `<@${call.user}> subscribed this channel to ${describeRepoPattern(pattern, res.account.forge)}${now}: new ones are picked up within 10 minutes, archived ones are skipped.`,
            summary,
            ...(state?.warning ? [`:warning: ${state.warning}`] : []),
          ].join('\n'),
        };
      },
    };
  },
});
