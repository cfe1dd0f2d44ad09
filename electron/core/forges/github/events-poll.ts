import { z } from 'zod';
import type { Logger } from '../../runtime/logger.js';
import { rememberIds, type EventsState } from './github-cursor.js';
import { nextLink, type GitHubClient, type RequestCounter } from './github-client.js';
import { feedEntrySchema, rawEntryId, type FeedEntry } from './feed-entry.js';

/** GitHub serves at most 300 events: 3 pages of 100. One spare page in case a server pages differently. */
const PER_PAGE = 100;
const MAX_PAGES = 4;
const FEED_CAP = 300;
const FEED_DAYS = 30;
/** Remembered ids: more than the feed can ever show, so overlapping pages never duplicate. */
const SEEN_MAX = 500;

export interface FeedPoll {
  /** New entries, oldest first: created at/after `since` and never processed before. */
  fresh: FeedEntry[];
  state: EventsState;
  pollIntervalSeconds: number | null;
  /** Set when the feed's window was exceeded: what happened in it must come from elsewhere. */
  gap: FeedGap | null;
}

const pageSchema = z.array(z.unknown());

/**
 * Reads the repository events feed: a conditional GET of page 1 (an idle repo costs one free 304), then older pages
 * only until an already-processed event or one older than `since` shows up. The whole first page is always scanned,
 * so events that arrive late (GitHub's feed can lag) are still caught when they land near the top.
 */
export async function pollEventsFeed(args: {
  client: GitHubClient;
  repoPath: string;
  repo: string;
  state: EventsState | null;
  since: Date;
  now: number;
  counter: RequestCounter;
  logger: Logger;
}): Promise<FeedPoll> {
  const { client, state, counter, logger } = args;
  // GitHub times have whole seconds; comparing strictly keeps history out (at the cost of the subscription's first second).
  const sinceMs = args.since.getTime();
  const seen = new Set(state?.seen ?? []);
  const first = await client.get(`${args.repoPath}/events`, pageSchema, { query: { per_page: PER_PAGE }, etag: state?.etag, counter, what: 'events feed' });
  const pollIntervalSeconds = pollInterval(first.headers);
  if (first.status === 304 && state) return { fresh: [], state, pollIntervalSeconds, gap: null };

  const freshNewestFirst: FeedEntry[] = [];
  const fetchedIds: string[] = [];
  let reachedKnown = false;
  let oldestAt: string | null = null;
  let page = first;
  for (let pageNumber = 1; ; pageNumber++) {
    for (const raw of page.data ?? []) {
      const id = rawEntryId(raw);
      if (id === null) {
        logger.warn('github: skipped a feed entry without an id', { repo: args.repo });
        continue;
      }
      fetchedIds.push(id);
      const parsed = feedEntrySchema.safeParse(raw);
      if (!parsed.success) {
        if (!seen.has(id)) logger.warn('github: skipped a malformed feed entry', { repo: args.repo, id, problem: parsed.error.issues[0]?.message ?? 'invalid' });
        continue;
      }
      oldestAt = parsed.data.created_at;
      if (seen.has(id) || Date.parse(parsed.data.created_at) < sinceMs) {
        reachedKnown = true;
        continue;
      }
      freshNewestFirst.push(parsed.data);
    }
    const next = nextLink(page.headers);
    if (reachedKnown || !next || pageNumber >= MAX_PAGES) {
      const gap = reachedKnown ? null : gapOf(state, fetchedIds.length, oldestAt, args.now);
      return {
        fresh: dedupe(freshNewestFirst).reverse(),
        state: { etag: first.etag, seen: rememberIds(fetchedIds, state?.seen ?? [], SEEN_MAX), newestAt: newestAt(freshNewestFirst, state) },
        pollIntervalSeconds,
        gap,
      };
    }
    page = await client.get(next, pageSchema, { counter, what: 'events feed' });
  }
}

function pollInterval(headers: Headers): number | null {
  const value = Number(headers.get('x-poll-interval'));
  return Number.isFinite(value) && value > 0 ? value : null;
}

function dedupe(entries: FeedEntry[]): FeedEntry[] {
  const ids = new Set<string>();
  return entries.filter((entry) => !ids.has(entry.id) && ids.add(entry.id));
}

function newestAt(freshNewestFirst: FeedEntry[], state: EventsState | null): string | null {
  return freshNewestFirst[0]?.created_at ?? state?.newestAt ?? null;
}

/** A stretch of time the feed could not show: [from, to), `from` null when unknown (nothing seen before). */
export interface FeedGap {
  from: string | null;
  /** The oldest event the feed still had (the gap ends there), null when the feed was empty. */
  to: string | null;
  reason: 'count' | 'age';
}

/**
 * The feed ran out before reaching anything known. Events were lost when the feed was cut by count (300), or when
 * the last event seen is older than the 30-day window (events between it and the window's start are gone).
 */
function gapOf(state: EventsState | null, fetched: number, oldestAt: string | null, now: number): FeedGap | null {
  const lastSeen = state?.newestAt ? Date.parse(state.newestAt) : null;
  const cutByCount = fetched >= FEED_CAP;
  const cutByAge = lastSeen !== null && lastSeen < now - FEED_DAYS * 86_400_000;
  if (!cutByCount && !cutByAge) return null;
  return { from: state?.newestAt ?? null, to: oldestAt, reason: cutByCount ? 'count' : 'age' };
}

/** The honest sentence for the log and the account status. */
export function gapWarning(repo: string, gap: FeedGap, recovered: string | null): string {
  const between = gap.from ? ` between ${gap.from} and ${gap.to ?? 'now'}` : gap.to ? ` before ${gap.to}` : '';
  const why = gap.reason === 'count' ? `only keeps the latest ${FEED_CAP} events` : `only keeps ${FEED_DAYS} days`;
  return `GitHub's events feed for ${repo} ${why}; ${recovered ? `${recovered}; other ` : ''}activity${between} may be missing.`;
}
