import type { FeedDestination, FeedItem } from '../../../../electron/contract/schemas.js';
import { FateBadge } from '../../components/FateBadge.js';
import { Icon } from '../../components/Icon.js';
import { formatRelative } from '../../components/time-format.js';
import { destinationLabel, type PersonName } from './destination-words.js';
import { fixLink } from './fix-link.js';

/** What a row needs to say which subscription sent (or filtered) an event: "octo/app → #ci-alerts". */
export type SubscriptionName = (subscriptionId: string) => string | null;

function Destination({
  d,
  now,
  subscriptionName,
  personName,
  busy,
  onRetry,
  onDismiss,
}: {
  d: FeedDestination;
  now: number;
  subscriptionName: SubscriptionName;
  personName: PersonName;
  busy: boolean;
  onRetry: () => void;
  onDismiss: () => void;
}) {
  const via = d.subscriptionId ? (subscriptionName(d.subscriptionId) ?? 'a subscription since deleted') : null;
  const link =
    d.fate === 'failed'
      ? fixLink(d.fixAt, { subscriptionId: d.subscriptionId, target: d.target })
      : d.fate === 'filtered' && d.subscriptionId
        ? fixLink('subscription', { subscriptionId: d.subscriptionId })
        : null;
  return (
    <li className={`dest-detail dest-detail-${d.fate}`}>
      <div className="dest-detail-head">
        <FateBadge fate={d.fate} />
        <strong>{destinationLabel(d, personName)}</strong>
        {via ? (
          <span className="muted">
            {d.fate === 'filtered' ? 'filtered by' : 'by'} the subscription {via}
          </span>
        ) : null}
      </div>
      {d.reason ? <p className="dest-reason">{d.reason}</p> : null}
      {d.fate === 'retrying' && d.nextAttemptAt ? (
        <p className="dest-reason">Next attempt {formatRelative(d.nextAttemptAt, now)}.</p>
      ) : null}
      {d.fix ? (
        <p className="dest-fix">
          <strong>What to do:</strong> {d.fix}
        </p>
      ) : null}
      {d.error && d.fate !== 'delivered' ? (
        <p className="dest-raw">
          Raw error: <code>{d.error}</code>
        </p>
      ) : null}
      {link || d.fate === 'failed' || d.slackLink ? (
        <div className="dest-actions">
          {link ? (
            <a className="btn btn-small" href={link.href}>
              {link.label}
            </a>
          ) : null}
          {d.fate === 'failed' ? (
            <>
              <button type="button" className="btn btn-small" disabled={busy} onClick={onRetry}>
                <Icon name="retry" />
                Retry
              </button>
              <button
                type="button"
                className="btn btn-small btn-ghost"
                disabled={busy}
                onClick={onDismiss}
                aria-label={`Dismiss: do not send to ${destinationLabel(d, personName)}`}
              >
                Dismiss
              </button>
            </>
          ) : null}
          {d.slackLink ? (
            <a className="btn btn-small btn-ghost" href={d.slackLink} target="_blank" rel="noreferrer noopener">
              <Icon name="external" />
              Open in Slack
            </a>
          ) : null}
        </div>
      ) : null}
    </li>
  );
}

/** The open part of a feed row: every destination with its full words, the raw error and the way to fix it. */
export function DestinationDetails({
  id,
  item,
  now,
  subscriptionName,
  personName,
  busy,
  onRetry,
  onDismiss,
}: {
  id: string;
  item: FeedItem;
  now: number;
  subscriptionName: SubscriptionName;
  personName: PersonName;
  busy: boolean;
  onRetry: (item: FeedItem, destinationId: number) => void;
  onDismiss: (item: FeedItem, destinationId: number) => void;
}) {
  return (
    <div className="feed-details" id={id}>
      <ul className="dest-details" aria-label="Destinations">
        {item.destinations.map((d) => (
          <Destination
            key={d.id}
            d={d}
            now={now}
            subscriptionName={subscriptionName}
            personName={personName}
            busy={busy}
            onRetry={() => onRetry(item, d.id)}
            onDismiss={() => onDismiss(item, d.id)}
          />
        ))}
      </ul>
    </div>
  );
}
