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

/**
 * Working days (Monday–Friday, UTC calendar) between two instants: the whole weekdays elapsed, counting a weekday's
 * part as the fraction it is. Saturday and Sunday add nothing, so a pull request opened on Friday evening is not
 * "2 days old" on Monday morning.
 */
export function workingDaysBetween(fromMs: number, toMs: number): number {
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

/** Stale when nothing happened for `staleAfterDays` working days. */
export function isStale(item: Pick<QueueItem, 'updatedAt'>, now: number, staleAfterDays: number): boolean {
  return workingDaysBetween(Date.parse(item.updatedAt), now) >= staleAfterDays;
}

/** A GitHub-style age: "3h", "2d", "5w". */
export function ageLabel(fromIso: string, now: number): string {
  const minutes = Math.max(0, Math.floor((now - Date.parse(fromIso)) / 60_000));
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours}h`;
  const days = Math.floor(hours / 24);
  return days < 28 ? `${days}d` : `${Math.floor(days / 7)}w`;
}
