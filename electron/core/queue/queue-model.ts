/**
 * The review queue's vocabulary (docs/cli-and-config.md §5): an open pull/merge request as the digests and
 * `/forgebell todo` see it, an open issue with assignees, and the rules read off them — the review state (approved
 * when at least one reviewer's latest review approves and nobody's latest requests changes; pending requests aside)
 * and staleness in working days (Saturday and Sunday do not count). Plain data, the same for every forge.
 */

export type ReviewVerdict = 'approved' | 'changes_requested';

/** One person's latest opinionated review (a comment-only review does not replace an approval). */
export interface LatestReview {
  login: string;
  state: ReviewVerdict;
}

export type ChecksState = 'success' | 'failure' | 'pending' | null;

export interface QueuePull {
  kind: 'pull';
  repo: string;
  number: number;
  title: string;
  url: string;
  draft: boolean;
  author: string | null;
  /** Users asked for a review and not yet reviewed. */
  reviewers: string[];
  /** Teams asked for a review (`org/slug` on GitHub). */
  teams: string[];
  reviews: LatestReview[];
  checks: ChecksState;
  /** The source branch (a pipeline on it changes the checks); null when the forge did not say. */
  headBranch: string | null;
  createdAt: string;
  /** The last activity the forge records (updatedAt / updated_at). */
  updatedAt: string;
}

export interface QueueIssue {
  kind: 'issue';
  repo: string;
  number: number;
  title: string;
  url: string;
  assignees: string[];
  createdAt: string;
  updatedAt: string;
}

export type QueueItem = QueuePull | QueueIssue;

export type ReviewState = 'waiting' | 'changes_requested' | 'approved';

/** §5's approval rule: changes requested by anyone's latest review wins; else approved if any latest review approves. */
export function reviewState(reviews: readonly LatestReview[]): ReviewState {
  const latest = new Map<string, ReviewVerdict>();
  for (const review of reviews) latest.set(review.login.toLowerCase(), review.state);
  const verdicts = [...latest.values()];
  if (verdicts.includes('changes_requested')) return 'changes_requested';
  return verdicts.includes('approved') ? 'approved' : 'waiting';
}

const DAY_MS = 86_400_000;

const zoneFormats = new Map<string, Intl.DateTimeFormat>();

/** A zone's offset from UTC at an instant, in ms (local wall time = instant + offset). */
function zoneOffset(ms: number, timeZone: string): number {
  let format = zoneFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    zoneFormats.set(timeZone, format);
  }
  const parts: Record<string, string> = {};
  for (const p of format.formatToParts(new Date(ms))) parts[p.type] = p.value;
  const wall = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  );
  return wall - Math.floor(ms / 1000) * 1000;
}

/**
 * Working days (Monday–Friday in `timeZone`'s calendar, default UTC) between two instants: the weekdays elapsed,
 * counting a weekday's part as the fraction it is. Saturday and Sunday add nothing, so a pull request opened on
 * Friday evening is not "2 days old" on Monday morning.
 */
export function workingDaysBetween(fromUtcMs: number, toUtcMs: number, timeZone = 'UTC'): number {
  if (toUtcMs <= fromUtcMs) return 0;
  // Counted on local wall-clock time, so weekends are the zone's Saturday and Sunday.
  const fromMs = fromUtcMs + (timeZone === 'UTC' ? 0 : zoneOffset(fromUtcMs, timeZone));
  const toMs = toUtcMs + (timeZone === 'UTC' ? 0 : zoneOffset(toUtcMs, timeZone));
  if (toMs <= fromMs) return 0;
  let total = 0;
  let cursor = fromMs;
  while (cursor < toMs) {
    const dayStart = Math.floor(cursor / DAY_MS) * DAY_MS;
    const dayEnd = Math.min(dayStart + DAY_MS, toMs);
    const weekday = new Date(dayStart).getUTCDay();
    if (weekday !== 0 && weekday !== 6) total += (dayEnd - cursor) / DAY_MS;
    cursor = dayEnd;
  }
  return total;
}

/** Stale when nothing happened for `staleAfterDays` working days (weekends of `timeZone`). */
export function isStale(
  item: Pick<QueueItem, 'updatedAt'>,
  now: number,
  staleAfterDays: number,
  timeZone = 'UTC',
): boolean {
  return workingDaysBetween(Date.parse(item.updatedAt), now, timeZone) >= staleAfterDays;
}

/** A GitHub-style age: "just now", "12m", "3h", "2d", "5w" (never "0m"). */
export function ageLabel(fromIso: string, now: number): string {
  const minutes = Math.max(0, Math.floor((now - Date.parse(fromIso)) / 60_000));
  if (!Number.isFinite(minutes)) return 'age unknown';
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours}h`;
  const days = Math.floor(hours / 24);
  return days < 28 ? `${days}d` : `${Math.floor(days / 7)}w`;
}
