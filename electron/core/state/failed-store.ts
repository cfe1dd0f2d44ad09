import type { FixPlace } from '../../contract/vocabulary/delivery-errors.js';
import type { Db } from './database.js';

/** A delivery that failed for good and waits for the user: its outbox row, and its feed destination if it has one. */
export interface FailedDelivery {
  outboxId: number;
  /** null for a message without a feed row (the digest sent when a pause ends). */
  destinationId: number | null;
  feedId: number | null;
  subscriptionId: string | null;
  target: string;
  kind: 'event' | 'test' | 'digest';
  /** The error code: Slack's (`channel_not_found`), or the transport's (`network`); null when unknown. */
  code: string | null;
  reason: string | null;
  fix: string | null;
  fixAt: FixPlace | null;
  error: string | null;
}

interface Raw {
  outbox_id: number;
  destination_id: number | null;
  feed_id: number | null;
  subscription_id: string | null;
  channel: string;
  kind: string;
  last_error: string | null;
  error_code: string | null;
  reason: string | null;
  fix: string | null;
  fix_at: string | null;
  error: string | null;
}

/** The code a failure without a destination (or from before codes were kept) carries in its message: "Slack: code". */
const codeIn = (message: string | null): string | null =>
  /^Slack(?: webhook)?: ([a-z_]+)/.exec(message ?? '')?.[1] ?? null;

/**
 * Reads the deliveries that are failed right now — what the status counts and the feed groups by cause. The outbox
 * row is the truth (state `failed`); the destination adds the words.
 */
export class FailedStore {
  constructor(private readonly db: Db) {}

  list(filter: { feedId?: number; destinationId?: number; subscriptionId?: string } = {}): FailedDelivery[] {
    const where = ["o.state = 'failed'"];
    if (filter.feedId !== undefined) where.push('o.feed_id = @feedId');
    if (filter.destinationId !== undefined) where.push('d.id = @destinationId');
    if (filter.subscriptionId !== undefined) where.push('o.subscription_id = @subscriptionId');
    const rows = this.db
      .prepare(
        `SELECT o.id AS outbox_id, d.id AS destination_id, o.feed_id, o.subscription_id, o.channel, o.kind,
                o.last_error, d.error_code, d.reason, d.fix, d.fix_at, d.error
         FROM outbox o LEFT JOIN feed_destinations d ON d.outbox_id = o.id
         WHERE ${where.join(' AND ')} ORDER BY o.id`,
      )
      .all(filter) as Raw[];
    return rows.map((r) => ({
      outboxId: r.outbox_id,
      destinationId: r.destination_id,
      feedId: r.feed_id,
      subscriptionId: r.subscription_id,
      target: r.channel,
      kind: r.kind as FailedDelivery['kind'],
      code: r.error_code ?? codeIn(r.last_error),
      reason: r.reason ?? r.last_error,
      fix: r.fix,
      fixAt: r.fix_at as FixPlace | null,
      error: r.error ?? r.last_error,
    }));
  }

  /** What an outbox row carries, for re-addressing (the event's name decides its channel). */
  payloadOf(outboxId: number): string | null {
    const row = this.db.prepare('SELECT payload FROM outbox WHERE id = ?').get(outboxId) as
      { payload: string } | undefined;
    return row?.payload ?? null;
  }

  /** Sends a failed delivery to another channel from now on (its outbox row and its destination). */
  readdress(failed: Pick<FailedDelivery, 'outboxId' | 'destinationId'>, target: string): void {
    this.db.prepare("UPDATE outbox SET channel = ? WHERE id = ? AND state = 'failed'").run(target, failed.outboxId);
    if (failed.destinationId !== null)
      this.db.prepare('UPDATE feed_destinations SET target = ? WHERE id = ?').run(target, failed.destinationId);
  }
}
