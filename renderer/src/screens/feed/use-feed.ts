import { useCallback, useEffect, useRef, useState } from 'react';
import type { FeedItem } from '../../../../electron/contract/schemas.js';
import { useConnection, usePush } from '../../api/api-context.js';
import { mergePage, toQuery, upsertFeedItem, type FeedFilter } from './feed-list.js';

export const FIRST_PAGE = 100;
export const NEXT_PAGE = 1000;

export interface FeedState {
  items: readonly FeedItem[];
  total: number;
  loading: boolean;
  loadingMore: boolean;
  error: unknown;
  hasMore: boolean;
  loadMore(): void;
  reload(): void;
  /** Counts rows added live since the last reset (for "N new events" while scrolled away). */
  arrived: number;
  resetArrived(): void;
}

/**
 * The feed for one filter: the first page from `feed.page`, older pages on demand, and live `feed.item`
 * pushes applied on top (upsert by id), also while a page is loading.
 */
export function useFeed(filter: FeedFilter): FeedState {
  const { client: api, epoch } = useConnection();
  const [items, setItems] = useState<readonly FeedItem[]>([]);
  const [total, setTotal] = useState(0);
  const [loading, setLoading] = useState(true);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [hasMore, setHasMore] = useState(false);
  const [arrived, setArrived] = useState(0);
  const [nonce, setNonce] = useState(0);
  const generation = useRef(0);
  const filterRef = useRef(filter);
  filterRef.current = filter;
  // The rows live in a ref (so pushes and pages that land in the same tick compose) and are mirrored to state.
  const itemsRef = useRef<readonly FeedItem[]>(items);
  const commit = useCallback((next: readonly FeedItem[]) => {
    itemsRef.current = next;
    setItems(next);
  }, []);

  useEffect(() => {
    const gen = ++generation.current;
    commit([]);
    setLoading(true);
    setError(null);
    setHasMore(false);
    api.call('feed.page', toQuery(filter, FIRST_PAGE)).then(
      (page) => {
        if (gen !== generation.current) return;
        commit(mergePage(itemsRef.current, page.items));
        setTotal(page.total);
        setHasMore(page.items.length >= FIRST_PAGE);
        setLoading(false);
      },
      (err: unknown) => {
        if (gen !== generation.current) return;
        setError(err);
        setLoading(false);
      },
    );
  }, [api, epoch, nonce, filter, commit]);

  usePush('feed.item', (item) => {
    const result = upsertFeedItem(itemsRef.current, item, filterRef.current);
    if (result.items === itemsRef.current) return;
    commit(result.items);
    if (result.added) {
      setTotal((t) => t + 1);
      setArrived((n) => n + 1);
    }
  });

  const loadMore = useCallback(() => {
    if (loading || loadingMore || !hasMore) return;
    const last = itemsRef.current[itemsRef.current.length - 1];
    if (!last) return;
    const gen = generation.current;
    setLoadingMore(true);
    api.call('feed.page', toQuery(filterRef.current, NEXT_PAGE, last.id)).then(
      (page) => {
        if (gen !== generation.current) return;
        commit(mergePage(itemsRef.current, page.items));
        setHasMore(page.items.length >= NEXT_PAGE);
        setLoadingMore(false);
      },
      (err: unknown) => {
        if (gen !== generation.current) return;
        setError(err);
        setLoadingMore(false);
      },
    );
  }, [api, loading, loadingMore, hasMore, commit]);

  const reload = useCallback(() => setNonce((n) => n + 1), []);
  const resetArrived = useCallback(() => setArrived(0), []);
  return { items, total, loading, loadingMore, error, hasMore, loadMore, reload, arrived, resetArrived };
}
