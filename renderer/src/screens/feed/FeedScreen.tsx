import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { FeedItem } from '../../../../electron/contract/schemas.js';
import { describeError } from '../../api/api-error.js';
import { useApi } from '../../api/api-context.js';
import { Icon } from '../../components/Icon.js';
import { EmptyState, ErrorNote, Loading } from '../../components/StateViews.js';
import { Toast, ToastRegion } from '../../components/Toast.js';
import { useNow } from '../../components/use-now.js';
import { VirtualList, type VirtualListHandle } from '../../components/VirtualList.js';
import { useSlackNames } from '../../data/use-slack-names.js';
import { useSubscriptionList } from '../../data/use-subscription-list.js';
import { useSettings } from '../../app/settings-context.js';
import { useStatus } from '../../app/status-context.js';
import { FailurePanel } from './FailurePanel.js';
import { FeedFilters } from './FeedFilters.js';
import { FeedRow, type FeedRowActions } from './FeedRow.js';
import { isFiltered, NO_FILTER, type FeedFilter } from './feed-list.js';
import { filterFromHash, hashWithFilter } from './feed-url.js';
import { useFeed } from './use-feed.js';

export const FEED_ROW_HEIGHT = 64;

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const handle = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(handle);
  }, [value, ms]);
  return debounced;
}

const getKey = (item: FeedItem) => item.id;

export function FeedScreen() {
  const api = useApi();
  const [initial] = useState(() => filterFromHash(window.location.hash));
  const [base, setBase] = useState<FeedFilter>({ ...initial, text: '' });
  const [text, setText] = useState(initial.text);
  const debouncedText = useDebounced(text, 250);
  const { settings } = useSettings();
  const owner = settings?.owner ?? null;
  const filter = useMemo(() => ({ ...base, text: debouncedText, owner }), [base, debouncedText, owner]);
  // The address follows the filters (replaced, not pushed: Back leaves the feed rather than stepping through filters).
  // It follows what is typed at once (not the debounced search), so it never lags behind a filter set from the address.
  useEffect(() => {
    const hash = hashWithFilter({ ...base, text });
    if (window.location.hash !== hash && /^#\/feed(\?|$)/.test(window.location.hash))
      window.history.replaceState(window.history.state, '', hash);
  }, [base, text]);
  // …and the filters follow the address: one pasted into the open tab, Back/Forward, a link to `#/feed?fate=failed`.
  useEffect(() => {
    const follow = () => {
      if (!/^#\/feed(\?|$)/.test(window.location.hash)) return;
      const next = filterFromHash(window.location.hash);
      setBase((b) =>
        b.repo === next.repo && b.event === next.event && b.fate === next.fate ? b : { ...next, text: '' },
      );
      setText((t) => (t.trim() === next.text ? t : next.text));
    };
    window.addEventListener('hashchange', follow);
    window.addEventListener('popstate', follow);
    return () => {
      window.removeEventListener('hashchange', follow);
      window.removeEventListener('popstate', follow);
    };
  }, []);
  const feed = useFeed(filter);
  const { status } = useStatus();
  const subscriptions = useSubscriptionList();
  const repos = useMemo(() => [...new Set((subscriptions.data ?? []).map((s) => s.repo))].sort(), [subscriptions.data]);
  const now = useNow(10_000);
  const listRef = useRef<VirtualListHandle>(null);
  const [atTop, setAtTop] = useState(true);
  const [retrying, setRetrying] = useState<ReadonlySet<number>>(new Set());
  const [retryError, setRetryError] = useState<string | null>(null);
  const { arrived, resetArrived } = feed;

  useEffect(() => {
    if (atTop) resetArrived();
  }, [atTop, arrived, resetArrived]);

  // Seeing the top of the feed marks it read (the unread badge in the sidebar clears).
  useEffect(() => {
    if (!atTop || document.visibilityState !== 'visible') return;
    const handle = setTimeout(() => {
      api.call('feed.markRead', filter.forMe ? { forYou: true } : {}).catch(() => {});
    }, 500);
    return () => clearTimeout(handle);
  }, [api, atTop, feed.total, filter.forMe]);

  const [openId, setOpenId] = useState<number | null>(null);
  const slackNames = useSlackNames();
  const subsById = useMemo(() => new Map((subscriptions.data ?? []).map((s) => [s.id, s])), [subscriptions.data]);
  const defaultChannel = useSettings().settings?.slack.defaultChannel ?? null;
  const act = useCallback(
    (item: FeedItem, what: 'retry' | 'dismiss', destinationId?: number) => {
      setRetryError(null);
      setRetrying((s) => new Set(s).add(item.id));
      const params = { id: item.id, ...(destinationId !== undefined ? { destinationId } : {}) };
      (what === 'retry' ? api.call('feed.retry', params) : api.call('feed.dismiss', params))
        .catch((err: unknown) =>
          setRetryError(`Could not ${what === 'retry' ? 'retry' : 'dismiss'} “${item.summary}”: ${describeError(err)}`),
        )
        .finally(() =>
          setRetrying((s) => {
            const next = new Set(s);
            next.delete(item.id);
            return next;
          }),
        );
    },
    [api],
  );
  const actions = useMemo<FeedRowActions>(
    () => ({
      onToggle: (item) => setOpenId((id) => (id === item.id ? null : item.id)),
      onRetry: (item, destinationId) => act(item, 'retry', destinationId),
      onDismiss: (item, destinationId) => act(item, 'dismiss', destinationId),
      subscriptionName: (id) => {
        const sub = subsById.get(id);
        if (!sub) return null;
        const channel = sub.channel ?? defaultChannel;
        return channel ? `${sub.repo} → #${channel}` : sub.repo;
      },
      personName: (slackUserId) => slackNames.get(slackUserId) ?? null,
    }),
    [act, subsById, defaultChannel, slackNames],
  );

  const renderRow = useCallback(
    (item: FeedItem) => (
      <FeedRow item={item} now={now} open={item.id === openId} busy={retrying.has(item.id)} actions={actions} />
    ),
    [now, retrying, actions, openId],
  );

  const filtered = isFiltered(filter);
  // Screen readers hear how many events a filter found, once when it has loaded — not every arrival.
  const [announced, setAnnounced] = useState('');
  const totalRef = useRef(feed.total);
  totalRef.current = feed.total;
  useEffect(() => {
    if (feed.loading) return;
    const n = totalRef.current;
    setAnnounced(
      isFiltered(filter)
        ? `${n.toLocaleString()} ${n === 1 ? 'event matches' : 'events match'}`
        : `${n.toLocaleString()} ${n === 1 ? 'event' : 'events'}`,
    );
  }, [feed.loading, filter]);
  let body;
  if (feed.loading && feed.items.length === 0) body = <Loading>Loading the feed…</Loading>;
  else if (feed.error && feed.items.length === 0)
    body = <ErrorNote title="Could not load the feed." error={feed.error} onRetry={feed.reload} />;
  else if (feed.items.length === 0)
    body = filtered ? (
      <EmptyState
        title="No events match these filters."
        action={
          <button
            type="button"
            className="btn"
            onClick={() => {
              setText('');
              setBase(NO_FILTER);
            }}
          >
            Clear filters
          </button>
        }
      />
    ) : (
      <EmptyState title="No events yet.">
        Every event Forgebell sees on your repositories appears here as it happens, with what became of it: delivered,
        filtered (and why), queued or failed.
      </EmptyState>
    );
  else
    body = (
      <div className="feed-list-wrap">
        {!atTop && arrived > 0 ? (
          <button type="button" className="btn btn-primary new-events" onClick={() => listRef.current?.scrollToTop()}>
            <Icon name="arrowUp" />
            {arrived} new {arrived === 1 ? 'event' : 'events'}
          </button>
        ) : null}
        <VirtualList
          ref={listRef}
          items={feed.items}
          rowHeight={FEED_ROW_HEIGHT}
          getKey={getKey}
          renderRow={renderRow}
          label="Events, newest first"
          onEndReached={feed.loadMore}
          onAtTopChange={setAtTop}
          openKey={openId}
        />
      </div>
    );

  return (
    <section className="screen screen-fill" aria-labelledby="feed-title">
      <header className="screen-header">
        <div>
          <h1 id="feed-title">Live feed</h1>
          {/* Not a live region: it changes with every event. The result of a filter is announced once, below. */}
          <p className="screen-sub">
            {feed.loading
              ? 'Loading…'
              : `${feed.total.toLocaleString()} ${feed.total === 1 ? 'event' : 'events'}${filtered ? (feed.total === 1 ? ' matches' : ' match') : ''}`}
            {!atTop ? ' · auto-scroll paused while you read' : ''}
            {feed.loadingMore ? ' · loading older events…' : ''}
          </p>
        </div>
      </header>
      <p className="visually-hidden" role="status">
        {announced}
      </p>
      <FailurePanel groups={status?.failures ?? []} />
      <FeedFilters
        filter={base}
        text={text}
        onText={setText}
        onChange={setBase}
        repos={repos}
        hasOwner={owner !== null || base.forMe}
      />
      {feed.error && feed.items.length > 0 ? <ErrorNote error={feed.error} onRetry={feed.reload} /> : null}
      {body}
      <ToastRegion>
        {retryError ? (
          <Toast
            action={
              <button type="button" className="btn btn-small" onClick={() => setRetryError(null)}>
                Dismiss
              </button>
            }
          >
            {retryError}
          </Toast>
        ) : null}
      </ToastRegion>
    </section>
  );
}
