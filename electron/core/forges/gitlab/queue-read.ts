import type { Clock } from '../../runtime/clock.js';
import type { Logger } from '../../runtime/logger.js';
import { queueGraphqlFallback } from '../../queue/graphql-fallback.js';
import type { QueueRequests, ReviewQueueSource } from '../../queue/queue-source.js';
import type { GitLabClient } from './client.js';
import { gitlabQueueGraphql } from './queue-graphql.js';
import { readItemsOverRest, readReposOverRest } from './queue-rest.js';

/**
 * The review queue on GitLab (docs/cli-and-config.md §5): GraphQL first (queue-graphql.ts: 20 projects per request,
 * with reviewers, approvals and head pipelines), REST when GraphQL cannot be used (queue-rest.ts: two lists per
 * project and one approvals request per merge request) — a GitLab older than 16.6, GraphQL switched off, a field or
 * query it refuses. Then REST is used for an hour, and Diagnostics says so (`summary`; queue/graphql-fallback.ts, the
 * same for GitHub). A rate limit is no reason to change: the queue waits and says so. GitLab Free records no "changes requested" verdict: its merge requests are
 * waiting or approved.
 */

export { QUEUE_GRAPHQL_OFF_MS } from '../../queue/graphql-fallback.js';

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
  const fallback = queueGraphqlFallback({ forge: 'gitlab', label: 'GitLab', ...options });

  return {
    readRepos: (repos, requests) =>
      fallback.run(
        () => graphql.readRepos(repos, requests),
        () => rest.repos(repos, requests),
      ),
    readItems: (refs, requests) =>
      fallback.run(
        () => graphql.readItems(refs, requests),
        () => rest.items(refs, requests),
      ),
    summary: () => fallback.summary(),
  };
}
