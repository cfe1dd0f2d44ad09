import type { ApiHandlers } from '../../../contract/api.js';
import type { FeedItem, FeedQuery } from '../../../contract/schemas.js';
import { ApiError } from '../../../contract/wire.js';
import type { DestinationRef } from '../../state/feed-store.js';
import type { FailedDeliveries } from '../failed-deliveries.js';

export interface FeedHandlersPort {
  feedPage(query: FeedQuery): { items: FeedItem[]; total: number };
  /** The destinations of one feed item (an event). */
  destinationsOf(feedId: number): DestinationRef[];
  /** Failed deliveries: retried or dismissed by cause, by event or one by one. */
  failures: Pick<FailedDeliveries, 'retry' | 'dismiss'>;
  /** Everything in the feed so far counts as read (`forYou`: the owner's personal notifications). */
  markRead(forYou?: boolean): void;
}

/** `feed.*`: pages of the feed, retrying or dismissing failed deliveries, marking the feed read. */
export function feedHandlers(
  port: FeedHandlersPort,
): Pick<ApiHandlers, 'feed.page' | 'feed.retry' | 'feed.retryFailed' | 'feed.dismiss' | 'feed.markRead'> {
  /** Why nothing of this item (or destination) can be retried or dismissed: it does not exist, or nothing failed. */
  const nothingFailed = (id: number, destinationId: number | undefined): ApiError => {
    const all = port.destinationsOf(id);
    const chosen = destinationId === undefined ? all : all.filter((d) => d.id === destinationId);
    if (chosen.length === 0)
      return new ApiError('not_found', destinationId === undefined ? 'No such feed item.' : 'No such destination.');
    return new ApiError(
      'conflict',
      chosen.length === 1 ? `This delivery is ${chosen[0]?.fate}, not failed.` : 'Nothing of this event failed.',
    );
  };
  return {
    'feed.page': async (q) => port.feedPage(q),
    'feed.retry': async ({ id, destinationId }) => {
      const retried = port.failures.retry({ feedId: id, ...(destinationId !== undefined ? { destinationId } : {}) });
      if (retried === 0) throw nothingFailed(id, destinationId);
      return { ok: true as const };
    },
    'feed.retryFailed': async ({ code }) => ({
      retried: port.failures.retry(code === undefined ? {} : { code }),
    }),
    'feed.dismiss': async ({ code, id, destinationId }) => {
      if (id === undefined && destinationId !== undefined)
        throw new ApiError('invalid_params', 'A destination is named with its feed item (id).');
      const dismissed = port.failures.dismiss({
        ...(code !== undefined ? { code } : {}),
        ...(id !== undefined ? { feedId: id } : {}),
        ...(destinationId !== undefined ? { destinationId } : {}),
      });
      if (dismissed === 0 && id !== undefined) throw nothingFailed(id, destinationId);
      return { dismissed };
    },
    'feed.markRead': async ({ forYou }) => {
      port.markRead(forYou === true);
      return { ok: true as const };
    },
  };
}
