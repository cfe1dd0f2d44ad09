import { ForgeError } from '../forges/forge-error.js';
import type { ForgeAdapter } from '../forges/forge-adapter.js';
import type { Logger } from '../runtime/logger.js';

/** The repository a subscription being made now will watch, checked against the forge. */
export interface SubscriptionTarget {
  /** Canonical path as the forge spells it. */
  path: string;
  /** The repository's event-feed position now (see StoredSubscription.sinceSeq), or null when unknown. */
  sinceSeq: number | null;
}

/**
 * Checks that the account can read the repository (an Error whose message names the repository, the account and
 * what to do otherwise) and notes where its event feed stands, so the subscription hears exactly what happens next.
 */
export async function subscriptionTarget(
  adapter: ForgeAdapter,
  repo: string,
  logger: Logger,
): Promise<SubscriptionTarget> {
  let path: string;
  try {
    path = (await adapter.resolveRepo(repo)).path;
  } catch (error) {
    throw new Error(describeRepoProblem(error, repo, adapter.accountId), { cause: error });
  }
  return { path, sinceSeq: await feedPositionOf(adapter, path, logger) };
}

function describeRepoProblem(error: unknown, repo: string, accountId: string): string {
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
