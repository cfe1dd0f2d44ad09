import type { FeedFate } from '../../contract/vocabulary/feed-fates.js';
import type { BranchContext } from '../events/branch-match.js';
import { channelFor, decide } from '../events/filters.js';
import type { ForgeEvent } from '../events/forge-event.js';
import { summarise } from '../events/summary.js';
import type { PollResult } from '../forges/forge-adapter.js';
import type { StoredSubscription } from '../settings/settings-model.js';
import type { CursorStore } from '../state/cursor-store.js';
import type { OutboxPayload } from '../slack/delivery/delivery-service.js';
import type { PeopleDirectory } from '../people/directory.js';
import { noticesFromEvent, queueNotices, type QueuedNotice } from '../people/personal-notifier.js';
import type { PeopleStore } from '../state/people-store.js';
import type { NewDestination, NewFeedEvent } from '../state/feed-store.js';
import type { DeliveryQueuePort, NewDelivery } from './delivery-queue.js';
import type { ReviewQueue } from '../queue/review-queue.js';
import { compareInstants } from '../events/instant-order.js';

/** What ingest needs for personal notifications (docs/cli-and-config.md §4); absent: nobody is a person. */
export interface PersonalIngest {
  people: PeopleDirectory;
  store: Pick<PeopleStore, 'claimDmKey'>;
  /** Whether a person (forge login) may read this repository: asked before a mention DM (decided before the write). */
  mayRead: (login: string) => boolean;
}

export interface IngestContext {
  queue: DeliveryQueuePort;
  cursors: Pick<CursorStore, 'markSeen' | 'previousPipelineStatus' | 'setPipelineStatus' | 'put'>;
  now: () => number;
  paused: () => { mode: 'hold' | 'drop' } | null;
  /** Fallback channel: slack.defaultChannel, or "(webhook)" when only a webhook is configured. */
  defaultChannel: string | null;
  buttons: boolean;
  personal?: PersonalIngest;
  /** The review queue: the items these events touched are marked dirty in the same transaction (§5). */
  reviewQueue?: Pick<ReviewQueue, 'markDirty'>;
}

/**
 * The instant a subscription starts hearing events: "now" when it was created (or re-enabled). Compared exactly:
 * history recorded just before an import (even in the same second) must never be posted. An event GitHub stamps
 * with a whole second may land just before it only if it happened within a second of the subscription's creation.
 */
export function subscriptionSince(sub: Pick<StoredSubscription, 'createdAt' | 'since'>): number {
  return Date.parse(sub.since ?? sub.createdAt);
}

/**
 * Whether an event happened before the subscription started. Within the subscription's first second, an event from
 * a feed with growing numbers (GitHub, which stamps whole seconds) is compared with the feed position taken when the
 * subscription was made (`sinceSeq`), so an issue opened right after subscribing is heard and one opened right
 * before is not. Without a position the time comparison is exact.
 */
export function isHistoryFor(
  sub: Pick<StoredSubscription, 'createdAt' | 'since' | 'sinceSeq'>,
  event: Pick<ForgeEvent, 'createdAt' | 'seq'>,
): boolean {
  const start = subscriptionSince(sub);
  const at = Date.parse(event.createdAt);
  if (at >= start) return false;
  const sameSecond = at >= Math.floor(start / 1000) * 1000;
  if (sameSecond && sub.since === undefined && sub.sinceSeq !== undefined && event.seq !== undefined)
    return event.seq <= sub.sinceSeq;
  return true;
}

/**
 * Records one poll result atomically: seen ids, one feed row per event with a destination per subscription (the channel
 * it goes to, or would have gone to when filtered), outbox rows and the new cursor in ONE transaction (the delivery
 * queue's). Crash before commit → nothing recorded, the same poll runs again; after → the outbox delivers. Either way
 * no event is lost or recorded twice (seen ids dedupe overlapping polls).
 */
export function ingestPoll(
  ctx: IngestContext,
  account: string,
  repo: string,
  result: PollResult,
  subs: StoredSubscription[],
  branches: BranchContext,
): { feedIds: number[]; queued: number; notices: QueuedNotice[] } {
  const feedIds: number[] = [];
  const notices: QueuedNotice[] = [];
  let queued = 0;
  const people = ctx.personal?.people.logins(account) ?? new Set<string>();
  const sorted = [...result.events].sort((a, b) => compareInstants(a.createdAt, b.createdAt));
  ctx.queue.write((w) => {
    const at = ctx.now();
    for (const event of sorted) {
      // Seen ids are scoped to the repository: an adapter id only has to be unique within one repo.
      if (!ctx.cursors.markSeen(`${repo.toLowerCase()}|${event.id}`, at)) continue;
      const previousPipeline =
        event.event === 'pipelines' && event.branch
          ? ctx.cursors.previousPipelineStatus(account, repo, event.branch)
          : null;
      const listening = subs.filter((sub) => sub.enabled && !isHistoryFor(sub, event));
      // Events read only for people (no subscription asked for their kind) get no channel rows: only their DMs show.
      const forChannels = listening.some((sub) => sub.events.includes(event.event));
      const destinations: { destination: NewDestination; delivery?: NewDelivery }[] = [];
      for (const sub of forChannels ? listening : []) {
        const decision = decide(event, sub, {
          ...branches,
          defaultChannel: ctx.defaultChannel,
          previousPipelineStatus: previousPipeline,
          people,
        });
        if (!decision.deliver) {
          const channel = channelFor(event, sub, ctx.defaultChannel);
          // A passing run not posted: the `x` of an earlier failure still goes, in that failure's channel order.
          if (
            decision.checksPassed &&
            channel &&
            event.checksFor?.length &&
            sub.threads &&
            sub.reactions &&
            !ctx.paused()
          )
            w.enqueue({
              deliveryId: `${event.id}|${sub.id}|checks-passed`,
              feedId: null,
              subscriptionId: sub.id,
              channel,
              kind: 'reaction',
              payload: JSON.stringify({ kind: 'checks-passed', event } satisfies OutboxPayload),
              at,
            });
          destinations.push({
            destination: {
              kind: 'channel',
              target: channelFor(event, sub, ctx.defaultChannel),
              subscriptionId: sub.id,
              fate: 'filtered',
              reason: decision.reason,
            },
          });
          continue;
        }
        const paused = ctx.paused();
        const fate: FeedFate = paused ? (paused.mode === 'hold' ? 'paused' : 'dropped') : 'queued';
        const destination: NewDestination = {
          kind: 'channel',
          target: decision.channel,
          subscriptionId: sub.id,
          fate,
          reason: paused ? 'notifications are paused' : null,
        };
        if (fate === 'dropped') {
          destinations.push({ destination });
          continue;
        }
        const payload: OutboxPayload = {
          kind: 'event',
          event,
          threads: sub.threads,
          fixed: decision.fixed,
          buttons: ctx.buttons,
          mentions: sub.mentions,
          reactions: sub.reactions,
        };
        destinations.push({
          destination,
          delivery: {
            deliveryId: `${event.id}|${sub.id}`,
            kind: 'event',
            payload: JSON.stringify(payload),
            state: fate === 'paused' ? 'held' : 'pending',
            at,
          },
        });
        queued++;
      }
      // One feed row per event, made when it first has a destination: a channel's, or a person's DM below.
      let feedId: number | null = null;
      const eventRow = (): number => {
        if (feedId === null) {
          feedId = w.addEvent(feedEventFor(event));
          feedIds.push(feedId);
        }
        return feedId;
      };
      if (destinations.length > 0) {
        const id = eventRow();
        for (const d of destinations) w.addDestination(id, d.destination, d.delivery);
      }
      if (ctx.personal && listening.length > 0) {
        const personal = ctx.personal;
        const found = noticesFromEvent(event, personal.people, personal.mayRead);
        const done = queueNotices(
          w,
          found,
          { people: personal.people, store: personal.store, now: at, paused: ctx.paused(), feedFor: eventRow },
          listening.some((sub) => sub.mentions),
        );
        notices.push(...done);
        queued += done.length;
      }
      if (event.event === 'pipelines' && event.branch && event.details.kind === 'pipeline') {
        ctx.cursors.setPipelineStatus(account, repo, event.branch, event.details.status, at);
      }
    }
    ctx.reviewQueue?.markDirty(account, repo, sorted);
    ctx.cursors.put(account, repo, result.cursor, at);
  });
  return { feedIds, queued, notices };
}

/** The feed row of a forge event (its destinations are added beside it). */
export function feedEventFor(event: ForgeEvent): NewFeedEvent {
  return {
    eventId: event.id,
    event: event.event,
    action: event.action,
    forge: event.forge,
    repo: event.repo,
    actor: event.actor,
    summary: summarise(event),
    url: event.url,
    createdAt: event.createdAt,
  };
}
