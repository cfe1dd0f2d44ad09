import { z } from 'zod';
import type { Logger } from '../../runtime/logger.js';
import type { RepoCursor } from '../forge-adapter.js';

/** Watermark (server `updated_at`) plus keys already emitted, for endpoints polled with `updated_after`. */
const watermarkSchema = z.object({
  watermark: z.string().nullable(),
  seen: z.array(z.string()),
});
export type WatermarkState = z.infer<typeof watermarkSchema>;

const cursorSchema = z.object({
  v: z.literal(1),
  /** Client-clock start of the last successful poll. */
  lastPollAt: z.string().nullable(),
  /** Newest feed event time seen (server clock). */
  newestEventAt: z.string().nullable(),
  /** Feed event id → created_at (ms) for the recent window: the de-duplication set. */
  seen: z.record(z.string(), z.number()),
  pipelines: watermarkSchema,
  deployments: watermarkSchema,
  releases: z.object({ seen: z.array(z.string()) }),
});
export type GitLabCursor = z.infer<typeof cursorSchema>;

export function emptyCursor(): GitLabCursor {
  return {
    v: 1,
    lastPollAt: null,
    newestEventAt: null,
    seen: {},
    pipelines: { watermark: null, seen: [] },
    deployments: { watermark: null, seen: [] },
    releases: { seen: [] },
  };
}

/** A cursor from storage; an unreadable one starts over (events before `since` are still never returned). */
export function readCursor(raw: RepoCursor | null, logger: Logger, repo: string): GitLabCursor {
  if (raw === null) return emptyCursor();
  const parsed = cursorSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  logger.warn('gitlab: stored poll position is unreadable; starting from the subscription start', { repo });
  return emptyCursor();
}

/** Keeps the newest `max` keys (insertion order) of a seen list. */
export function keepLast(keys: string[], max: number): string[] {
  return keys.length > max ? keys.slice(keys.length - max) : keys;
}
