import type { ForgeAdapter } from '../forges/forge-adapter.js';
import type { Logger } from '../runtime/logger.js';

/**
 * The repository's event-feed position for a subscription being made now (see StoredSubscription.sinceSeq), or null
 * when the forge has none or cannot tell: the subscription then starts at its creation time, exactly.
 */
export async function feedPositionOf(adapter: ForgeAdapter, repo: string, logger: Logger): Promise<number | null> {
  if (!adapter.feedPosition) return null;
  try {
    return await adapter.feedPosition(repo);
  } catch (error) {
    logger.info(`could not read the event feed position of ${adapter.accountId}:${repo}; the subscription starts at its creation time`, { error });
    return null;
  }
}
