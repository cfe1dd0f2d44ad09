import type { InboxItem } from '../forges/personal-inbox.js';

/**
 * How often a person's inbox is read (docs/cli-and-config.md §4). A read that finds the inbox unchanged is free on
 * GitHub (a 304), and an inbox read at the normal cadence hears of something only it can tell — a repository without a
 * subscription — within a poll interval. What costs is a busy inbox: each read that finds a change is billable on the
 * person's own limit, though most changes come from subscribed repositories, whose events DM the person anyway. So:
 * - unchanged (idle) → the normal cadence (the poll interval, or the forge's X-Poll-Interval when longer);
 * - changed, and everything new is covered by the events path → BACKOFF_FACTOR times the last interval, up to
 *   INBOX_MAX_INTERVAL_MS;
 * - changed, and something only the inbox brought a DM for → the normal cadence at once.
 * The forge's minimum (X-Poll-Interval) is never undercut.
 */

/** The longest a busy inbox whose news all come from subscribed repositories waits between reads. */
export const INBOX_MAX_INTERVAL_MS = 16 * 60_000;

/** Each read that finds only covered news multiplies the interval by this (1 → 4 → 16 minutes at a 60 s poll). */
export const BACKOFF_FACTOR = 4;

/** How long the events path may take to DM what the inbox also shows, in poll intervals (one cycle, then some). */
export const EVENTS_GRACE_INTERVALS = 3;

export interface CadenceRead {
  /** The account's poll interval, ms. */
  pollMs: number;
  /** The forge's minimum interval (X-Poll-Interval), ms; 0 when it gave none. */
  forgeMinMs: number;
  /** The interval before this read (null: the normal one). */
  previousMs: number | null;
  changed: boolean;
  /** Whether the read brought a DM only the inbox could bring (see needsInbox). */
  inboxOnly: boolean;
}

/** The normal cadence: the poll interval, or the forge's minimum when longer. */
export function normalInterval(pollMs: number, forgeMinMs: number): number {
  return Math.max(pollMs, forgeMinMs);
}

/** The bound of a backed-off cadence (never below the normal one). */
export function maxInterval(pollMs: number, forgeMinMs: number): number {
  return Math.max(INBOX_MAX_INTERVAL_MS, normalInterval(pollMs, forgeMinMs));
}

/** The interval until the next read, ms. */
export function nextInterval(read: CadenceRead): number {
  const normal = normalInterval(read.pollMs, read.forgeMinMs);
  if (!read.changed || read.inboxOnly) return normal;
  return Math.min(
    maxInterval(read.pollMs, read.forgeMinMs),
    Math.max(normal, BACKOFF_FACTOR * (read.previousMs ?? normal)),
  );
}

export interface CoverageContext {
  /** Whether an enabled subscription of the account (a pattern's member included) follows the repository. */
  follows: (repo: string) => boolean;
  now: number;
  pollMs: number;
}

/** Until when the events path may still bring what the inbox showed first (the item's instant plus the grace). */
export function eventsDueAt(item: InboxItem, pollMs: number): number {
  return item.at + EVENTS_GRACE_INTERVALS * pollMs;
}

/**
 * Whether an item the inbox has just DMed (its DM key was free) needed the inbox: true unless its repository is
 * followed, its kind is one the events bring (InboxItem.eventsSee), and it is recent enough that the events path may
 * simply not have polled it yet — such an item is covered on trust, and checked later (InboxService: if the events
 * path has not brought it by eventsDueAt, as for a team's review request or a run started by hand, it needed the
 * inbox after all). Items whose DM was already sent (by the events path or an earlier read) never count: reading
 * sooner would not have told the person sooner.
 */
export function needsInbox(item: InboxItem, ctx: CoverageContext): boolean {
  if (!item.eventsSee || !ctx.follows(item.repo)) return true;
  // An unknown instant counts as old: better a read too many than a DM late.
  return !(ctx.now < eventsDueAt(item, ctx.pollMs));
}
