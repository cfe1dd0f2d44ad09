import { z } from 'zod';
import type { Logger } from '../../runtime/logger.js';
import type { RepoCursor } from '../forge-adapter.js';

/** Watermark (server `updated_at`) plus keys already emitted, for endpoints polled with `updated_after`. */
const watermarkSchema = z.object({
  watermark: z.string().nullable(),
  seen: z.array(z.string()),
});
export type WatermarkState = z.infer<typeof watermarkSchema>;

/** A user who approves a merge request; matched by id when both sides have one, else by username. */
const approverSchema = z.object({ id: z.number().nullable(), username: z.string() });
export type Approver = z.infer<typeof approverSchema>;

/** One open merge request whose approvals are followed (see approvals-poll.ts). */
const trackedMrSchema = z.object({
  iid: z.number().int(),
  /** Approvers at the last successful read (plus feed approvals not yet read back). */
  approvers: z.array(approverSchema),
  /** Approval generation: unique within the project, renewed after each revocation; part of the unapproved event id. */
  generation: z.number().int(),
  /** The MR's `updated_at` (server clock) at the last successful read. */
  updatedAt: z.string().nullable(),
  /** Client-clock time of the last successful read. */
  checkedAt: z.string(),
  /** Client-clock time the approver list became empty; the MR is dropped after a while. */
  emptySince: z.string().nullable(),
  /** The last read failed (server error, unexpected answer): read again next cycle. */
  retry: z.boolean(),
});
export type TrackedMr = z.infer<typeof trackedMrSchema>;

const approvalsStateSchema = z.object({
  /** Client-clock start of the last approvals cycle. */
  checkedAt: z.string().nullable(),
  /** Last approval generation handed out in this project (monotonic). */
  generation: z.number().int(),
  tracked: z.array(trackedMrSchema),
});
export type ApprovalsState = z.infer<typeof approvalsStateSchema>;

export function emptyApprovals(generation = 0): ApprovalsState {
  return { checkedAt: null, generation, tracked: [] };
}

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
  /** Absent in cursors written before approvals were followed. */
  approvals: approvalsStateSchema.default(() => emptyApprovals()),
  /** The project probe's view of its environments' last deployments at the last cycle (see project-probe.ts). */
  deploymentsProbe: z.string().optional(),
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
    approvals: emptyApprovals(),
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
