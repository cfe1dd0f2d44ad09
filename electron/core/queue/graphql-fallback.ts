import { ForgeError } from '../forges/forge-error.js';
import type { Clock } from '../runtime/clock.js';
import type { Logger } from '../runtime/logger.js';
import { QueueRateLimited } from './queue-source.js';

/**
 * The review queue's way back to REST, the same on every forge that reads it over GraphQL (GitHub, GitLab): a server
 * whose GraphQL cannot be used for the queue (switched off, too old, a field or query it refuses, errors without
 * data) is read over REST for an hour, then GraphQL is tried again; Diagnostics says so meanwhile (`summary`, shown
 * as the account's "Reading:" line). A server error may be passing: REST that time only. Failures REST would share
 * (the token, the network) and rate limits are no reason to change: they are thrown for the queue to report or wait.
 */

/** After GraphQL proved unusable for the queue, REST only for this long. */
export const QUEUE_GRAPHQL_OFF_MS = 60 * 60_000;

const SHARED_WITH_REST = ['unauthorized', 'dns', 'tcp', 'tls', 'timeout'];

export interface QueueGraphqlFallback {
  /** GraphQL, or REST while GraphQL is off or when it fails in a way REST may not. */
  run<T>(overGraphql: () => Promise<T>, overRest: () => Promise<T>): Promise<T>;
  /** Set while the queue is read over REST: what GraphQL answered and when it is tried again. */
  summary(): string | null;
}

export function queueGraphqlFallback(options: {
  /** For the log: `github`, `gitlab`. */
  forge: string;
  /** The forge's name in a rate-limit message (`GitLab's rate limit: …`). */
  label: string;
  clock: Clock;
  logger: Logger;
}): QueueGraphqlFallback {
  let offUntil = 0;
  let offReason = '';
  return {
    async run(overGraphql, overRest) {
      if (options.clock.now() < offUntil) return overRest();
      try {
        return await overGraphql();
      } catch (error) {
        if (error instanceof QueueRateLimited) throw error;
        if (error instanceof ForgeError && error.code === 'rate_limited')
          throw new QueueRateLimited(`${options.label}'s rate limit: ${error.message}`, null);
        if (error instanceof ForgeError && SHARED_WITH_REST.includes(error.code)) throw error;
        const reason = error instanceof Error ? error.message : String(error);
        const passing = error instanceof ForgeError && error.code === 'server_error';
        if (!passing) {
          offUntil = options.clock.now() + QUEUE_GRAPHQL_OFF_MS;
          offReason = reason;
        }
        options.logger.info(`${options.forge}: the review queue could not be read over GraphQL; reading it over REST`, {
          reason,
          ...(passing ? {} : { until: new Date(offUntil).toISOString() }),
        });
        return overRest();
      }
    },
    summary: () =>
      options.clock.now() < offUntil
        ? `review queue read over REST, slower (GraphQL refused: ${offReason}; next try ${new Date(offUntil).toISOString().slice(11, 16)} UTC)`
        : null,
  };
}
