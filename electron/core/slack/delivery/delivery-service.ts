import type { Clock } from '../../runtime/clock.js';
import type { Logger } from '../../runtime/logger.js';
import type { ForgeEvent } from '../../events/forge-event.js';
import type { Db } from '../../state/database.js';
import type { DestinationPatch, FeedStore } from '../../state/feed-store.js';
import type { OutboxRow, OutboxStore } from '../../state/outbox-store.js';
import type { ThreadStore } from '../../state/thread-store.js';
import { failureWords } from './failure-words.js';
import { ChannelRateLimiter } from './rate-limiter.js';
import { checkedParents, type MessageFormatter, type OutboxPayload, planSend, type SendPlan } from './send-plan.js';
import { SlackDeliveryError } from './slack-delivery-error.js';
import type { PostedMessage, SlackTransport } from './slack-transport.js';

export type { DmSummaryPayload, MessageFormatter, OutboxPayload, SlackMessageBody } from './send-plan.js';

/** Slack's refusals of one DM that no retry can fix: the person is marked, nothing else is held up. */
export const DM_REFUSALS: ReadonlySet<string> = new Set([
  'user_not_found',
  'user_disabled',
  'cannot_dm_bot',
  'messages_tab_disabled',
  'channel_not_found',
  'is_archived',
]);

const isDm = (row: Pick<OutboxRow, 'kind'>): boolean => row.kind === 'dm' || row.kind === 'dm-summary';

export interface DeliveryServiceOptions {
  db: Db;
  outbox: OutboxStore;
  /** Where each outcome is recorded: the feed destination of the delivery. */
  feed: Pick<FeedStore, 'updateByOutbox'>;
  threads: ThreadStore;
  clock: Clock;
  /** Posting pace per channel: Slack allows about one message a second with short bursts. */
  pace?: { perSecond: number; burst: number };
  logger: Logger;
  formatter: MessageFormatter;
  transport: () => SlackTransport | null;
  onFeedChanged: (feedId: number) => void;
  onProblem: (error: SlackDeliveryError | null) => void;
  /** A DM to this Slack user was refused for good (null: one got through). Never the global Slack problem. */
  onDmProblem?: (user: string, error: SlackDeliveryError | null) => void;
  /** The outbox could not be read or written (full disk, SQLite I/O error): shown as an engine problem. */
  onStorageError?: (error: unknown) => void;
  /** The outbox works again after a storage error. */
  onStorageOk?: () => void;
  /** Wait before the next attempt after a storage error (default 30 s): never a tight crash loop. */
  storageRetryMs?: number;
  /** Max attempts for transient errors before the row is marked failed (it can be retried from the feed). */
  maxAttempts?: number;
  /**
   * A message of an issue/PR thread was sent: the parent (channel id, ts) may need another state reaction. Called
   * after the row is recorded, never awaited: reactions have their own lane and never delay delivery.
   */
  onThreadEvent?: (parent: { channelId: string; ts: string }, event: ForgeEvent) => void;
}

/** What the service did about sends that may have reached Slack (a crash mid-send, a lost answer). */
export interface RecoveryCounts {
  /** Rows looked for in Slack before posting again. */
  lookedFor: number;
  /** Found there: recorded as sent, not posted again. */
  found: number;
  /** Certainly not there: posted. */
  absent: number;
  /** Slack could not tell (no history scope, a webhook): posted, possibly a second time. */
  unknown: number;
}

/** Longest wait for a row retried before a restart: the backoff cap (a Retry-After is seconds in practice). */
const MAX_BACKOFF_MS = 5 * 60_000;

/**
 * Sends outbox rows to Slack: FIFO per channel (thread parents before replies), parallel across channels,
 * rate-limited per channel, 429 Retry-After honoured, exponential backoff with jitter on transient errors,
 * permanent errors surfaced with a fix. Waits are measured on the monotonic clock.
 *
 * Exactly once (see OutboxStore): the row is `sending` (committed) before any network call, and `sent` in the
 * transaction right after Slack's answer; nothing else happens between the two (the parent update runs before
 * the post, the permalink after). A row found in `sending` — left by a crash, or by a post whose answer was lost —
 * is looked for in Slack by its delivery id (thread replies in their thread) before it is posted again.
 */
export class DeliveryService {
  readonly recovery: RecoveryCounts = { lookedFor: 0, found: 0, absent: 0, unknown: 0 };
  private busy = new Set<string>();
  private timer: { cancel(): void } | null = null;
  private inFlight = new Set<Promise<void>>();
  private stopped = true;
  /** Monotonic instant each row retried in this process may go again. */
  private retryAt = new Map<number, number>();
  private readonly limiter: ChannelRateLimiter;

  constructor(private readonly o: DeliveryServiceOptions) {
    this.limiter = new ChannelRateLimiter(() => o.clock.monotonic(), o.pace?.perSecond ?? 1, o.pace?.burst ?? 3);
  }

  start(): void {
    this.stopped = false;
    this.wake();
  }

  /** Waits for in-flight sends; queued rows stay in the outbox for the next start. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.timer?.cancel();
    this.timer = null;
    await Promise.allSettled([...this.inFlight]);
  }

  wake(): void {
    this.schedule(0);
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer?.cancel();
    this.timer = this.o.clock.setTimeout(() => this.runPump(), Math.max(0, ms));
  }

  /** A storage error while reading the outbox becomes a reported problem and a later retry, not a crash. */
  private runPump(): void {
    try {
      this.pump();
      this.o.onStorageOk?.();
    } catch (error) {
      this.storageFailed(error);
    }
  }

  private storageFailed(error: unknown): void {
    if (this.o.onStorageError) this.o.onStorageError(error);
    else this.o.logger.error('the outbox could not be read or written', { error });
    // The timer set by a finishing send is replaced: the next pump waits, whatever woke it.
    this.schedule(this.o.storageRetryMs ?? 30_000);
  }

  private pump(): void {
    if (this.stopped) return;
    const transport = this.o.transport();
    if (!transport) return;
    let nextWake = Number.POSITIVE_INFINITY;
    for (const head of this.o.outbox.heads()) {
      const lane = transport.kind === 'webhook' ? 'webhook' : head.channel;
      if (this.busy.has(lane)) continue;
      // Whole milliseconds: a sub-millisecond remainder waits one tick instead of re-arming a zero-delay timer.
      const wait = Math.ceil(Math.max(this.rowWait(head), head.kind === 'reaction' ? 0 : this.limiter.wait(lane)));
      if (wait > 0) {
        nextWake = Math.min(nextWake, wait);
        continue;
      }
      this.busy.add(lane);
      if (head.kind !== 'reaction') this.limiter.take(lane);
      let storageError = false;
      const p = this.send(transport, head, lane)
        .catch((error: unknown) => {
          storageError = true;
          this.storageFailed(error);
        })
        .finally(() => {
          this.busy.delete(lane);
          this.inFlight.delete(p);
          if (!storageError) this.wake();
        });
      this.inFlight.add(p);
    }
    if (Number.isFinite(nextWake)) this.schedule(nextWake);
  }

  /** How long a row must still wait: monotonic for retries made here; a retry from before a restart is capped. */
  private rowWait(row: OutboxRow): number {
    if (row.attempts === 0) return 0;
    const due = this.retryAt.get(row.id);
    if (due !== undefined) return due - this.o.clock.monotonic();
    return Math.min(Math.max(0, row.nextAttemptAt - this.o.clock.now()), MAX_BACKOFF_MS);
  }

  /**
   * Rejects only when the outbox itself cannot be written (`sending` before the call, or `sent` after it): the
   * caller reports that and retries later, and the row, still `sending`, is looked for in Slack first. Slack's own
   * failures are recorded by `failed`.
   */
  private async send(transport: SlackTransport, row: OutboxRow, lane: string): Promise<void> {
    if (row.kind === 'reaction') return this.changeReactions(transport, row);
    // A row already in `sending` may be in Slack: a crash mid-send, or an attempt whose answer was lost.
    let maybeInSlack = row.state === 'sending';
    this.o.outbox.markSending(row.id);
    let plan: SendPlan;
    let posted: PostedMessage | null = null;
    try {
      plan = planSend(row, transport, this.o.formatter, this.o.threads);
      if (plan.parentUpdate && plan.thread && transport.update) {
        // Before the post, so that nothing but the post sits between `sending` and `sent`; repeated harmlessly
        // when the reply is retried. A failure here never holds the reply back.
        await transport
          .update(plan.thread.channelId, plan.thread.ts, plan.parentUpdate)
          .catch((error: unknown) => this.o.logger.warn('could not update the thread parent', { error }));
      }
      if (maybeInSlack) {
        posted = await this.lookFor(transport, row, plan);
        maybeInSlack = false;
      }
      if (!posted) {
        try {
          posted = await transport.post(plan.message);
        } catch (error) {
          maybeInSlack = error instanceof SlackDeliveryError && error.uncertain;
          throw error;
        }
      }
    } catch (error) {
      this.failed(row, lane, error, maybeInSlack);
      return;
    }
    this.recordSent(row, plan, posted);
    if (plan.stateReaction && this.o.onThreadEvent) {
      const parent = plan.startsThread ? { channelId: posted.channelId, ts: posted.ts } : plan.thread;
      if (parent?.channelId && parent.ts)
        this.o.onThreadEvent({ channelId: parent.channelId, ts: parent.ts }, plan.stateReaction);
    }
    // A run/pipeline posted on its own: the pull/merge requests it checked show its result on their thread parents.
    if (plan.checks && this.o.onThreadEvent)
      for (const parent of plan.checks.parents)
        this.o.onThreadEvent({ channelId: parent.channelId, ts: parent.ts }, plan.checks.event);
    if (isDm(row)) this.o.onDmProblem?.(row.channel, null);
    else this.o.onProblem(null);
    await this.addPermalink(transport, row, posted);
  }

  /**
   * A `reaction` row posts nothing: it is marked sent in its turn (behind the failure's card in the channel's order),
   * then hands the thread parents of the pull/merge requests the passing run checked to the reactions lane.
   */
  private changeReactions(transport: SlackTransport, row: OutboxRow): Promise<void> {
    const payload = JSON.parse(row.payload) as OutboxPayload;
    const passed = payload.kind === 'checks-passed' && transport.kind === 'bot' ? payload.event : null;
    this.o.outbox.markSent(row.id, null, null);
    this.retryAt.delete(row.id);
    if (passed && this.o.onThreadEvent)
      for (const parent of checkedParents(row.channel, passed, this.o.threads))
        this.o.onThreadEvent({ channelId: parent.channelId, ts: parent.ts }, passed);
    return Promise.resolve();
  }

  /** The message if Slack has it; null to post. Throws (the row stays `sending`) when Slack cannot be asked now. */
  private async lookFor(transport: SlackTransport, row: OutboxRow, plan: SendPlan): Promise<PostedMessage | null> {
    this.recovery.lookedFor++;
    const where = { deliveryId: row.deliveryId, channel: row.channel, thread: plan.thread?.ts ?? null };
    this.o.logger.info('a send may have reached Slack (interrupted, or its answer was lost); looking for it', where);
    const result = transport.findDelivered
      ? await transport.findDelivered({
          channel: row.channel,
          deliveryId: row.deliveryId,
          threadTs: plan.thread?.ts ?? null,
          afterTs: this.o.outbox.lastSentTsBefore(row.channel, row.id),
          sinceMs: row.createdAt,
        })
      : ({ state: 'unknown', reason: 'an incoming webhook cannot read the channel' } as const);
    if (result.state === 'found') {
      this.recovery.found++;
      this.o.logger.info('found in Slack: recorded as sent, not posted again', { ...where, ts: result.message.ts });
      return result.message;
    }
    if (result.state === 'absent') {
      this.recovery.absent++;
      this.o.logger.info('not in Slack: posting it', where);
      return null;
    }
    this.recovery.unknown++;
    this.o.logger.warn(`cannot tell whether Slack has it (${result.reason}); posting, which may repeat one message`, {
      ...where,
    });
    return null;
  }

  /** One transaction, right after Slack's answer: the row is sent, a new thread parent is remembered (or a used one touched). */
  private recordSent(row: OutboxRow, plan: SendPlan, posted: PostedMessage): void {
    this.o.db.transaction(() => {
      if (plan.startsThread && posted.channelId && posted.ts) {
        const { subject, event } = plan.startsThread;
        this.o.threads.put(row.channel, event.accountId, event.repo, subject, {
          channelId: posted.channelId,
          ts: posted.ts,
        });
      } else if (plan.repliesIn) {
        const { subject, event } = plan.repliesIn;
        this.o.threads.touch(row.channel, event.accountId, event.repo, subject);
      }
      this.o.outbox.markSent(row.id, posted.channelId, posted.ts);
      const slackLink =
        posted.channelId && posted.ts ? `slack://channel?id=${posted.channelId}&message=${posted.ts}` : null;
      if (row.feedId !== null) this.o.feed.updateByOutbox(row.id, { fate: 'delivered', slackLink });
      // A quiet-hours summary delivers every DM it lists: each one's destination.
      for (const outboxId of plan.alsoDeliversOutbox)
        this.o.feed.updateByOutbox(outboxId, {
          fate: 'delivered',
          reason: 'in the summary sent when quiet hours ended',
          slackLink,
        });
    })();
    this.retryAt.delete(row.id);
    if (row.feedId !== null) this.o.onFeedChanged(row.feedId);
    for (const feedId of plan.alsoDelivers) this.o.onFeedChanged(feedId);
  }

  /** The web link for the feed, fetched after the row is recorded as sent (a crash here loses only the link). */
  private async addPermalink(transport: SlackTransport, row: OutboxRow, posted: PostedMessage): Promise<void> {
    if (row.feedId === null || !posted.channelId || !posted.ts || !transport.permalink) return;
    const link = await transport.permalink(posted.channelId, posted.ts).catch(() => null);
    if (!link) return;
    this.o.feed.updateByOutbox(row.id, { fate: 'delivered', slackLink: link });
    this.o.onFeedChanged(row.feedId);
  }

  private failed(row: OutboxRow, lane: string, error: unknown, maybeInSlack: boolean): void {
    const err =
      error instanceof SlackDeliveryError
        ? error
        : new SlackDeliveryError('internal', error instanceof Error ? error.message : String(error), {
            permanent: false,
          });
    const attempts = row.attempts + 1;
    const maxAttempts = this.o.maxAttempts ?? 12;
    let patch: DestinationPatch;
    const refusedDm = isDm(row) && DM_REFUSALS.has(err.code);
    if (err.permanent || refusedDm || attempts >= maxAttempts) {
      this.o.outbox.markFailed(row.id, err.message);
      this.retryAt.delete(row.id);
      patch = { fate: 'failed', ...failureWords(err, attempts), errorCode: err.code, error: err.message };
      if (refusedDm) this.o.onDmProblem?.(row.channel, err);
      else this.o.onProblem(err);
      this.o.logger.error(refusedDm ? 'a DM was refused' : 'delivery failed', {
        channel: row.channel,
        code: err.code,
        fix: err.fix,
      });
    } else {
      const backoff =
        err.options.retryAfterMs ??
        Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.min(attempts - 1, 9)) * (0.5 + Math.random());
      this.retryAt.set(row.id, this.o.clock.monotonic() + backoff);
      const nextAt = this.o.clock.now() + backoff;
      if (err.options.retryAfterMs !== undefined) this.limiter.blockFor(lane, err.options.retryAfterMs);
      this.o.outbox.markRetry(row.id, nextAt, err.message, maybeInSlack);
      patch = { fate: 'retrying', reason: err.message, errorCode: err.code, error: err.message, nextAttemptAt: nextAt };
      this.o.logger.warn('delivery will be retried', {
        channel: row.channel,
        code: err.code,
        inMs: Math.round(backoff),
        ...(maybeInSlack ? { lookFirst: true } : {}),
      });
    }
    if (row.feedId !== null) {
      this.o.feed.updateByOutbox(row.id, patch);
      this.o.onFeedChanged(row.feedId);
    }
  }
}
