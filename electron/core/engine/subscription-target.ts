import { parseRepoPattern, repoPatternProblem } from '../../contract/vocabulary/repo-pattern.js';
import { ForgeError } from '../forges/forge-error.js';
import type { ForgeAdapter, OwnerListing } from '../forges/forge-adapter.js';
import type { Logger } from '../runtime/logger.js';

/** The repository (or pattern) a subscription being made now will watch, checked against the forge. */
export interface SubscriptionTarget {
  /** Canonical path as the forge spells it (a pattern with its owner as the forge spells it). */
  path: string;
  /** The repository's event-feed position now (see StoredSubscription.sinceSeq), or null when unknown. */
  sinceSeq: number | null;
  /** For a pattern: the owner's repositories now (its members from the subscription's start). */
  listing: OwnerListing | null;
}

/**
 * Checks that the account can read the repository (an Error whose message names the repository, the account and
 * what to do otherwise) and notes where its event feed stands, so the subscription hears exactly what happens next.
 * A pattern (`owner/*`, `group/**`) is checked by listing its owner: an owner the token cannot list is refused with
 * the scope to add; one that has no repositories yet is accepted (the caller warns).
 */
export async function subscriptionTarget(
  adapter: ForgeAdapter,
  repo: string,
  logger: Logger,
): Promise<SubscriptionTarget> {
  if (/[*?[\]]/.test(repo)) return patternTarget(adapter, repo);
  let path: string;
  try {
    path = (await adapter.resolveRepo(repo)).path;
  } catch (error) {
    throw new Error(describeRepoProblem(error, repo, adapter.accountId), { cause: error });
  }
  return { path, sinceSeq: await feedPositionOf(adapter, path, logger), listing: null };
}

async function patternTarget(adapter: ForgeAdapter, repo: string): Promise<SubscriptionTarget> {
  const problem = repoPatternProblem(repo, adapter.kind);
  const pattern = parseRepoPattern(repo);
  if (problem || !pattern) throw new Error(`${repo}: ${problem ?? 'not a pattern'}.`);
  if (!adapter.listOwnerRepos)
    throw new Error(`Account ${adapter.accountId} cannot list repositories; subscribe to them one by one.`);
  let listing: OwnerListing;
  try {
    listing = await adapter.listOwnerRepos(pattern.owner, { subgroups: pattern.subgroups });
  } catch (error) {
    throw new Error(`${(error as Error)?.message ?? String(error)} (account ${adapter.accountId})`, { cause: error });
  }
  // The owner as the forge spells it, when one of its repositories shows it.
  const spelled = listing.repos
    .map((r) => r.path.slice(0, pattern.owner.length))
    .find((owner) => owner.toLowerCase() === pattern.owner.toLowerCase());
  return { path: `${spelled ?? pattern.owner}/${pattern.subgroups ? '**' : '*'}`, sinceSeq: null, listing };
}

/** Why a repository cannot be subscribed to with an account, in a sentence that says what to check. */
export function describeRepoProblem(error: unknown, repo: string, accountId: string): string {
  if (error instanceof ForgeError && (error.code === 'not_found' || error.code === 'forbidden')) {
    return `${repo} was not found with account ${accountId}, or its token cannot read it. Check the spelling (owner/name, or group/subgroup/project on GitLab) and the token's access.`;
  }
  return `${(error as Error)?.message ?? String(error)} (account ${accountId})`;
}

async function feedPositionOf(adapter: ForgeAdapter, repo: string, logger: Logger): Promise<number | null> {
  if (!adapter.feedPosition) return null;
  try {
    return await adapter.feedPosition(repo);
  } catch (error) {
    logger.info(
      `could not read the event feed position of ${adapter.accountId}:${repo}; the subscription starts at its creation time`,
      { error },
    );
    return null;
  }
}
