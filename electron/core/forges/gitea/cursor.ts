import { z } from 'zod';
import type { Logger } from '../../runtime/logger.js';
import type { RepoCursor } from '../forge-adapter.js';

/** What one repository's poll remembers between polls (persisted by the engine, with the events, as JSON). */
const cursorSchema = z.object({
  v: z.literal(1),
  /** Client-clock start of the last successful feed read. */
  lastPollAt: z.string().nullable(),
  /** Logical action key (see events-poll.ts) → its created time (ms): the de-duplication set of the recent window. */
  seen: z.record(z.string(), z.number()),
  runs: z.object({
    /** Which Actions API this server answered (null: not asked yet; none: neither, re-asked after an hour). */
    api: z.enum(['runs', 'tasks', 'none']).nullable(),
    checkedAt: z.string().nullable(),
    /** `${run}:${outcome}` already reported or deliberately skipped. */
    reported: z.array(z.string()),
  }),
  /** Wiki page title → sha of its last commit; null until the first read (the baseline, which reports nothing). */
  wiki: z.record(z.string(), z.string()).nullable(),
});
export type GiteaCursor = z.infer<typeof cursorSchema>;

export function emptyCursor(): GiteaCursor {
  return { v: 1, lastPollAt: null, seen: {}, runs: { api: null, checkedAt: null, reported: [] }, wiki: null };
}

/** A cursor from storage; an unreadable one starts over (events before `since` are still never returned). */
export function readCursor(raw: RepoCursor | null, logger: Logger, repo: string): GiteaCursor {
  if (raw === null) return emptyCursor();
  const parsed = cursorSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  logger.warn('gitea: stored poll position is unreadable; starting from the subscription start', { repo });
  return emptyCursor();
}

/** Keeps the newest `max` keys (insertion order) of a remembered list. */
export function keepLast(keys: string[], max: number): string[] {
  return keys.length > max ? keys.slice(keys.length - max) : keys;
}
