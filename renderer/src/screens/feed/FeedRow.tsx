import { memo } from 'react';
import type { FeedItem } from '../../../../electron/contract/schemas.js';
import { FEED_EVENT_META } from '../../components/event-meta.js';
import { FateBadge } from '../../components/FateBadge.js';
import { Icon } from '../../components/Icon.js';
import { formatRelative } from '../../components/time-format.js';
import { TimeAt } from '../../components/RelativeTime.js';

/** The words after the fate badge: where it went, why it was filtered, when it is tried again. */
export function fateDetail(item: FeedItem, now: number): string {
  const next = item.nextAttemptAt ? `next attempt ${formatRelative(item.nextAttemptAt, now)}` : null;
  switch (item.fate) {
    case 'delivered':
      return item.channel ? (/^[UW][A-Z0-9]+$/.test(item.channel) ? 'as a DM' : `to #${item.channel}`) : 'to Slack';
    case 'filtered':
      return item.reason ?? 'no subscription wants this event';
    case 'queued':
      return [item.reason ?? 'waiting to send', next].filter(Boolean).join(' · ');
    case 'retrying':
      return [item.reason, next].filter(Boolean).join(' · ') || 'will retry';
    case 'failed':
      return item.reason ?? 'delivery failed';
    case 'paused':
      return item.reason ?? 'held while notifications are paused';
    case 'dropped':
      return item.reason ?? 'dropped while notifications were paused';
    case 'held':
      return item.reason ?? 'held for quiet hours';
    case 'notice':
      return item.reason ?? 'not sent to Slack';
  }
}

/** One event row; memoised because the virtual list re-renders on every scroll frame. */
export const FeedRow = memo(function FeedRow({
  item,
  now,
  retrying,
  onRetry,
}: {
  item: FeedItem;
  now: number;
  retrying: boolean;
  onRetry: (item: FeedItem) => void;
}) {
  const meta = FEED_EVENT_META[item.event];
  const detail = fateDetail(item, now);
  return (
    <article className={`feed-row fate-${item.fate}`} aria-label={`${meta.label}: ${item.summary}`}>
      <span className="feed-icon" title={meta.label}>
        <Icon name={meta.icon} label={meta.label} />
      </span>
      <div className="feed-main">
        <div className="feed-line1">
          <a className="feed-summary" href={item.url} target="_blank" rel="noreferrer noopener">
            {item.summary}
          </a>
          <TimeAt iso={item.createdAt} now={now} className="feed-time" />
        </div>
        <div className="feed-line2">
          <span className="feed-repo">{item.repo}</span>
          <span className="feed-actor">{item.actor}</span>
          <FateBadge fate={item.fate} />
          <span className="feed-detail" title={detail}>
            {detail}
          </span>
          {item.slackLink ? (
            <a className="feed-action" href={item.slackLink} target="_blank" rel="noreferrer noopener">
              <Icon name="external" />
              Open in Slack
            </a>
          ) : null}
          {item.fate === 'failed' ? (
            <button
              type="button"
              className="btn btn-small feed-action"
              onClick={() => onRetry(item)}
              disabled={retrying}
            >
              <Icon name="retry" />
              {retrying ? 'Retrying…' : 'Retry'}
            </button>
          ) : null}
        </div>
      </div>
    </article>
  );
});
