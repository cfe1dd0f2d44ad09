import { randomUUID } from 'node:crypto';
import type { ApiHandlers } from '../../../contract/api.js';
import type { Subscription } from '../../../contract/schemas.js';
import { ApiError } from '../../../contract/wire.js';
import { availableEvents, FORGE_LABELS, unavailableEventReason } from '../../../contract/vocabulary/forges.js';
import { DEFAULT_EVENTS, type EventName } from '../../../contract/vocabulary/event-names.js';
import { DEFAULT_ACTORS } from '../../../contract/vocabulary/people.js';
import type { ForgeAdapter, OwnerListing } from '../../forges/forge-adapter.js';
import { webUrlOf } from '../../forges/repo-reference.js';
import type { Clock } from '../../runtime/clock.js';
import type { Logger } from '../../runtime/logger.js';
import {
  type Settings,
  type StoredSubscription,
  subscriptionChannel,
  subscriptionKey,
} from '../../settings/settings-model.js';
import { formatTestMessage } from '../../slack/format/test-message.js';
import type { DeliveryQueuePort } from '../delivery-queue.js';
import { feedEventFor } from '../ingest.js';
import type { SettingsAccess } from '../settings-service.js';
import { subscriptionTarget } from '../subscription-target.js';
import { validateSettings } from './validate-settings.js';

export interface SubscriptionHandlersPort {
  settings: SettingsAccess;
  clock: Clock;
  logger: Logger;
  adapter(accountId: string): ForgeAdapter | undefined;
  /** A subscription as the UI shows it (forge, last event, error). */
  subscriptionView(sub: StoredSubscription): Subscription;
  queue: DeliveryQueuePort;
  /** Whether Slack can take a message now (a bot token or a webhook is set up). */
  slackReady(): boolean;
  /** A new pattern subscription's members, from the listing that checked it (optional: no patterns without it). */
  primePattern?(sub: StoredSubscription, listing: OwnerListing): void;
  /**
   * A subscription was saved (`before` = how it was, null when new): its channels are checked — what is found shows
   * in its view — and deliveries that failed on a channel it no longer uses are sent to the one it uses now.
   */
  channelsSaved?(sub: StoredSubscription, before: StoredSubscription | null): Promise<void>;
}

/** Refuses event names the account's forge cannot produce, naming each with the reason (the form shows them). */
function checkEventsAvailable(
  forge: Settings['accounts'][number]['forge'],
  events: readonly EventName[] | undefined,
  channels: Partial<Record<EventName, string>> | undefined,
): void {
  const problems = [
    ...(events ?? []).map((name, i) => ({ path: `events[${i}]`, name })),
    ...Object.keys(channels ?? {}).map((name) => ({ path: `channels.${name}`, name })),
  ].flatMap(({ path, name }) => {
    const reason = unavailableEventReason(forge, name);
    return reason
      ? [{ path, message: `"${name}" is not available on ${FORGE_LABELS[forge]} accounts: ${reason}` }]
      : [];
  });
  if (problems.length) throw new ApiError('invalid_params', problems.map((p) => p.message).join(' '), problems);
}

/** `subscriptions.*`: list, add (checked against the forge), change, remove, pause, and send a test message. */
export function subscriptionHandlers(
  port: SubscriptionHandlersPort,
): Pick<
  ApiHandlers,
  | 'subscriptions.list'
  | 'subscriptions.add'
  | 'subscriptions.update'
  | 'subscriptions.remove'
  | 'subscriptions.setEnabled'
  | 'subscriptions.test'
> {
  const settings = (): ReturnType<SettingsAccess['current']> => port.settings.current();
  const nowIso = (): string => new Date(port.clock.now()).toISOString();
  const findSub = (id: string): StoredSubscription => {
    const sub = settings().subscriptions.find((s) => s.id === id);
    if (!sub) throw new ApiError('not_found', `No subscription with id ${id}.`);
    return sub;
  };
  const saveSubs = async (mutate: (subs: StoredSubscription[]) => StoredSubscription[]): Promise<void> => {
    await port.settings.update((s) => {
      const next = { ...s, subscriptions: mutate(s.subscriptions) };
      validateSettings(next);
      return next;
    });
  };

  return {
    'subscriptions.list': async () => settings().subscriptions.map((s) => port.subscriptionView(s)),
    'subscriptions.add': async (p) => {
      const account = settings().accounts.find((a) => a.id === p.account);
      if (!account)
        throw new ApiError('invalid_params', `No account with id "${p.account}".`, [
          { path: 'account', message: 'unknown account' },
        ]);
      checkEventsAvailable(account.forge, p.events, p.channels);
      let repo = p.repo.trim();
      const adapter = port.adapter(account.id);
      let sinceSeq: number | null = null;
      let listing: OwnerListing | null = null;
      if (adapter) {
        try {
          ({ path: repo, sinceSeq, listing } = await subscriptionTarget(adapter, repo, port.logger));
        } catch (error) {
          throw new ApiError('invalid_params', (error as Error).message, [
            { path: 'repo', message: (error as Error).message },
          ]);
        }
      }
      const sub: StoredSubscription = {
        id: randomUUID(),
        createdAt: nowIso(),
        ...(sinceSeq !== null ? { sinceSeq } : {}),
        account: account.id,
        repo,
        ...(p.excludeRepos && p.excludeRepos.length > 0 ? { excludeRepos: p.excludeRepos } : {}),
        enabled: p.enabled ?? true,
        events: p.events ?? availableEvents(account.forge, DEFAULT_EVENTS),
        channel: p.channel ?? null,
        channels: p.channels ?? {},
        branches: p.branches ?? 'default',
        labels: p.labels ?? { include: [], exclude: [], match: 'any' },
        onlyBrokenPipelines: p.onlyBrokenPipelines ?? true,
        drafts: p.drafts ?? false,
        threads: p.threads ?? true,
        mentions: p.mentions ?? true,
        reactions: p.reactions ?? true,
        actors: p.actors ?? { ...DEFAULT_ACTORS },
      };
      const now = settings();
      if (now.subscriptions.some((s) => subscriptionKey(s, now) === subscriptionKey(sub, now))) {
        throw new ApiError(
          'conflict',
          `${repo} already notifies #${subscriptionChannel(sub, now)}; edit that subscription instead.`,
        );
      }
      await saveSubs((subs) => [...subs, sub]);
      if (listing) port.primePattern?.(findSub(sub.id), listing);
      await port.channelsSaved?.(sub, null);
      return port.subscriptionView(findSub(sub.id));
    },
    'subscriptions.update': async ({ id, patch }) => {
      const before = findSub(id);
      const forge = settings().accounts.find((a) => a.id === before.account)?.forge;
      if (forge) checkEventsAvailable(forge, patch.events, patch.channels);
      const since = patch.enabled === true && !before.enabled ? { since: nowIso() } : {};
      await saveSubs((subs) =>
        subs.map((s) =>
          s.id === id
            ? { ...s, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)), ...since }
            : s,
        ),
      );
      await port.channelsSaved?.(findSub(id), before);
      return port.subscriptionView(findSub(id));
    },
    'subscriptions.remove': async ({ id }) => {
      findSub(id);
      await saveSubs((subs) => subs.filter((s) => s.id !== id));
      return { ok: true as const };
    },
    'subscriptions.setEnabled': async ({ id, enabled }) => {
      findSub(id);
      const since = nowIso();
      await saveSubs((subs) =>
        subs.map((s) => (s.id === id ? { ...s, enabled, ...(enabled && !s.enabled ? { since } : {}) } : s)),
      );
      return port.subscriptionView(findSub(id));
    },
    'subscriptions.test': async ({ id }) => {
      const sub = findSub(id);
      const s = settings();
      const channel = subscriptionChannel(sub, s) ?? (s.slack.webhookUrl ? '(webhook)' : null);
      if (!channel)
        throw new ApiError('invalid_params', 'This subscription has no channel and there is no default channel.');
      if (!port.slackReady())
        throw new ApiError('failed', 'Slack is not set up: add the bot token or a webhook first.');
      const account = s.accounts.find((a) => a.id === sub.account);
      const deliveryId = `test|${randomUUID()}`;
      const repoUrl = account ? `${webUrlOf(account.apiUrl)}/${sub.repo}` : '';
      const feedId = port.queue.write((w) => {
        const fid = w.addEvent({
          ...feedEventFor({
            id: deliveryId,
            accountId: sub.account,
            forge: account?.forge ?? 'github',
            repo: sub.repo,
            repoUrl,
            event: sub.events[0] ?? 'issues',
            action: 'test',
            subjectKey: null,
            number: null,
            title: 'Test notification',
            url: repoUrl || 'https://example.invalid/',
            actor: 'Forgebell',
            createdAt: nowIso(),
            state: null,
            labels: [],
            branch: null,
            draft: false,
            confidential: false,
            details: { kind: 'none' },
          }),
          summary: `Test notification for ${sub.repo}`,
        });
        w.addDestination(
          fid,
          { kind: 'channel', target: channel, subscriptionId: sub.id, fate: 'queued' },
          {
            deliveryId,
            kind: 'test',
            payload: JSON.stringify({ kind: 'test', message: formatTestMessage(sub) }),
            at: port.clock.now(),
          },
        );
        return fid;
      });
      return { feedId };
    },
  };
}
