import { z } from 'zod';
import type { RepoCursor } from '../forge-adapter.js';
import type { Logger } from '../../runtime/logger.js';

/** What one repository's poll remembers between polls (persisted by the engine as JSON). */
const eventsStateSchema = z.object({
  etag: z.string().nullable(),
  /** Feed event ids already processed, newest first (bounded). */
  seen: z.array(z.string()),
  /** created_at of the newest event seen, for the "window exceeded" warning. */
  newestAt: z.string().nullable(),
  /** `issue:12:opened`-style keys of recently notified subject changes, so a gap recovery never repeats one. */
  subjects: z.array(z.string()).optional(),
  /** The last X-Poll-Interval GitHub sent for the feed (a 304 need not repeat it). */
  pollInterval: z.number().positive().optional(),
});

const watchedCommitSchema = z.object({
  /** The commit; absent while only its ref is known (a new tag or release: the feed carries no sha). */
  sha: z.string().optional(),
  /** Qualified ref (refs/tags/v1) looked up while the sha is unknown. */
  ref: z.string().optional(),
  /** Branch or tag shown on the card when the run does not say. */
  branch: z.string().nullable(),
  /** The person whose push (or pull request) it was. */
  login: z.string(),
  /** ms: the push; runs completed before it are not its. */
  from: z.number(),
  until: z.number(),
  /** A pull request from a fork: the base repository's workflows run on it. */
  fork: z.boolean().optional(),
});

const runsStateSchema = z.object({
  etag: z.string().nullable(),
  /** `${runId}:${conclusion}` already reported or deliberately skipped. */
  reported: z.array(z.string()),
  /**
   * When runs are read only for people (PollRequest.pipelinesFor): the watch a person's push opened — runs are read
   * from `watchFrom` (ms, the push) until `watchUntil` (ms); outside a watch they are not read at all.
   */
  watchFrom: z.number().optional(),
  watchUntil: z.number().optional(),
  /** The commits people pushed whose GitHub Actions runs are looked at over GraphQL (see commit-watch.ts). */
  commits: z.array(watchedCommitSchema).optional(),
  /** Whether a watched commit had a `.github/workflows` folder, and when that was seen (ms). */
  workflows: z.object({ present: z.boolean(), at: z.number() }).optional(),
});

const watchedDeploymentSchema = z.object({
  updatedAt: z.string(),
  etag: z.string().nullable(),
  /** Latest status is terminal (success, failure, error, inactive): only re-read when the deployment changes. */
  done: z.boolean(),
  environment: z.string(),
  ref: z.string().nullable(),
  sha: z.string().nullable(),
  /** It waited for a required reviewer: its later statuses go to the waiting card's thread (subject `deployment:<id>`). */
  waited: z.boolean().optional(),
});

const deploymentsStateSchema = z.object({
  etag: z.string().nullable(),
  watch: z.record(z.string(), watchedDeploymentSchema),
  seen: z.array(z.string()),
});

/** An open pull request from a fork, as the events feed last showed its head (see fork-pulls.ts). */
const forkPullSchema = z.object({
  number: z.number(),
  /** The head commit (lower case). */
  sha: z.string(),
  branch: z.string().nullable(),
  /** The fork: owner/name. */
  repo: z.string(),
});

const cursorSchema = z.object({
  v: z.literal(1),
  /** Open fork pull requests, whose runs GitHub does not link to them (oldest first, bounded). */
  forkPulls: z.array(forkPullSchema).optional(),
  events: eventsStateSchema,
  runs: runsStateSchema.optional(),
  deployments: deploymentsStateSchema.optional(),
  /** The deployments probe's view of the newest deployments at the last cycle (see deployments-probe.ts). */
  deploymentsProbe: z.string().optional(),
});

export type EventsState = z.output<typeof eventsStateSchema>;
export type RunsState = z.output<typeof runsStateSchema>;
export type WatchedCommit = z.output<typeof watchedCommitSchema>;
export type ForkPull = z.output<typeof forkPullSchema>;
export type DeploymentsState = z.output<typeof deploymentsStateSchema>;
export type WatchedDeployment = z.output<typeof watchedDeploymentSchema>;
export type GitHubCursor = z.output<typeof cursorSchema>;

/** The stored cursor, or null (first poll) when absent or not ours. */
export function readCursor(raw: RepoCursor | null, logger: Logger, repo: string): GitHubCursor | null {
  if (raw === null) return null;
  const parsed = cursorSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  logger.warn('github: ignoring an unreadable poll cursor; starting from now', { repo });
  return null;
}

/** Prepends new ids (newest first), drops duplicates, keeps at most `max`. */
export function rememberIds(newest: string[], previous: readonly string[], max: number): string[] {
  return [...new Set([...newest, ...previous])].slice(0, max);
}
