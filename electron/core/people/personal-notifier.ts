import { REASON_SENTENCES } from '../../contract/vocabulary/people.js';
import type { QueueWriter } from '../engine/delivery-queue.js';
import type { ForgeEvent } from '../events/forge-event.js';
import type { PeopleStore } from '../state/people-store.js';
import type { PeopleDirectory } from './directory.js';
import { DM_WINDOW_MS, dmKey, pipelineSubject } from './dm-key.js';
import { noticeEventName, type PersonalNotice } from './personal-notice.js';
import { isQuiet } from './quiet-hours.js';
import { reasonsFor } from './reasons.js';

/** The payload of a DM's outbox row (delivery-service.ts formats it when it is sent). */
export interface DmPayload {
  kind: 'dm';
  notice: PersonalNotice;
  /** Slack mentions on the DM's card (the subscription's `mentions`; true for inbox items). */
  mentions: boolean;
}

export interface NoticeContext {
  people: PeopleDirectory;
  store: Pick<PeopleStore, 'claimDmKey'>;
  now: number;
  /** The engine's pause (tray/app): held DMs join the digest when it ends; dropped ones are not sent. */
  paused: { mode: 'hold' | 'drop' } | null;
  /**
   * The feed row of the event these DMs are about (made on first use, shared with its channel destinations). Absent
   * (an inbox item): each DM gets a feed row of its own.
   */
  feedFor?: () => number;
}

/** What one event of a subscribed repository tells the people it concerns (before keys and quiet hours). */
export function noticesFromEvent(
  event: ForgeEvent,
  people: PeopleDirectory,
  /** Whether a person (by forge login) may read the repository; asked for mentions only (anyone can be @-mentioned). */
  mayRead: (login: string) => boolean,
): PersonalNotice[] {
  const subject =
    event.subjectKey ?? (event.event === 'pipelines' ? pipelineSubject(event.branch) : `event:${event.id}`);
  return reasonsFor(event, people).flatMap(({ person, reason, qualifier }) => {
    const login = person.accounts[event.accountId] ?? '';
    if (reason === 'mentioned' && !mayRead(login)) return [];
    return [
      {
        reason,
        slack: person.slack,
        account: event.accountId,
        forge: event.forge,
        repo: event.repo,
        repoUrl: event.repoUrl,
        subject,
        qualifier,
        title: event.title,
        url: event.url,
        number: event.number,
        actor: event.actor || null,
        source: 'event',
        event,
      },
    ];
  });
}

/** One DM that was queued: for the owner's desktop notification and the benchmark. */
export interface QueuedNotice {
  notice: PersonalNotice;
  feedId: number;
  /** Held for the person's quiet hours (or the engine's pause). */
  held: boolean;
}

/**
 * Queues one DM per person, subject and reason (the DM key, spent in the same transaction), to the person's Slack user
 * ID: `pending`, or `quiet` while the person's quiet hours last (quiet-release.ts sends them as one summary when they
 * end), or `held` while the engine is paused. Each DM has its feed row. Runs inside the caller's queue transaction.
 */
export function queueNotices(
  w: QueueWriter,
  notices: readonly PersonalNotice[],
  ctx: NoticeContext,
  mentions: boolean,
): QueuedNotice[] {
  const queued: QueuedNotice[] = [];
  for (const notice of notices) {
    const person = ctx.people.bySlack(notice.slack);
    if (!person || !person.notify.includes(notice.reason)) continue;
    const key = dmKey(notice);
    if (!ctx.store.claimDmKey(key, ctx.now, DM_WINDOW_MS[notice.reason])) continue;
    if (ctx.paused?.mode === 'drop') continue;
    const quiet = isQuiet(ctx.now, person);
    const held = quiet || ctx.paused?.mode === 'hold';
    const reason = quiet
      ? `held for ${person.slack}'s quiet hours`
      : ctx.paused
        ? 'notifications are paused'
        : `DM to ${person.slack}: ${REASON_SENTENCES[notice.reason].toLowerCase()}`;
    const feedId =
      ctx.feedFor?.() ??
      w.addEvent({
        eventId: notice.event?.id ?? `${key}@${ctx.now}`,
        event: noticeEventName(notice),
        action: notice.event?.action ?? notice.reason,
        forge: notice.forge,
        repo: notice.repo,
        actor: notice.actor ?? '',
        summary: `${REASON_SENTENCES[notice.reason]}: ${notice.title}`,
        url: notice.url,
        createdAt: notice.event?.createdAt ?? new Date(ctx.now).toISOString(),
      });
    const payload: DmPayload = { kind: 'dm', notice, mentions };
    // A DM is one destination of the event's row: to the person's Slack user ID, with its own fate.
    w.addDestination(
      feedId,
      { kind: 'dm', target: notice.slack, subscriptionId: null, fate: held ? 'held' : 'queued', reason },
      {
        deliveryId: `${key}@${ctx.now}`,
        kind: 'dm',
        payload: JSON.stringify(payload),
        state: quiet ? 'quiet' : ctx.paused ? 'held' : 'pending',
        at: ctx.now,
      },
    );
    queued.push({ notice, feedId, held });
  }
  return queued;
}
