import type { Dispatcher } from 'undici';
import { z } from 'zod';
import { ForgeHttp, type FetchFn } from '../../http/forge-http.js';
import type { RequestLedger } from '../../http/request-ledger.js';
import type { Clock } from '../../runtime/clock.js';
import type { Logger } from '../../runtime/logger.js';
import type { AccessCheck, BranchInfo, ForgeAdapter } from '../forge-adapter.js';
import { ForgeError } from '../forge-error.js';
import { GiteaClient } from './client.js';
import { describeGiteaUrl } from './describe-url.js';
import { newestFeedId } from './events-poll.js';
import { giteaPeople } from './people.js';
import { giteaQueueSource } from './queue-read.js';
import { pollRepo } from './poll-repo.js';
import { branchSchema, issueSchema, repoSearchSchema, repositorySchema, userSchema, versionSchema } from './schemas.js';
import { ACTIONS_SINCE, FEEDS_SINCE, atLeast, parseServerVersion } from './server-version.js';
import { parseGiteaUrl, repoApiPath, webUrlFromApiUrl } from './web-urls.js';

export interface GiteaAdapterOptions {
  accountId: string;
  /** https://HOST/api/v1 (Gitea or Forgejo, also under a sub-path). */
  apiUrl: string;
  token: string;
  /** Per-account dispatcher (custom CA, proxy) or a fetch replacement; request timeout and body size cap. */
  http?: { dispatcher?: Dispatcher; fetch?: FetchFn; timeoutMs?: number; maxBodyBytes?: number };
  clock: Clock;
  logger: Logger;
  ledger?: RequestLedger;
}

/** Where a Gitea/Forgejo user creates access tokens. */
export function tokenPageOf(webUrl: string): string {
  return `${webUrl}/user/settings/applications`;
}

/** The scopes Forgebell asks for, and what each is for (the wizard and doctor name them). */
export const GITEA_SCOPES =
  'read:repository, read:issue, read:user (and write:issue, write:repository to act from Slack: close/reopen, review, comment, merge)';

/** The Gitea/Forgejo ForgeAdapter, over API v1 with an access token (`Authorization: token …`). */
export function createGiteaAdapter(options: GiteaAdapterOptions): ForgeAdapter {
  const apiUrl = options.apiUrl.replace(/\/+$/, '');
  const webUrl = webUrlFromApiUrl(apiUrl);
  const host = new URL(webUrl).host;
  const http = new ForgeHttp({
    baseUrl: apiUrl,
    headers: { authorization: `token ${options.token}` },
    dispatcher: options.http?.dispatcher,
    fetch: options.http?.fetch,
    clock: options.clock,
    timeoutMs: options.http?.timeoutMs,
    maxBodyBytes: options.http?.maxBodyBytes,
    ...(options.ledger ? { ledger: options.ledger } : {}),
  });
  const client = new GiteaClient(http, options.logger);
  const repoPathOf = (repo: string): string => {
    const parsed = /^https?:\/\//i.test(repo) ? parseGiteaUrl(webUrl, repo) : null;
    return repoApiPath(parsed?.repo ?? repo.trim().replace(/\.git$/i, ''));
  };

  const getRepo = async (repo: string): Promise<z.infer<typeof repositorySchema>> => {
    try {
      return await client.get(repoPathOf(repo), repositorySchema);
    } catch (error) {
      if (error instanceof ForgeError && error.code === 'not_found')
        throw new ForgeError(
          'not_found',
          `Repository "${repo}" was not found on ${host}, or the token cannot read it.`,
          error.details,
        );
      throw error;
    }
  };

  /** One probe per scope the token cannot list: a 403 naming the scope means it is missing. */
  const probe = async (scope: string, path: string, purpose: string): Promise<AccessCheck> => {
    try {
      await client.get(path, z.unknown(), { query: { limit: 1 } });
      return { label: `scope ${scope}`, ok: true, message: `The token may ${purpose}.`, fix: null };
    } catch (error) {
      if (error instanceof ForgeError && error.code === 'missing_scope')
        return {
          label: `scope ${scope}`,
          ok: false,
          message: `The token lacks ${scope}: Forgebell cannot ${purpose}.`,
          fix: `Create a token at ${tokenPageOf(webUrl)} with ${GITEA_SCOPES}.`,
        };
      throw error;
    }
  };

  return {
    kind: 'gitea',
    accountId: options.accountId,
    webUrl,
    people: giteaPeople(client, repoPathOf),
    queue: giteaQueueSource(client, repoPathOf),

    async whoami() {
      const user = await client.get('/user', userSchema);
      // Gitea lets a token list its scopes only with a password (basic auth); checkAccess probes them instead.
      return { login: user.login, name: user.full_name || null, scopes: null };
    },

    feedPosition: (repo) => newestFeedId(client, repoPathOf(repo)),

    async resolveRepo(repo) {
      const found = await getRepo(repo);
      return { path: found.full_name, webUrl: found.html_url, defaultBranch: found.default_branch ?? null };
    },

    async branches(repo, need = { protectedBranches: true }): Promise<BranchInfo> {
      const found = await getRepo(repo);
      const defaultBranch = found.default_branch ?? null;
      if (!need.protectedBranches) return { defaultBranch, protectedBranches: [], protectedKnown: false };
      // Branch protections are listed for repository admins only; every reader sees the flag on each branch.
      const { items } = await client.list(`${repoPathOf(repo)}/branches`, branchSchema, { maxPages: 10 });
      return { defaultBranch, protectedBranches: items.filter((b) => b.protected === true).map((b) => b.name) };
    },

    poll: (request) =>
      pollRepo({ client, accountId: options.accountId, webUrl, clock: options.clock, logger: options.logger }, request),

    rateLimit: () => client.rateLimit(),

    async setIssueState(repo, number, _kind, state) {
      // PATCH /issues/{index} changes pull requests too (they share the numbering); it needs write:issue.
      await client.send('PATCH', `${repoPathOf(repo)}/issues/${number}`, { state }, z.object({ number: z.number() }));
    },

    async createIssue(repo, title, body) {
      const created = await client.send('POST', `${repoPathOf(repo)}/issues`, { title, body }, issueSchema);
      return { number: created.number, url: created.html_url };
    },

    describeUrl: (url) => describeGiteaUrl(client, options.accountId, webUrl, url),

    async listOwnerRepos(owner) {
      const host = new URL(webUrl).host;
      const list = async (path: string) =>
        (await client.list(path, repositorySchema, { maxPages: 200 })).items.map((r) => ({
          id: String(r.id),
          path: r.full_name,
          archived: r.archived === true,
          defaultBranch: r.default_branch ?? null,
        }));
      try {
        return { repos: await list(`/orgs/${encodeURIComponent(owner)}/repos`), warning: null };
      } catch (error) {
        if (!(error instanceof ForgeError) || error.code !== 'not_found') throw error;
      }
      try {
        // Not an organisation: a user's own repositories.
        return { repos: await list(`/users/${encodeURIComponent(owner)}/repos`), warning: null };
      } catch (error) {
        if (error instanceof ForgeError && error.code === 'not_found')
          throw new ForgeError(
            'not_found',
            `There is no organisation or user "${owner}" on ${host}, or the token cannot see it. Check the spelling.`,
            error.details,
          );
        throw error;
      }
    },

    async listRepos(search) {
      const answer = await client.get('/repos/search', repoSearchSchema, {
        query: { q: search?.trim() || undefined, limit: 50, sort: 'updated', order: 'desc' },
      });
      return client
        .validItems(repositorySchema, answer.data, '/repos/search')
        .filter((r) => r.archived !== true)
        .map((r) => r.full_name);
    },

    async checkAccess() {
      const checks: AccessCheck[] = [];
      const version = await client.optional('/version', versionSchema);
      if (version) {
        const parsed = parseServerVersion(version.version);
        const feeds = atLeast(parsed.giteaLevel, FEEDS_SINCE);
        const actions = atLeast(parsed.giteaLevel, ACTIONS_SINCE);
        checks.push(
          feeds === false
            ? {
                label: 'server version',
                ok: false,
                message: `${parsed.product} ${parsed.raw} has no repository activity feeds API, which Forgebell reads to see changes.`,
                fix: 'Upgrade to Gitea 1.20 or later (or Forgejo 1.20 / 7 or later).',
              }
            : {
                label: 'server version',
                ok: true,
                message: `${parsed.product} ${parsed.raw}${feeds === null ? ' (version not recognised; assuming the activity feeds API exists)' : ''}.${actions === false ? ' Its Actions runs cannot be read (that needs Gitea 1.22+ or Forgejo 7+): pipelines are not reported.' : ''}`,
                fix: null,
              },
        );
      } else {
        checks.push({
          label: 'server version',
          ok: false,
          message: `${host} does not answer GET /version: is ${apiUrl} the API of a Gitea or Forgejo server?`,
          fix: 'The API URL of Gitea and Forgejo is https://HOST/api/v1.',
        });
      }
      checks.push(await probe('read:repository', '/repos/search', 'read repositories and their activity'));
      checks.push(await probe('read:issue', '/repos/issues/search', 'read issues and pull requests'));
      return checks;
    },
  };
}
