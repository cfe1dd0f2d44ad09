import { memo } from 'react';
import type { FeedDestination, FeedItem } from '../../../../electron/contract/schemas.js';
import { FEED_EVENT_META } from '../../components/event-meta.js';
import { FateBadge, fateIcon, fateLabel } from '../../components/FateBadge.js';
import { Icon } from '../../components/Icon.js';
import { TimeAt } from '../../components/RelativeTime.js';
import { DestinationDetails, type SubscriptionName } from './DestinationDetails.js';
import { destinationDetail, destinationLabel, type PersonName } from './destination-words.js';

/** One destination as a chip: its fate (icon, named for screen readers) and where. */
function DestinationChip({ d, now, personName }: { d: FeedDestination; now: number; personName: PersonName }) {
  return (
    <span className={`dest-chip dest-${d.fate}`} title={destinationDetail(d, now, personName)}>
      <Icon name={fateIcon(d.fate)} label={fateLabel(d.fate)} />
      {destinationLabel(d, personName)}
    </span>
  );
}

export interface FeedRowActions {
  onToggle: (item: FeedItem) => void;
  /** Sends the failed deliveries of the event again: all, or one destination. */
  onRetry: (item: FeedItem, destinationId?: number) => void;
  /** Gives up on one failed destination. */
  onDismiss: (item: FeedItem, destinationId: number) => void;
  subscriptionName: SubscriptionName;
  /** DM destinations are named by the person's name, not their Slack user ID. */
  personName: PersonName;
}

/**
 * One event row with where it went; "Details" opens the full words of every destination (reason, fix, raw error) and
 * the way to fix it. Memoised because the virtual list re-renders on every scroll frame.
 */
export const FeedRow = memo(function FeedRow({
  item,
  now,
  open = false,
  expandable = true,
  busy,
  actions,
}: {
  item: FeedItem;
  now: number;
  open?: boolean;
  /** Offers "Details" (the live feed does; a one-row preview does not). */
  expandable?: boolean;
  busy: boolean;
  actions: FeedRowActions;
}) {
  const meta = FEED_EVENT_META[item.event];
  const only = item.destinations.length === 1 ? item.destinations[0] : undefined;
  const detail = only ? destinationDetail(only, now, actions.personName) : null;
  const failed = item.destinations.filter((d) => d.fate === 'failed').length;
  const detailsId = `feed-details-${item.id}`;
  return (
    <article
      className={`feed-row fate-${item.fate}${open ? ' is-open' : ''}`}
      aria-label={`${meta.label}: ${item.summary}`}
    >
      <div className="feed-head">
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
            {detail !== null ? (
              <span className="feed-detail">{detail}</span>
            ) : (
              <span className="feed-detail feed-destinations">
                {item.destinations.map((d) => (
                  <DestinationChip key={d.id} d={d} now={now} personName={actions.personName} />
                ))}
              </span>
            )}
            {failed > 0 ? (
              <button
                type="button"
                className="btn btn-small feed-action"
                onClick={() => actions.onRetry(item)}
                disabled={busy}
              >
                <Icon name="retry" />
                {busy ? 'Retrying…' : failed > 1 ? `Retry (${failed})` : 'Retry'}
              </button>
            ) : null}
          </div>
        </div>
        {expandable ? (
          <button
            type="button"
            className="btn btn-small btn-ghost feed-toggle"
            aria-expanded={open}
            aria-controls={open ? detailsId : undefined}
            onClick={() => actions.onToggle(item)}
          >
            <Icon name={open ? 'chevronUp' : 'chevronDown'} />
            {open ? 'Less' : 'Details'}
            <span className="visually-hidden">: {item.summary}</span>
          </button>
        ) : null}
      </div>
      {open ? (
        <DestinationDetails
          id={detailsId}
          item={item}
          now={now}
          subscriptionName={actions.subscriptionName}
          personName={actions.personName}
          busy={busy}
          onRetry={actions.onRetry}
          onDismiss={actions.onDismiss}
        />
      ) : null}
    </article>
  );
});
