import { ForgeError } from '../forge-error.js';
import type { Clock } from '../../runtime/clock.js';
import type { Logger } from '../../runtime/logger.js';
import { QueueRateLimited, type QueueRequests, type ReviewQueueSource } from '../../queue/queue-source.js';
import type { GitLabClient } from './client.js';
import { gitlabQueueGraphql } from './queue-graphql.js';
import { readItemsOverRest, readReposOverRest } from './queue-rest.js';

/**
 * The review queue on GitLab (docs/cli-and-config.md §5): GraphQL first (queue-graphql.ts: 20 projects per request,
 * with reviewers, approvals and head pipelines), REST when GraphQL cannot be used (queue-rest.ts: two lists per
 * project and one approvals request per merge request) — a GitLab older than 16.6, GraphQL switched off, a field or
 * query it refuses. Then REST is used for an hour, and Diagnostics says so (`summary`). A rate limit is no reason to
 * change: the queue waits and says so. GitLab Free records no "changes requested" verdict: its merge requests are
 * waiting or approved.
 */

/** After GraphQL proved unusable for the queue, REST only for this long. */
export const QUEUE_GRAPHQL_OFF_MS = 60 * 60_000;

export interface GitLabQueueSource extends ReviewQueueSource {
  /** Set while the queue is read over REST because GraphQL could not be used: what happened and until when. */
  summary(): string | null;
}

export function gitlabQueueSource(
  client: GitLabClient,
  options: { graphqlUrl: string; clock: Clock; logger: Logger },
): GitLabQueueSource {
  const rest = {
    repos: (repos: readonly string[], requests: QueueRequests) => readReposOverRest(client, repos, requests),
    items: (refs: Parameters<typeof readItemsOverRest>[1], requests: QueueRequests) =>
      readItemsOverRest(client, refs, requests),
  };
  const graphql = gitlabQueueGraphql(client, options.graphqlUrl, rest);
  let offUntil = 0;
  let offReason = '';

  async function either<T>(overGraphql: () => Promise<T>, overRest: () => Promise<T>): Promise<T> {
    if (options.clock.now() < offUntil) return overRest();
    try {
      return await overGraphql();
    } catch (error) {
      if (error instanceof QueueRateLimited) throw error;
      if (error instanceof ForgeError && error.code === 'rate_limited')
        throw new QueueRateLimited(`GitLab's rate limit: ${error.message}`, null);
      // REST would fail the same way: the token, the network.
      if (error instanceof ForgeError && ['unauthorized', 'dns', 'tcp', 'tls', 'timeout'].includes(error.code))
        throw error;
      const reason = error instanceof Error ? error.message : String(error);
      // A server error may be passing: REST this time only. Anything else: REST for a while.
      const passing = error instanceof ForgeError && error.code === 'server_error';
      if (!passing) {
        offUntil = options.clock.now() + QUEUE_GRAPHQL_OFF_MS;
        offReason = reason;
      }
      options.logger.info('gitlab: the review queue could not be read over GraphQL; reading it over REST', {
        reason,
        ...(passing ? {} : { until: new Date(offUntil).toISOString() }),
      });
      return overRest();
    }
  }

  return {
    readRepos: (repos, requests) =>
      either(
        () => graphql.readRepos(repos, requests),
        () => rest.repos(repos, requests),
      ),
    readItems: (refs, requests) =>
      either(
        () => graphql.readItems(refs, requests),
        () => rest.items(refs, requests),
      ),
    summary: () =>
      options.clock.now() < offUntil
        ? `review queue read over REST, slower (GraphQL refused: ${offReason}; next try ${new Date(offUntil).toISOString().slice(11, 16)} UTC)`
        : null,
  };
}
