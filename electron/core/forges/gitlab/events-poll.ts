import type { Logger } from '../../runtime/logger.js';
import { eventSchema, type GitLabEvent } from './schemas.js';
import { idOf, type GitLabClient, type Meter } from './client.js';
import type { GitLabCursor } from './cursor.js';
import { projectSegment } from './web-urls.js';

const DAY_MS = 86_400_000;
/** Paging stops once a page reaches this far before the previous poll (covers out-of-order inserts and clock skew). */
const OVERLAP_MS = 10 * 60_000;
const MAX_PAGES = 10;
const MAX_SEEN = 20_000;

export interface FeedRead {
  /** New events (created at/after `since`, never returned before), oldest first. */
  events: GitLabEvent[];
  seen: Record<string, number>;
  newestEventAt: string | null;
  warnings: string[];
}

export function utcDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function startOfUtcDay(ms: number): number {
  return Date.parse(`${utcDate(ms)}T00:00:00.000Z`);
}

/**
 * Reads `GET /projects/:id/events` around the day-granularity quirk: `after=D` only keeps events
 * created after the END of day D, so we ask for the day before the UTC date of max(since, last poll)
 * and de-duplicate by event id. Same-day events are never lost and never delivered twice.
 * A row that cannot be read is logged once and remembered as seen; the rest of the page is processed as usual.
 */
export async function readFeed(
  client: GitLabClient,
  repo: string,
  cursor: GitLabCursor,
  since: number,
  now: number,
  meter: Meter,
  logger: Logger,
): Promise<FeedRead> {
  const from = Math.max(since, cursor.lastPollAt ? Date.parse(cursor.lastPollAt) : since);
  const newest = cursor.newestEventAt ? Date.parse(cursor.newestEventAt) : Number.POSITIVE_INFINITY;
  const stopBefore = Math.min(from, newest) - OVERLAP_MS;
  const unreadable: [string, number][] = [];
  const { items, truncated } = await client.list(`/projects/${projectSegment(repo)}/events`, eventSchema, {
    query: { after: utcDate(from - DAY_MS), sort: 'desc' },
    meter,
    maxPages: MAX_PAGES,
    stopAfter: (page) => page.some((event) => Date.parse(event.created_at) < stopBefore),
    onInvalid: (raw, reason) => {
      const id = idOf(raw);
      const key = typeof id === 'number' || typeof id === 'string' ? String(id) : null;
      if (key !== null && key in cursor.seen) return;
      logger.warn('gitlab: skipped a malformed entry', { path: `/projects/${repo}/events`, reason, id: key });
      const at = Date.parse(String((raw as { created_at?: unknown } | null)?.created_at));
      if (key !== null) unreadable.push([key, Number.isFinite(at) ? at : now]);
    },
  });

  return {
    ...freshOf(cursor, items, unreadable, since, now),
    warnings: truncated
      ? [`${repo}: more than ${MAX_PAGES * 100} events since the last poll; the oldest were not read.`]
      : [],
  };
}

/**
 * A project's feed from events read elsewhere (the account's dashboard feed, see dashboard-feed.ts): every event of the
 * project that read covered, newest or oldest first. The same de-duplication and window as a read of its own feed.
 */
export function suppliedFeed(
  cursor: GitLabCursor,
  events: readonly GitLabEvent[],
  since: number,
  now: number,
): FeedRead {
  return { ...freshOf(cursor, events, [], since, now), warnings: [] };
}

/** The new events (not seen, not before `since`), oldest first, and the seen set and newest time to keep. */
function freshOf(
  cursor: GitLabCursor,
  items: readonly GitLabEvent[],
  unreadable: readonly [string, number][],
  since: number,
  now: number,
): Omit<FeedRead, 'warnings'> {
  const fresh = items
    .filter((event) => Date.parse(event.created_at) >= since && !(String(event.id) in cursor.seen))
    .sort((a, b) => Date.parse(a.created_at) - Date.parse(b.created_at) || a.id - b.id);

  // The next poll's window starts at the UTC day of this poll; keep a day more than that.
  const keepFrom = startOfUtcDay(now) - DAY_MS;
  const seenEntries: [string, number][] = [
    ...Object.entries(cursor.seen),
    ...items.map((e): [string, number] => [String(e.id), Date.parse(e.created_at)]),
    ...unreadable,
  ];
  const seen = Object.fromEntries(
    seenEntries
      .filter(([, at]) => at >= keepFrom)
      .sort((a, b) => a[1] - b[1])
      .slice(-MAX_SEEN),
  );

  const newestMs = Math.max(
    cursor.newestEventAt ? Date.parse(cursor.newestEventAt) : 0,
    ...items.map((e) => Date.parse(e.created_at)),
  );
  return { events: fresh, seen, newestEventAt: newestMs > 0 ? new Date(newestMs).toISOString() : null };
}
