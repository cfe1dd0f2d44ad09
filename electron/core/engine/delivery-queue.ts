import type { Db } from '../state/database.js';
import type { FeedStore, NewFeedItem } from '../state/feed-store.js';
import type { OutboxRow, OutboxState, OutboxStore } from '../state/outbox-store.js';

export type NewOutboxRow = Parameters<OutboxStore['enqueue']>[0];
export type FeedPatch = Parameters<FeedStore['update']>[1];

/** What a writer may do inside the queue's transaction. */
export interface QueueWriter {
  /** A new feed row; pushed to the UI after the commit. */
  addFeed(item: NewFeedItem): number;
  /** A changed feed row; pushed to the UI after the commit. */
  updateFeed(id: number, patch: FeedPatch): void;
  /** A message to deliver; delivery is woken after the commit. */
  enqueue(row: NewOutboxRow): number;
  /** A failed or held delivery back in the queue (attempts reset); delivery is woken after the commit. */
  requeue(outboxId: number, at: number): void;
  /** Rows held while notifications are paused, oldest first. */
  held(): OutboxRow[];
  /** DMs kept for their people's quiet hours, oldest first. */
  quiet(): OutboxRow[];
  setOutboxState(ids: readonly number[], state: OutboxState): void;
}

/** The port of everything that records notifications: ingest, pause/resume, the test message, feed retry. */
export interface DeliveryQueuePort {
  /**
   * Runs `work` in ONE SQLite transaction — feed rows, outbox rows and any other write made inside (the poll cursor,
   * seen ids) commit together or not at all. Only after the commit are the feed items pushed and delivery woken,
   * so the UI never shows a row that was rolled back and delivery never looks for a row not yet committed.
   */
  write<T>(work: (w: QueueWriter) => T): T;
}

export interface DeliveryQueueDeps {
  db: Db;
  feed: FeedStore;
  outbox: OutboxStore;
  /** Pushes one feed item to the UI. */
  pushFeed: (feedId: number) => void;
  wakeDelivery: () => void;
}

/**
 * The one owner of the invariant "record the feed row, queue the message, push the feed, wake delivery". Writing it
 * once keeps every producer (polls, digests on resume, test messages, retries — and the digests and DMs to come)
 * exactly-once: the outbox row exists if and only if its transaction committed.
 */
export class DeliveryQueue implements DeliveryQueuePort {
  constructor(private readonly deps: DeliveryQueueDeps) {}

  write<T>(work: (w: QueueWriter) => T): T {
    const { db, feed, outbox } = this.deps;
    const touched = new Set<number>();
    let wake = false;
    const writer: QueueWriter = {
      addFeed: (item) => {
        const id = feed.insert(item);
        touched.add(id);
        return id;
      },
      updateFeed: (id, patch) => {
        feed.update(id, patch);
        touched.add(id);
      },
      enqueue: (row) => {
        wake ||= (row.state ?? 'pending') === 'pending';
        return outbox.enqueue(row);
      },
      requeue: (id, at) => {
        outbox.requeue(id, at);
        wake = true;
      },
      held: () => outbox.held(),
      quiet: () => outbox.quiet(),
      setOutboxState: (ids, state) => outbox.setState([...ids], state),
    };
    const result = db.transaction(() => work(writer))();
    for (const id of touched) this.deps.pushFeed(id);
    if (wake) this.deps.wakeDelivery();
    return result;
  }
}
