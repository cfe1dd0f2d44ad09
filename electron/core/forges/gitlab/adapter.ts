import type { Dispatcher } from 'undici';
import { z } from 'zod';
import { ForgeHttp, type FetchFn } from '../../http/forge-http.js';
import { RequestPacer, type RequestLedger } from '../../http/request-ledger.js';

/** Requests a minute Forgebell allows itself on one GitLab account. */
export const GITLAB_REQUESTS_PER_MINUTE = 600;
import type { Clock } from '../../runtime/clock.js';
import type { Logger } from '../../runtime/logger.js';
import type { BranchInfo, ForgeAdapter } from '../forge-adapter.js';
import { ForgeError } from '../forge-error.js';
import {
  branchSchema,
  createdIssueSchema,
  namedSchema,
  projectSchema,
  tokenSelfSchema,
  userSchema,
} from './schemas.js';
import { describeGitLabUrl } from './describe-url.js';
import { GitLabClient } from './client.js';
import { gitlabQueueSource } from './queue-read.js';
import { normaliseRepoPath, projectSegment, webUrlFromApiUrl } from './web-urls.js';
import { gitlabPeople } from './people.js';
import { listGitLabOwnerRepos } from './owner-repos.js';
import { DashboardFeed } from './dashboard-feed.js';
import { GitLabPollCycle } from './poll-cycle.js';

export interface GitLabAdapterOptions {
  accountId: string;
  /** https://gitlab.com/api/v4 or https://HOST/api/v4 */
  apiUrl: string;
  token: string;
  /** Per-account dispatcher (custom CA, proxy) or a fetch replacement; request timeout and body size cap. */
  http?: { dispatcher?: Dispatcher; fetch?: FetchFn; timeoutMs?: number; maxBodyBytes?: number };
  clock: Clock;
  logger: Logger;
  ledger?: RequestLedger;
}

/** The GitLab ForgeAdapter (gitlab.com and self-managed), over REST API v4 with a personal access token. */
export function createGitLabAdapter(options: GitLabAdapterOptions): ForgeAdapter {
  const apiUrl = options.apiUrl.replace(/\/+$/, '');
  const webUrl = webUrlFromApiUrl(apiUrl);
  const http = new ForgeHttp({
    baseUrl: apiUrl,
    headers: { 'PRIVATE-TOKEN': options.token },
    dispatcher: options.http?.dispatcher,
    fetch: options.http?.fetch,
    clock: options.clock,
    timeoutMs: options.http?.timeoutMs,
    maxBodyBytes: options.http?.maxBodyBytes,
    ...(options.ledger ? { ledger: options.ledger } : {}),
    // Well under gitlab.com's 2,000 authenticated requests a minute (self-managed defaults are often lower).
    pacer: new RequestPacer(options.clock, GITLAB_REQUESTS_PER_MINUTE, 60_000),
  });
  const client = new GitLabClient(http, options.logger);
  const project = (repo: string): string => `/projects/${projectSegment(normaliseRepoPath(webUrl, repo))}`;
  // GraphQL lives beside the REST prefix: https://HOST/api/graphql (also under a sub-path).
  const graphqlUrl = apiUrl.replace(/\/api\/v4$/i, '/api/graphql');
  const queue = gitlabQueueSource(client, { graphqlUrl, clock: options.clock, logger: options.logger });
  const cycle = new GitLabPollCycle({
    client,
    accountId: options.accountId,
    webUrl,
    clock: options.clock,
    logger: options.logger,
    dashboard: new DashboardFeed(client, webUrl, options.clock, options.logger),
    graphqlUrl,
  });

  const getProject = async (repo: string): Promise<z.infer<typeof projectSchema>> => {
    try {
      return await client.get(project(repo), projectSchema);
    } catch (error) {
      if (error instanceof ForgeError && error.code === 'not_found') {
        throw new ForgeError(
          'not_found',
          `GitLab project "${normaliseRepoPath(webUrl, repo)}" was not found on ${new URL(webUrl).host}, or the token cannot read it.`,
          error.details,
        );
      }
      throw error;
    }
  };

  return {
    kind: 'gitlab',
    accountId: options.accountId,
    webUrl,

    async whoami() {
      const user = await client.get('/user', userSchema);
      // Only personal/project/group access tokens can describe themselves; OAuth tokens answer 401/404.
      const token = await client.optional('/personal_access_tokens/self', tokenSelfSchema);
      return { login: user.username, name: user.name ?? null, scopes: token?.scopes ?? null };
    },

    async resolveRepo(repo) {
      const found = await getProject(repo);
      const visibility = found.visibility;
      return {
        path: found.path_with_namespace,
        webUrl: found.web_url,
        defaultBranch: found.default_branch ?? null,
        visibility:
          visibility === 'public' || visibility === 'internal' || visibility === 'private' ? visibility : null,
      };
    },

    async branches(repo, need = { protectedBranches: true }): Promise<BranchInfo> {
      const found = await getProject(repo);
      if (!need.protectedBranches)
        return { defaultBranch: found.default_branch ?? null, protectedBranches: [], protectedKnown: false };
      let protectedBranches: string[];
      try {
        protectedBranches = (
          await client.list(`${project(repo)}/protected_branches`, namedSchema, { maxPages: 5 })
        ).items.map((b) => b.name);
      } catch (error) {
        // Listing protected branches needs the Maintainer role; developers still see the flag on each branch.
        if (!(error instanceof ForgeError) || (error.code !== 'forbidden' && error.code !== 'not_found')) throw error;
        protectedBranches = (
          await client.list(`${project(repo)}/repository/branches`, branchSchema, { maxPages: 10 })
        ).items
          .filter((b) => b.protected === true)
          .map((b) => b.name);
      }
      return { defaultBranch: found.default_branch ?? null, protectedBranches };
    },

    prepareCycle: (requests) => cycle.prepare(requests),
    poll: (request) => cycle.poll(request),
    readingSummary: () => [cycle.summary(), queue.summary()].filter((p): p is string => p !== null).join('; ') || null,

    rateLimit: () => client.rateLimit(),
    queue,

    async setIssueState(repo, number, kind, state) {
      const resource = kind === 'pull' ? 'merge_requests' : 'issues';
      await client.send(
        'PUT',
        `${project(repo)}/${resource}/${number}`,
        { state_event: state === 'closed' ? 'close' : 'reopen' },
        z.object({ iid: z.number() }),
      );
    },

    async createIssue(repo, title, body) {
      const created = await client.send(
        'POST',
        `${project(repo)}/issues`,
        { title, description: body },
        createdIssueSchema,
      );
      return { number: created.iid, url: created.web_url };
    },

    describeUrl: (url) => describeGitLabUrl(client, options.accountId, webUrl, url),
    people: gitlabPeople(client, project),

    async listRepos(search) {
      const { items } = await client.list(
        '/projects',
        z.object({ path_with_namespace: z.string(), archived: z.boolean().nullish() }),
        {
          query: {
            membership: 'true',
            order_by: 'path',
            sort: 'asc',
            ...(search?.trim() ? { search: search.trim(), search_namespaces: 'true' } : {}),
          },
          maxPages: 10,
        },
      );
      return items.filter((p) => p.archived !== true).map((p) => p.path_with_namespace);
    },

    listOwnerRepos: (owner, { subgroups }) => listGitLabOwnerRepos(client, new URL(webUrl).host, owner, subgroups),
  };
}
