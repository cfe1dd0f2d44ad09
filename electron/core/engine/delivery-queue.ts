import type { Db } from '../state/database.js';
import type { DestinationPatch, FeedStore, NewDestination, NewFeedEvent } from '../state/feed-store.js';
import type { OutboxRow, OutboxState, OutboxStore } from '../state/outbox-store.js';

export type NewOutboxRow = Parameters<OutboxStore['enqueue']>[0];
/** A message for one destination: its outbox row, addressed to the destination's target. */
export type NewDelivery = Pick<NewOutboxRow, 'deliveryId' | 'kind' | 'payload' | 'state' | 'at'>;

/** What a writer may do inside the queue's transaction. */
export interface QueueWriter {
  /** A new feed row (one forge event); pushed to the UI after the commit. */
  addEvent(event: NewFeedEvent): number;
  /**
   * One destination of that event, with the message to deliver there if any (its outbox row names the event, the
   * destination's subscription and target). Returns the destination's id. The event is pushed after the commit;
   * delivery is woken when a pending message was queued.
   */
  addDestination(feedId: number, destination: NewDestination, delivery?: NewDelivery): number;
  /** A destination's new fate (by its id); its event is pushed after the commit. */
  updateDestination(id: number, patch: DestinationPatch): void;
  /** The same, for the destination an outbox row delivers to. */
  updateDelivery(outboxId: number, patch: DestinationPatch): void;
  /** A message with no feed row (a digest); delivery is woken after the commit. */
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
   * Runs `work` in ONE SQLite transaction — feed rows, their destinations, outbox rows and any other write made inside
   * (the poll cursor, seen ids) commit together or not at all. Only after the commit are the feed items pushed and
   * delivery woken, so the UI never shows a row that was rolled back and delivery never looks for a row not yet
   * committed.
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
 * The one owner of the invariant "record the feed row and its destinations, queue the messages, push the feed, wake
 * delivery". Writing it once keeps every producer (polls, digests on resume, test messages, retries — and the DMs to
 * come) exactly-once: the outbox row exists if and only if its transaction committed.
 */
export class DeliveryQueue implements DeliveryQueuePort {
  constructor(private readonly deps: DeliveryQueueDeps) {}

  write<T>(work: (w: QueueWriter) => T): T {
    const { db, feed, outbox } = this.deps;
    const touched = new Set<number>();
    let wake = false;
    const enqueue = (row: NewOutboxRow): number => {
      wake ||= (row.state ?? 'pending') === 'pending';
      return outbox.enqueue(row);
    };
    const writer: QueueWriter = {
      addEvent: (event) => {
        const id = feed.insertEvent(event);
        touched.add(id);
        return id;
      },
      addDestination: (feedId, destination, delivery) => {
        let outboxId: number | null = null;
        if (delivery) {
          if (!destination.target) throw new Error('a destination with a message needs a target');
          outboxId = enqueue({
            ...delivery,
            feedId,
            subscriptionId: destination.subscriptionId,
            channel: destination.target,
          });
        }
        touched.add(feedId);
        return feed.addDestination(feedId, { ...destination, outboxId });
      },
      updateDestination: (id, patch) => {
        const feedId = feed.updateDestination(id, patch);
        if (feedId !== null) touched.add(feedId);
      },
      updateDelivery: (outboxId, patch) => {
        const feedId = feed.updateByOutbox(outboxId, patch);
        if (feedId !== null) touched.add(feedId);
      },
      enqueue,
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
