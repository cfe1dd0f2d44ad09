import type { Db } from './database.js';

/**
 * `held`: kept while notifications are paused; `quiet`: a DM kept for its person's quiet hours (sent as one summary
 * when they end, the rows then `summarised`).
 */
export type OutboxState = 'pending' | 'sending' | 'sent' | 'failed' | 'held' | 'dropped' | 'quiet' | 'summarised';

export interface OutboxRow {
  id: number;
  deliveryId: string;
  feedId: number | null;
  subscriptionId: string | null;
  channel: string;
  /** `reaction`: nothing is posted; a state reaction changes on thread parents (a passing run not reported). */
  kind: 'event' | 'test' | 'digest' | 'dm' | 'dm-summary' | 'reply' | 'reaction';
  payload: string;
  state: OutboxState;
  attempts: number;
  nextAttemptAt: number;
  lastError: string | null;
  sentChannel: string | null;
  sentTs: string | null;
  createdAt: number;
}

interface Raw {
  id: number;
  delivery_id: string;
  feed_id: number | null;
  subscription_id: string | null;
  channel: string;
  kind: string;
  payload: string;
  state: string;
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
  sent_channel: string | null;
  sent_ts: string | null;
  created_at: number;
}

const fromRaw = (r: Raw): OutboxRow => ({
  id: r.id,
  deliveryId: r.delivery_id,
  feedId: r.feed_id,
  subscriptionId: r.subscription_id,
  channel: r.channel,
  kind: r.kind as OutboxRow['kind'],
  payload: r.payload,
  state: r.state as OutboxState,
  attempts: r.attempts,
  nextAttemptAt: r.next_attempt_at,
  lastError: r.last_error,
  sentChannel: r.sent_channel,
  sentTs: r.sent_ts,
  createdAt: r.created_at,
});

/**
 * The delivery outbox. Rows are written in the same transaction as the poll cursor that produced them,
 * so an event is either fully recorded (and will be delivered) or not at all (and will be polled again).
 *
 * States: `pending` (certainly not in Slack) → `sending`, committed before any network call → `sent`, committed
 * as soon as Slack answers (the permalink is fetched after). `sending` therefore means "a post may have reached
 * Slack": a crash mid-send, or a post whose answer was lost (reset, timeout, 5xx), leaves the row there, and the
 * next attempt looks for the message in Slack by its delivery id before it posts again. `failed`, `held` and
 * `dropped` are at rest; a failed row retried from the feed is looked for first if it was ever attempted.
 */
export class OutboxStore {
  constructor(private readonly db: Db) {}

  enqueue(row: {
    deliveryId: string;
    feedId: number | null;
    subscriptionId: string | null;
    channel: string;
    kind: OutboxRow['kind'];
    payload: string;
    state?: 'pending' | 'held' | 'quiet';
    at: number;
  }): number {
    const info = this.db
      .prepare(
        `INSERT OR IGNORE INTO outbox (delivery_id, feed_id, subscription_id, channel, kind, payload, state, next_attempt_at, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        row.deliveryId,
        row.feedId,
        row.subscriptionId,
        row.channel,
        row.kind,
        row.payload,
        row.state ?? 'pending',
        row.at,
        row.at,
      );
    if (info.changes > 0) return Number(info.lastInsertRowid);
    // Already queued under this delivery id: the existing row (lastInsertRowid would name an unrelated one).
    return (this.db.prepare('SELECT id FROM outbox WHERE delivery_id = ?').get(row.deliveryId) as { id: number }).id;
  }

  /** The head of each channel's queue (FIFO per channel keeps thread parents before replies). */
  heads(): OutboxRow[] {
    const rows = this.db
      .prepare(
        `SELECT o.* FROM outbox o JOIN (SELECT channel, MIN(id) AS id FROM outbox WHERE state IN ('pending', 'sending') GROUP BY channel) h ON o.id = h.id`,
      )
      .all() as Raw[];
    return rows.map(fromRaw);
  }

  get(id: number): OutboxRow | null {
    const r = this.db.prepare('SELECT * FROM outbox WHERE id = ?').get(id) as Raw | undefined;
    return r ? fromRaw(r) : null;
  }

  byFeedId(feedId: number): OutboxRow | null {
    const r = this.db.prepare('SELECT * FROM outbox WHERE feed_id = ? ORDER BY id DESC LIMIT 1').get(feedId) as
      Raw | undefined;
    return r ? fromRaw(r) : null;
  }

  markSending(id: number): void {
    this.db.prepare("UPDATE outbox SET state = 'sending', attempts = attempts + 1 WHERE id = ?").run(id);
  }

  markSent(id: number, sentChannel: string | null, sentTs: string | null): void {
    this.db
      .prepare("UPDATE outbox SET state = 'sent', sent_channel = ?, sent_ts = ?, last_error = NULL WHERE id = ?")
      .run(sentChannel, sentTs, id);
  }

  /** Another attempt later; `maybeInSlack` keeps the row in `sending`, so that attempt looks before it posts. */
  markRetry(id: number, nextAttemptAt: number, error: string, maybeInSlack = false): void {
    this.db
      .prepare('UPDATE outbox SET state = ?, next_attempt_at = ?, last_error = ? WHERE id = ?')
      .run(maybeInSlack ? 'sending' : 'pending', nextAttemptAt, error, id);
  }

  /** Slack's ts of the last message sent before this row on the same queue (a lower bound for finding this one). */
  lastSentTsBefore(channel: string, id: number): string | null {
    const row = this.db
      .prepare(
        "SELECT sent_ts FROM outbox WHERE state = 'sent' AND channel = ? AND id < ? AND sent_ts IS NOT NULL ORDER BY id DESC LIMIT 1",
      )
      .get(channel, id) as { sent_ts: string } | undefined;
    return row?.sent_ts ?? null;
  }

  markFailed(id: number, error: string): void {
    this.db.prepare("UPDATE outbox SET state = 'failed', last_error = ? WHERE id = ?").run(error, id);
  }

  /** Back in the queue (a retry from the feed, a held row): a row that was ever attempted is looked for first. */
  requeue(id: number, at: number): void {
    this.db
      .prepare(
        "UPDATE outbox SET state = CASE WHEN attempts > 0 THEN 'sending' ELSE 'pending' END, next_attempt_at = ?, attempts = 0 WHERE id = ? AND state IN ('failed', 'held', 'quiet')",
      )
      .run(at, id);
  }

  held(): OutboxRow[] {
    return (this.db.prepare("SELECT * FROM outbox WHERE state = 'held' ORDER BY id").all() as Raw[]).map(fromRaw);
  }

  /** DMs kept for quiet hours, oldest first (by person: `channel` is the Slack user ID). */
  quiet(): OutboxRow[] {
    return (this.db.prepare("SELECT * FROM outbox WHERE state = 'quiet' ORDER BY id").all() as Raw[]).map(fromRaw);
  }

  setState(ids: number[], state: OutboxState): void {
    const stmt = this.db.prepare('UPDATE outbox SET state = ? WHERE id = ?');
    for (const id of ids) stmt.run(state, id);
  }

  counts(): { pending: number; failed: number; held: number; quiet: number } {
    const rows = this.db
      .prepare(
        "SELECT state, COUNT(*) AS n FROM outbox WHERE state IN ('pending','sending','failed','held','quiet') GROUP BY state",
      )
      .all() as { state: string; n: number }[];
    const get = (s: string): number => rows.find((r) => r.state === s)?.n ?? 0;
    return { pending: get('pending') + get('sending'), failed: get('failed'), held: get('held'), quiet: get('quiet') };
  }

  /** Delivered rows, for tests and the benchmark. */
  sentCount(): number {
    return (this.db.prepare("SELECT COUNT(*) AS n FROM outbox WHERE state = 'sent'").get() as { n: number }).n;
  }
}
