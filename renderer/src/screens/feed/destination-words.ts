import type { FeedDestination } from '../../../../electron/contract/schemas.js';
import { formatRelative } from '../../components/time-format.js';

/** A person's name from their Slack user ID, as People knows it; null when unknown. */
export type PersonName = (slackUserId: string) => string | null;

/** How a destination is named: `#general`, `@Alice Smith` (a DM; `@U0ALICE01` for someone People can't name), `Desktop`. */
export function destinationLabel(
  d: Pick<FeedDestination, 'kind' | 'target' | 'fate'>,
  personName?: PersonName,
): string {
  if (d.fate === 'notice') return 'subscription';
  if (d.kind === 'desktop') return 'Desktop';
  if (!d.target) return 'Slack';
  if (d.kind === 'dm') return `@${personName?.(d.target) ?? d.target}`;
  return d.target.startsWith('(') ? d.target : `#${d.target}`;
}

/** The words after a destination's fate: where it went, why it was filtered, when it is tried again. */
export function destinationDetail(d: FeedDestination, now: number, personName?: PersonName): string {
  const next = d.nextAttemptAt ? `next attempt ${formatRelative(d.nextAttemptAt, now)}` : null;
  const named = destinationLabel(d, personName);
  const where = d.kind === 'dm' && d.target && named !== `@${d.target}` ? `${named} (${d.target})` : named;
  switch (d.fate) {
    case 'delivered':
      return [`to ${where}`, d.reason].filter(Boolean).join(' · ');
    case 'filtered':
      return `for ${where}: ${d.reason ?? 'the subscription does not want this event'}`;
    case 'queued':
      return [`to ${where}`, d.reason ?? 'waiting to send', next].filter(Boolean).join(' · ');
    case 'retrying':
      return [`to ${where}`, d.reason ?? 'will retry', next].filter(Boolean).join(' · ');
    case 'failed':
      return `to ${where}: ${d.reason ?? 'delivery failed'}`;
    case 'paused':
      return `to ${where}: ${d.reason ?? 'held while notifications are paused'}`;
    case 'held':
      return `to ${where}: ${d.reason ?? 'held for later'}`;
    case 'dropped':
      return `to ${where}: ${d.reason ?? 'dropped while notifications were paused'}`;
    case 'notice':
      return d.reason ?? 'about the subscription itself; nothing is sent';
  }
}
