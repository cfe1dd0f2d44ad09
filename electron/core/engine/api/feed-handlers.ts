import type { ApiHandlers } from '../../../contract/api.js';
import type { FeedItem, FeedQuery } from '../../../contract/schemas.js';
import { ApiError } from '../../../contract/wire.js';
import type { Clock } from '../../runtime/clock.js';
import type { OutboxRow } from '../../state/outbox-store.js';
import type { DeliveryQueuePort } from '../delivery-queue.js';

export interface FeedHandlersPort {
  clock: Clock;
  feedPage(query: FeedQuery): { items: FeedItem[]; total: number };
  /** The latest delivery of a feed item, if it has one. */
  deliveryOf(feedId: number): Pick<OutboxRow, 'id' | 'state'> | null;
  queue: DeliveryQueuePort;
  /** Everything in the feed so far counts as read (`forYou`: the owner's personal notifications). */
  markRead(forYou?: boolean): void;
}

/** `feed.*`: pages of the feed, retrying a failed delivery, marking the feed read. */
export function feedHandlers(port: FeedHandlersPort): Pick<ApiHandlers, 'feed.page' | 'feed.retry' | 'feed.markRead'> {
  return {
    'feed.page': async (q) => port.feedPage(q),
    'feed.retry': async ({ id }) => {
      const row = port.deliveryOf(id);
      if (!row) throw new ApiError('not_found', 'Nothing to retry for this feed item.');
      if (row.state !== 'failed') throw new ApiError('conflict', `This delivery is ${row.state}, not failed.`);
      port.queue.write((w) => {
        w.requeue(row.id, port.clock.now());
        w.updateFeed(id, { fate: 'queued', reason: 'retry requested' });
      });
      return { ok: true as const };
    },
    'feed.markRead': async ({ forYou }) => {
      port.markRead(forYou === true);
      return { ok: true as const };
    },
  };
}
