import type { FeedFate } from '../../../contract/schemas.js';
import type { ForgeEvent } from '../../events/forge-event.js';
import type { Clock } from '../../runtime/clock.js';
import type { Logger } from '../../runtime/logger.js';
import type { Db } from '../../state/database.js';
import type { FeedStore } from '../../state/feed-store.js';
import type { OutboxRow, OutboxStore } from '../../state/outbox-store.js';
import type { ThreadStore } from '../../state/thread-store.js';
import type { ChannelRateLimiter } from './rate-limiter.js';
import { SlackDeliveryError } from './slack-delivery-error.js';
import type { OutgoingMessage, SlackTransport } from './slack-transport.js';

export interface SlackMessageBody {
  text: string;
  blocks: OutgoingMessage['blocks'];
}

/** The formatting the outbox needs; the engine wires it to electron/core/slack/format. */
export interface MessageFormatter {
  event(event: ForgeEvent, options: { buttons: boolean; fixed: boolean }): SlackMessageBody;
  parent(event: ForgeEvent): SlackMessageBody;
  digest(events: ForgeEvent[], channel: string): SlackMessageBody;
}

/** Payload stored in an outbox row. */
export type OutboxPayload =
  | { kind: 'event'; event: ForgeEvent; threads: boolean; fixed: boolean; buttons: boolean }
  | { kind: 'test'; message: SlackMessageBody }
  | { kind: 'digest'; events: ForgeEvent[] };

export interface DeliveryServiceOptions {
  db: Db;
  outbox: OutboxStore;
  feed: FeedStore;
  threads: ThreadStore;
  limiter: ChannelRateLimiter;
  clock: Clock;
  logger: Logger;
  formatter: MessageFormatter;
  transport: () => SlackTransport | null;
  onFeedChanged: (feedId: number) => void;
  onProblem: (error: SlackDeliveryError | null) => void;
  /** The outbox could not be read or written (full disk, SQLite I/O error): shown as an engine problem. */
  onStorageError?: (error: unknown) => void;
  /** The outbox works again after a storage error. */
  onStorageOk?: () => void;
  /** Wait before the next attempt after a storage error (default 30 s): never a tight crash loop. */
  storageRetryMs?: number;
  /** Max attempts for transient errors before the row is marked failed (it can be retried from the feed). */
  maxAttempts?: number;
}

/**
 * Sends outbox rows to Slack: FIFO per channel (thread parents before replies), parallel across
 * channels, rate-limited per channel, 429 Retry-After honoured, exponential backoff with jitter on
 * transient errors, permanent errors surfaced with a fix. See OutboxStore for the exactly-once argument.
 */
export class DeliveryService {
  private busy = new Set<string>();
  private timer: { cancel(): void } | null = null;
  private inFlight = new Set<Promise<void>>();
  private stopped = true;
  private recovery: Promise<void> | null = null;

  constructor(private readonly o: DeliveryServiceOptions) {}

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

  /** Every pump's promise is handled: a storage error becomes a reported problem and a later retry, not a rejection. */
  private runPump(): void {
    this.pump().then(
      () => this.o.onStorageOk?.(),
      (error: unknown) => this.storageFailed(error),
    );
  }

  private storageFailed(error: unknown): void {
    if (this.o.onStorageError) this.o.onStorageError(error);
    else this.o.logger.error('the outbox could not be read or written', { error });
    // The timer set by a finishing send is replaced: the next pump waits, whatever woke it.
    this.schedule(this.o.storageRetryMs ?? 30_000);
  }

  private async pump(): Promise<void> {
    if (this.stopped) return;
    const transport = this.o.transport();
    if (!transport) return;
    // Every pump waits for the one-time recovery of rows a crash left in `sending`.
    this.recovery ??= this.recoverSending(transport).catch((error: unknown) => {
      this.recovery = null; // tried again by the next pump
      throw error;
    });
    await this.recovery;
    if (this.stopped) return;
    const now = this.o.clock.now();
    let nextWake = Number.POSITIVE_INFINITY;
    for (const head of this.o.outbox.heads()) {
      const lane = transport.kind === 'webhook' ? 'webhook' : head.channel;
      if (this.busy.has(lane)) continue;
      const wait = Math.max(head.nextAttemptAt - now, this.o.limiter.wait(lane));
      if (wait > 0) {
        nextWake = Math.min(nextWake, wait);
        continue;
      }
      this.busy.add(lane);
      this.o.limiter.take(lane);
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

  /** Rows left in `sending` by a crash: find them in Slack before sending again. */
  private async recoverSending(transport: SlackTransport): Promise<void> {
    for (const row of this.o.outbox.heads().filter((r) => r.state === 'sending')) {
      const found = transport.findDelivered
        ? await transport.findDelivered(row.channel, row.deliveryId, row.createdAt)
        : 'unknown';
      if (found && found !== 'unknown') {
        this.o.logger.info('recovered a delivery that reached Slack before a crash', { deliveryId: row.deliveryId });
        this.completed(row, found.channelId, found.ts, null);
      } else {
        if (found === 'unknown')
          this.o.logger.warn('cannot read channel history; resending a message that may already have been posted', {
            deliveryId: row.deliveryId,
          });
        this.o.outbox.markRetry(row.id, this.o.clock.now(), 'recovered after restart');
      }
    }
  }

  /**
   * Rejects only when the outbox itself cannot be written (markSending before the call, or recording the outcome):
   * the caller reports that and retries later. Slack's own failures are recorded by `failed`.
   */
  private async send(transport: SlackTransport, row: OutboxRow, lane: string): Promise<void> {
    this.o.outbox.markSending(row.id);
    try {
      const payload = JSON.parse(row.payload) as OutboxPayload;
      let thread: { channelId: string; ts: string } | null = null;
      let message: SlackMessageBody;
      let subject: string | null = null;
      if (payload.kind === 'event') {
        message = this.o.formatter.event(payload.event, {
          buttons: transport.kind === 'bot' && payload.buttons,
          fixed: payload.fixed,
        });
        if (transport.kind === 'bot' && payload.threads && payload.event.subjectKey) {
          subject = payload.event.subjectKey;
          thread = this.o.threads.get(row.channel, payload.event.accountId, payload.event.repo, subject);
        }
      } else if (payload.kind === 'digest') {
        message = this.o.formatter.digest(payload.events, row.channel);
      } else {
        message = payload.message;
      }
      const posted = await transport.post({
        channel: row.channel,
        ...message,
        ...(thread ? { threadTs: thread.ts } : {}),
        deliveryId: row.deliveryId,
      });
      if (thread && payload.kind === 'event' && transport.update) {
        // Keep the parent current (open → merged/closed, draft → ready). A failure here never loses the reply.
        await transport
          .update(thread.channelId, thread.ts, this.o.formatter.parent(payload.event))
          .catch((error: unknown) => {
            this.o.logger.warn('could not update the thread parent', { error });
          });
      }
      const parentToRemember =
        !thread && subject && payload.kind === 'event' && posted.channelId && posted.ts
          ? { subject, event: payload.event }
          : null;
      let link: string | null = null;
      if (posted.channelId && posted.ts && transport.permalink)
        link = await transport.permalink(posted.channelId, posted.ts);
      this.o.db.transaction(() => {
        if (parentToRemember && posted.channelId && posted.ts) {
          this.o.threads.put(
            row.channel,
            parentToRemember.event.accountId,
            parentToRemember.event.repo,
            parentToRemember.subject,
            { channelId: posted.channelId, ts: posted.ts },
          );
        }
        this.completed(row, posted.channelId, posted.ts, link);
      })();
      this.o.onProblem(null);
    } catch (error) {
      this.failed(row, lane, error);
    }
  }

  private completed(row: OutboxRow, channelId: string | null, ts: string | null, link: string | null): void {
    this.o.outbox.markSent(row.id, channelId, ts);
    if (row.feedId !== null) {
      this.o.feed.update(row.feedId, {
        fate: 'delivered',
        slackLink: link ?? (channelId && ts ? `slack://channel?id=${channelId}&message=${ts}` : null),
      });
      this.o.onFeedChanged(row.feedId);
    }
  }

  private failed(row: OutboxRow, lane: string, error: unknown): void {
    const err =
      error instanceof SlackDeliveryError
        ? error
        : new SlackDeliveryError('internal', error instanceof Error ? error.message : String(error), {
            permanent: false,
          });
    const attempts = row.attempts + 1;
    const maxAttempts = this.o.maxAttempts ?? 12;
    let fate: FeedFate;
    let reason: string;
    let nextAt: number | null = null;
    if (err.permanent || attempts >= maxAttempts) {
      this.o.outbox.markFailed(row.id, err.message);
      fate = 'failed';
      reason = `${err.message}${err.fix ? ` — ${err.fix}` : ''}`;
      this.o.onProblem(err);
      this.o.logger.error('delivery failed', { channel: row.channel, code: err.code, fix: err.fix });
    } else {
      const now = this.o.clock.now();
      const backoff =
        err.options.retryAfterMs ?? Math.min(5 * 60_000, 1000 * 2 ** Math.min(attempts - 1, 9)) * (0.5 + Math.random());
      nextAt = now + backoff;
      if (err.options.retryAfterMs !== undefined) this.o.limiter.block(lane, nextAt);
      this.o.outbox.markRetry(row.id, nextAt, err.message);
      fate = 'retrying';
      reason = err.message;
      this.o.logger.warn('delivery will be retried', {
        channel: row.channel,
        code: err.code,
        inMs: Math.round(backoff),
      });
    }
    if (row.feedId !== null) {
      this.o.feed.update(row.feedId, { fate, reason, nextAttemptAt: nextAt });
      this.o.onFeedChanged(row.feedId);
    }
  }
}
