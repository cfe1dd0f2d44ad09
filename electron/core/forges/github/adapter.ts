import { z } from 'zod';
import type { RepoInfo } from '../../events/forge-event.js';
import type { RequestLedger } from '../../http/request-ledger.js';
import { systemClock, type Clock } from '../../runtime/clock.js';
import { silentLogger, type Logger } from '../../runtime/logger.js';
import { ForgeError } from '../forge-error.js';
import type { BranchInfo, ForgeAdapter, WhoAmI } from '../forge-adapter.js';
import { ConditionalCache } from './conditional-cache.js';
import { describeGitHubUrl } from './describe-url.js';
import { GitHubClient, nextLink, type GitHubHttpOptions } from './client.js';
import { branchListSchema, createdIssueSchema, repoSchema, whoamiSchema } from './schemas.js';
import { OrgFeeds } from './org-feeds.js';
import { githubPeople } from './people.js';
import { AccessibleRepos, listGitHubOwnerRepos } from './owner-repos.js';
import { githubQueueSource } from './queue-read.js';
import { GitHubPollCycle } from './poll-cycle.js';
import { parseRepoRef, repoApiPath, webUrlFromApiUrl } from './web-urls.js';

export interface GitHubAdapterOptions {
  accountId: string;
  /** https://api.github.com or https://HOST/api/v3 */
  apiUrl: string;
  token: string | null;
  /** Transport: per-account dispatcher (custom CA, proxy), or a fetch for tests. */
  http?: GitHubHttpOptions;
  clock?: Clock;
  logger?: Logger;
  ledger?: RequestLedger;
}

const MAX_BRANCH_PAGES = 10;

/** The GitHub (github.com and Enterprise Server) ForgeAdapter. */
export function createGitHubAdapter(options: GitHubAdapterOptions): ForgeAdapter {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentLogger;
  const webUrl = webUrlFromApiUrl(options.apiUrl);
  const client = new GitHubClient({
    apiUrl: options.apiUrl,
    token: options.token,
    clock,
    ...(options.http ? { http: options.http } : {}),
    ...(options.ledger ? { ledger: options.ledger } : {}),
  });
  const { accountId } = options;
  // Repository and branch answers are revalidated with If-None-Match: re-reading them costs a free 304.
  const conditional = new ConditionalCache(client);
  const orgFeeds = new OrgFeeds(client, clock, logger, async () => (await cachedWhoami()).login);
  const cycle = new GitHubPollCycle({
    client,
    conditional,
    accountId,
    webUrl,
    logger,
    clock,
    now: () => clock.now(),
    orgFeeds,
  });

  const repoList = new AccessibleRepos(conditional, clock);
  const queue = githubQueueSource(client, { clock, logger });

  async function resolveRepo(repo: string): Promise<RepoInfo> {
    const ref = parseRepoRef(repo, webUrl);
    if (!ref) throw new ForgeError('invalid_input', `"${repo}" is not a GitHub repository; write it as owner/name.`);
    const data = await conditional.get(repoApiPath(`${ref.owner}/${ref.name}`), repoSchema, { what: 'repository' });
    if (!data) throw new ForgeError('bad_response', 'GitHub sent an empty repository answer.');
    return {
      path: data.full_name,
      webUrl: data.html_url,
      defaultBranch: data.default_branch ?? null,
      visibility: githubVisibility(data),
    };
  }

  async function branches(
    repo: string,
    need: { protectedBranches: boolean } = { protectedBranches: true },
  ): Promise<BranchInfo> {
    const info = await resolveRepo(repo);
    const protectedBranches: string[] = [];
    if (!need.protectedBranches) return { defaultBranch: info.defaultBranch, protectedBranches, protectedKnown: false };
    let url: string | null = repoApiPath(info.path) + '/branches';
    for (let page = 0; url && page < MAX_BRANCH_PAGES; page++) {
      const result = await conditional.getWithHeaders(url, branchListSchema, {
        query: page === 0 ? { protected: 'true', per_page: 100 } : undefined,
        what: 'branch list',
      });
      for (const branch of result.data) if (branch.protected !== false) protectedBranches.push(branch.name);
      url = nextLink(result.headers);
    }
    return { defaultBranch: info.defaultBranch, protectedBranches };
  }

  async function feedPosition(repo: string): Promise<number | null> {
    const page = await client.get(
      `${repoApiPath(repo)}/events`,
      z.array(z.object({ id: z.union([z.string(), z.number()]) }).passthrough()),
      { query: { per_page: 1 }, what: 'events feed' },
    );
    const seq = Number(page.data?.[0]?.id);
    return Number.isSafeInteger(seq) ? seq : page.data?.length === 0 ? 0 : null;
  }

  /** Who the token is, remembered for an hour (owner listings ask on every listing). */
  let identity: { at: number; me: Promise<WhoAmI> } | null = null;
  const cachedWhoami = (): Promise<WhoAmI> => {
    if (!identity || clock.now() - identity.at > 3_600_000) {
      const me = whoami();
      identity = { at: clock.now(), me };
      me.catch(() => (identity = null));
    }
    return identity.me;
  };

  async function whoami(): Promise<WhoAmI> {
    const result = await client.get('/user', whoamiSchema, { what: 'user' });
    if (!result.data) throw new ForgeError('bad_response', 'GitHub sent an empty user answer.');
    const header = result.headers.get('x-oauth-scopes');
    const scopes =
      header === null
        ? null
        : header
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean);
    return { login: result.data.login, name: result.data.name ?? null, scopes };
  }

  async function setIssueState(
    repo: string,
    number: number,
    kind: 'issue' | 'pull',
    state: 'closed' | 'open',
  ): Promise<void> {
    await client.send(
      `${repoApiPath(repo)}/${kind === 'pull' ? 'pulls' : 'issues'}/${number}`,
      'PATCH',
      { state },
      createdIssueSchema,
      kind === 'pull' ? 'pull request' : 'issue',
    );
  }

  async function createIssue(repo: string, title: string, body: string) {
    const created = await client.send(
      `${repoApiPath(repo)}/issues`,
      'POST',
      { title, body },
      createdIssueSchema,
      'created issue',
    );
    return { number: created.number, url: created.html_url };
  }

  return {
    kind: 'github',
    accountId,
    webUrl,
    whoami,
    resolveRepo,
    feedPosition,
    branches,
    prepareCycle: (requests) => cycle.prepare(requests),
    poll: (request) => cycle.poll(request),
    rateLimit: () => client.rateLimit(),
    readingSummary: () =>
      [cycle.hydrationSummary(), orgFeeds.summary(), queue.summary()]
        .filter((part): part is string => part !== null)
        .join('; '),
    setIssueState,
    createIssue,
    describeUrl: (url) => describeGitHubUrl({ client, accountId, webUrl, logger }, url),
    people: githubPeople(client, resolveRepo),
    listRepos: (search) => repoList.search(search),
    listOwnerRepos: (owner) =>
      listGitHubOwnerRepos({ conditional, logger, whoami: cachedWhoami, host: new URL(webUrl).host }, owner),
    takeOwnerHints: () => orgFeeds.takeHints(),
    queue,
  };
}

/** `visibility` where GitHub sends it (public, private, internal on GHEC/GHES), else the `private` flag. */
function githubVisibility(repo: { private?: boolean | null; visibility?: string | null }): RepoInfo['visibility'] {
  if (repo.visibility === 'public' || repo.visibility === 'private' || repo.visibility === 'internal')
    return repo.visibility;
  if (repo.private === true) return 'private';
  if (repo.private === false) return 'public';
  return null;
}
