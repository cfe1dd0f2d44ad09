import type { ForgeEvent } from '../../events/forge-event.js';
import type { Logger } from '../../runtime/logger.js';
import { githubEvent, type RepoContext } from './event-base.js';
import type { FeedEntry } from './feed-entry.js';
import type { BranchWanted } from '../forge-adapter.js';
import type { HydrationSource } from './hydration.js';

export interface NormaliseContext {
  repo: RepoContext;
  hydrator: HydrationSource;
  logger: Logger;
  /** See PollRequest.branchWanted. */
  branchWanted?: BranchWanted;
  /** The default branch when the adapter already knows it (read with this cycle's batch), passed to branchWanted. */
  defaultBranch?: string | null;
}

/** A ForgeEvent, or the reason the entry is not one (logged by the caller). */
export type Normalised = ForgeEvent | Skipped;

export interface Skipped {
  skip: string;
  /** The entry did not have the shape GitHub documents (logged as a warning, not as routine). */
  malformed: boolean;
}

/** A deliberate skip: an action or ref kind Forgebell does not notify. */
export function skip(reason: string): Skipped {
  return { skip: reason, malformed: false };
}

export function malformed(reason: string): Skipped {
  return { skip: reason, malformed: true };
}

/** Common fields of an event built from a feed entry: stable id, actor, time. */
export function feedEvent(
  ctx: NormaliseContext,
  entry: FeedEntry,
  fields: Omit<Parameters<typeof githubEvent>[1], 'id' | 'actor' | 'createdAt'>,
): ForgeEvent {
  return githubEvent(ctx.repo, {
    id: `${ctx.repo.accountId}:gh:${entry.id}`,
    actor: entry.actor.login,
    createdAt: entry.created_at,
    ...feedSeq(entry),
    ...fields,
  });
}

/** The feed id as a number, when it is one (see ForgeEvent.seq). */
export function feedSeq(entry: FeedEntry): { seq?: number } {
  const seq = Number(entry.id);
  return Number.isSafeInteger(seq) ? { seq } : {};
}
