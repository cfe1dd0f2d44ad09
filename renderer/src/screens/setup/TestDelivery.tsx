import { useEffect, useState } from 'react';
import type { FeedItem, Subscription } from '../../../../electron/contract/schemas.js';
import { useApi, usePush } from '../../api/api-context.js';
import { describeError } from '../../api/api-error.js';
import { Icon } from '../../components/Icon.js';
import { Note } from '../../components/StateViews.js';
import { useNow } from '../../components/use-now.js';
import { FeedRow } from '../feed/FeedRow.js';

const ARRIVAL_TIMEOUT_MS = 20_000;

/** "Send a test notification", then the feed row for it as it arrives and changes fate (queued → delivered). */
export function TestDelivery({
  subscription,
  onOpenFeed,
  onChangeSubscription,
}: {
  subscription: Subscription;
  onOpenFeed: () => void;
  /** Back to the subscription's fields (a wrong channel is fixed there, not by retrying). */
  onChangeSubscription?: () => void;
}) {
  const api = useApi();
  const now = useNow(1_000);
  const [seen, setSeen] = useState<ReadonlyMap<number, FeedItem>>(new Map());
  const [feedId, setFeedId] = useState<number | null>(null);
  const [sentAt, setSentAt] = useState<number | null>(null);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [retrying, setRetrying] = useState(false);

  usePush('feed.item', (item) => {
    if (item.id !== feedId && !item.destinations.some((d) => d.subscriptionId === subscription.id)) return;
    setSeen((m) => new Map(m).set(item.id, item));
  });

  const send = () => {
    setSending(true);
    setError(null);
    setFeedId(null);
    api
      .call('subscriptions.test', { id: subscription.id })
      .then((r) => {
        setFeedId(r.feedId);
        setSentAt(Date.now());
      })
      .catch(setError)
      .finally(() => setSending(false));
  };

  const item = feedId !== null ? seen.get(feedId) : undefined;
  const [lateCheck, setLateCheck] = useState<FeedItem | null>(null);
  // In case the push raced ahead of the answer or the connection blinked: look the row up once.
  useEffect(() => {
    if (feedId === null || item) return;
    const handle = setTimeout(() => {
      api
        .call('feed.page', { limit: 50 })
        .then((page) => setLateCheck(page.items.find((i) => i.id === feedId) ?? null))
        .catch(() => {});
    }, 3_000);
    return () => clearTimeout(handle);
  }, [api, feedId, item]);
  const row = item ?? (lateCheck?.id === feedId ? lateCheck : undefined);
  // The test message has one destination: the subscription's channel.
  const sent = row?.destinations[0];
  const waitedTooLong = feedId !== null && !row && sentAt !== null && now - sentAt > ARRIVAL_TIMEOUT_MS;

  return (
    <div className="test-delivery">
      <div className="row-actions">
        <button type="button" className="btn btn-primary" onClick={send} disabled={sending}>
          <Icon name="send" />
          {sending ? 'Sending…' : feedId !== null ? 'Send another test' : 'Send a test notification'}
        </button>
      </div>
      {error ? <Note tone="error">The test could not be sent: {describeError(error)}</Note> : null}
      <div aria-live="polite">
        {feedId !== null && !row && !waitedTooLong ? (
          <p className="muted with-icon">
            <Icon name="spinner" className="spin" /> Waiting for it to appear in the feed…
          </p>
        ) : null}
        {waitedTooLong ? (
          <Note tone="warn">
            The test has not reached the feed after 20 seconds. Open Diagnostics to see what Forgebell can reach.
          </Note>
        ) : null}
        {row ? (
          <>
            <div className="feed-preview">
              <FeedRow
                item={row}
                now={now}
                expandable={false}
                busy={retrying}
                actions={{
                  onToggle: () => undefined,
                  onRetry: (i) => {
                    setRetrying(true);
                    api
                      .call('feed.retry', { id: i.id })
                      .catch(setError)
                      .finally(() => setRetrying(false));
                  },
                  onDismiss: () => undefined,
                  subscriptionName: () => `${subscription.repo}`,
                  personName: () => null,
                }}
              />
            </div>
            {row.fate === 'delivered' ? (
              <Note tone="ok">
                It arrived{sent?.target ? ` in #${sent.target}` : ''} — you are set up.{' '}
                {sent?.slackLink ? (
                  <a href={sent.slackLink} target="_blank" rel="noreferrer noopener">
                    See it in Slack
                  </a>
                ) : null}
              </Note>
            ) : row.fate === 'failed' ? (
              <Note tone="error">
                Slack refused it: {sent?.reason ?? 'unknown error'} {sent?.fix ?? ''}{' '}
                {sent?.fixAt === 'subscription' && onChangeSubscription ? (
                  <button type="button" className="link-button" onClick={onChangeSubscription}>
                    Change the channel
                  </button>
                ) : sent?.fixAt === 'slack' ? (
                  <a href="#/setup/slack">Fix in Setup → Slack</a>
                ) : null}
              </Note>
            ) : null}
          </>
        ) : null}
      </div>
      {row?.fate === 'delivered' ? (
        <div className="row-actions">
          <button type="button" className="btn" onClick={onOpenFeed}>
            Open the live feed
          </button>
        </div>
      ) : null}
    </div>
  );
}
