import { z } from 'zod';
import type { Logger } from '../../runtime/logger.js';
import { rememberIds, type EventsState } from './cursor.js';
import { nextLink, type GitHubClient, type RequestCounter } from './client.js';
import { completeFeedPage, type FeedEntry } from './feed-entry.js';

/** GitHub serves at most 300 events: 3 pages of 100. One spare page in case a server pages differently. */
const PER_PAGE = 100;
const MAX_PAGES = 4;
export const FEED_CAP = 300;
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

/** What one read of an events feed (a repository's or an organisation's) brought. */
export interface FeedRead {
  notModified: boolean;
  /** Every well-formed entry fetched, newest first (known ones too). */
  entries: FeedEntry[];
  /** Ids of every entry fetched, malformed ones included. */
  fetchedIds: string[];
  /** An already-processed entry (or one older than `since`) was reached: nothing older is missing. */
  reachedKnown: boolean;
  oldestAt: string | null;
  /** The ETag to send next time: the one of the answer that carried the data (a 304's own is ignored). */
  etag: string | null;
  /** X-Poll-Interval of this answer; null when it had none (a bare 304 need not repeat it). */
  pollIntervalSeconds: number | null;
}

/**
 * Reads an events feed: a conditional GET of page 1 (unchanged: a free 304), then older pages only until an entry
 * that `isKnown` or older than `sinceMs` shows up (at most 300 events exist). Malformed entries cost a log line;
 * entries GitHub sent without a type or a time are completed (see completeFeedPage), never dropped for it.
 */
export async function readFeedPages(args: {
  client: GitHubClient;
  path: string;
  etag: string | null;
  isKnown: (id: string) => boolean;
  sinceMs: number;
  counter: RequestCounter;
  logger: Logger;
  label: string;
  /** When the read happens (the time given to an entry GitHub sent without one and no neighbour to go by). */
  readAt: number;
}): Promise<FeedRead> {
  const { client, counter, logger } = args;
  const first = await client.get(args.path, pageSchema, {
    query: { per_page: PER_PAGE },
    etag: args.etag,
    counter,
    what: 'events feed',
  });
  const pollIntervalSeconds = pollInterval(first.headers);
  const read: FeedRead = {
    notModified: first.status === 304,
    entries: [],
    fetchedIds: [],
    reachedKnown: false,
    oldestAt: null,
    etag: first.etag,
    pollIntervalSeconds,
  };
  if (read.notModified) return read;
  let page = first;
  for (let pageNumber = 1; ; pageNumber++) {
    for (const item of completeFeedPage(page.data ?? [], args.readAt)) {
      if (item.id === null) {
        logger.warn('github: skipped a feed entry without an id', { feed: args.label });
        continue;
      }
      read.fetchedIds.push(item.id);
      if (item.entry === null) {
        if (!args.isKnown(item.id))
          logger.warn('github: skipped a malformed feed entry', {
            feed: args.label,
            id: item.id,
            problem: item.problem,
          });
        continue;
      }
      if (item.repaired.length > 0 && !args.isKnown(item.id))
        logger.info('github: a feed entry came without some fields; filled them in', {
          feed: args.label,
          id: item.id,
          filled: item.repaired.join(', '),
        });
      read.oldestAt = item.entry.created_at;
      read.entries.push(item.entry);
      if (args.isKnown(item.id) || Date.parse(item.entry.created_at) < args.sinceMs) read.reachedKnown = true;
    }
    const next = nextLink(page.headers);
    if (read.reachedKnown || !next || pageNumber >= MAX_PAGES) return read;
    page = await client.get(next, pageSchema, { counter, what: 'events feed' });
  }
}

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
  const { state } = args;
  const seen = new Set(state?.seen ?? []);
  const read = await readFeedPages({
    client: args.client,
    path: `${args.repoPath}/events`,
    etag: state?.etag ?? null,
    isKnown: (id) => seen.has(id),
    sinceMs: args.since.getTime(),
    counter: args.counter,
    logger: args.logger,
    label: args.repo,
    readAt: args.now,
  });
  // A 304 need not repeat X-Poll-Interval: the last one GitHub sent still holds.
  const pollIntervalSeconds = read.pollIntervalSeconds ?? state?.pollInterval ?? null;
  if (read.notModified && state)
    return { fresh: [], state: withPollInterval(state, pollIntervalSeconds), pollIntervalSeconds, gap: null };
  return feedPollOf(
    read.entries,
    read.fetchedIds,
    state,
    args.since,
    read.etag,
    pollIntervalSeconds,
    read.reachedKnown ? null : gapOf(state, read.fetchedIds.length, read.oldestAt, args.now),
  );
}

/**
 * A repository's FeedPoll from entries read in any feed (its own, or its organisation's): the new ones (not seen,
 * not older than `since`), oldest first, and the state to keep (seen ids, newest time, the given ETag).
 */
export function feedPollOf(
  entriesNewestFirst: readonly FeedEntry[],
  fetchedIds: readonly string[],
  state: EventsState | null,
  since: Date,
  etag: string | null,
  pollIntervalSeconds: number | null,
  gap: FeedGap | null,
): FeedPoll {
  const seen = new Set(state?.seen ?? []);
  const sinceMs = since.getTime();
  const freshNewestFirst = dedupe(
    entriesNewestFirst.filter((e) => !seen.has(e.id) && Date.parse(e.created_at) >= sinceMs),
  );
  const newestAt = freshNewestFirst[0]?.created_at ?? state?.newestAt ?? null;
  return {
    fresh: [...freshNewestFirst].reverse(),
    state: withPollInterval(
      {
        etag,
        seen: rememberIds([...fetchedIds], state?.seen ?? [], SEEN_MAX),
        newestAt,
        ...(state?.subjects ? { subjects: state.subjects } : {}),
      },
      pollIntervalSeconds,
    ),
    pollIntervalSeconds,
    gap,
  };
}

function withPollInterval(state: EventsState, seconds: number | null): EventsState {
  const { pollInterval: _previous, ...rest } = state;
  return seconds === null ? rest : { ...rest, pollInterval: seconds };
}

function pollInterval(headers: Headers): number | null {
  const value = Number(headers.get('x-poll-interval'));
  return Number.isFinite(value) && value > 0 ? value : null;
}

function dedupe(entries: FeedEntry[]): FeedEntry[] {
  const ids = new Set<string>();
  return entries.filter((entry) => !ids.has(entry.id) && ids.add(entry.id));
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
