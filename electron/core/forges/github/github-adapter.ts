import type { ForgeEvent, RepoInfo } from '../../events/forge-event.js';
import { systemClock, type Clock } from '../../runtime/clock.js';
import { silentLogger, type Logger } from '../../runtime/logger.js';
import { ForgeError } from '../forge-error.js';
import type { BranchInfo, ForgeAdapter, PollRequest, PollResult, WhoAmI } from '../forge-adapter.js';
import { describeGitHubUrl } from './describe-url.js';
import { pollDeployments } from './deployments-poll.js';
import type { RepoContext } from './event-base.js';
import { pollEventsFeed } from './events-poll.js';
import { GitHubClient, nextLink, type GitHubHttpOptions, type RequestCounter } from './github-client.js';
import { readCursor, type GitHubCursor } from './github-cursor.js';
import { branchListSchema, createdIssueSchema, repoSchema, whoamiSchema } from './github-schemas.js';
import { Hydrator } from './hydration.js';
import { normaliseFeedEntry } from './normalise-feed-event.js';
import { parseRepoRef, repoApiPath, webUrlFromApiUrl } from './web-url.js';
import { pollWorkflowRuns } from './workflow-runs-poll.js';

export interface GitHubAdapterOptions {
  accountId: string;
  /** https://api.github.com or https://HOST/api/v3 */
  apiUrl: string;
  token: string | null;
  /** Transport: per-account dispatcher (custom CA, proxy), or a fetch for tests. */
  http?: GitHubHttpOptions;
  clock?: Clock;
  logger?: Logger;
}

const MAX_BRANCH_PAGES = 10;

/** The GitHub (github.com and Enterprise Server) ForgeAdapter. */
export function createGitHubAdapter(options: GitHubAdapterOptions): ForgeAdapter {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentLogger;
  const webUrl = webUrlFromApiUrl(options.apiUrl);
  const client = new GitHubClient({ apiUrl: options.apiUrl, token: options.token, clock, ...(options.http ? { http: options.http } : {}) });
  const { accountId } = options;

  async function poll(request: PollRequest): Promise<PollResult> {
    const repoPath = repoApiPath(request.repo);
    const cursor = readCursor(request.cursor, logger, request.repo);
    const counter: RequestCounter = { total: 0, billable: 0 };
    const ctx: RepoContext = { accountId, repo: request.repo, repoUrl: `${webUrl}/${request.repo}`, webUrl };
    const common = { client, repoPath, since: request.since, counter, logger };

    const feed = await pollEventsFeed({ ...common, repo: request.repo, state: cursor?.events ?? null, now: clock.now() });
    const hydrator = new Hydrator(client, repoPath, counter, logger);
    const events: ForgeEvent[] = [];
    for (const entry of feed.fresh) {
      const event = await normaliseFeedEntry({ repo: ctx, hydrator, logger, ...(request.branchWanted ? { branchWanted: request.branchWanted } : {}) }, entry, request.wanted);
      if (event) events.push(event);
    }
    const next: GitHubCursor = { v: 1, events: feed.state };
    if (request.wanted.has('pipelines')) {
      const runs = await pollWorkflowRuns({ ...common, ctx, state: cursor?.runs ?? null });
      events.push(...runs.events);
      next.runs = runs.state;
    } else if (cursor?.runs) next.runs = cursor.runs;
    if (request.wanted.has('deployments')) {
      const deployments = await pollDeployments({ ...common, ctx, state: cursor?.deployments ?? null });
      events.push(...deployments.events);
      next.deployments = deployments.state;
    } else if (cursor?.deployments) next.deployments = cursor.deployments;

    events.sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
    return {
      events,
      cursor: next,
      ...(feed.pollIntervalSeconds !== null ? { minIntervalSeconds: feed.pollIntervalSeconds } : {}),
      warnings: feed.warnings,
      requests: counter,
    };
  }

  async function resolveRepo(repo: string): Promise<RepoInfo> {
    const ref = parseRepoRef(repo, webUrl);
    if (!ref) throw new ForgeError('invalid_input', `"${repo}" is not a GitHub repository; write it as owner/name.`);
    const data = (await client.get(repoApiPath(`${ref.owner}/${ref.name}`), repoSchema, { what: 'repository' })).data;
    if (!data) throw new ForgeError('bad_response', 'GitHub sent an empty repository answer.');
    return { path: data.full_name, webUrl: data.html_url, defaultBranch: data.default_branch ?? null };
  }

  async function branches(repo: string): Promise<BranchInfo> {
    const info = await resolveRepo(repo);
    const protectedBranches: string[] = [];
    let url: string | null = repoApiPath(info.path) + '/branches';
    for (let page = 0; url && page < MAX_BRANCH_PAGES; page++) {
      const result = await client.get(url, branchListSchema, { query: page === 0 ? { protected: 'true', per_page: 100 } : undefined, what: 'branch list' });
      for (const branch of result.data ?? []) if (branch.protected !== false) protectedBranches.push(branch.name);
      url = nextLink(result.headers);
    }
    return { defaultBranch: info.defaultBranch, protectedBranches };
  }

  async function whoami(): Promise<WhoAmI> {
    const result = await client.get('/user', whoamiSchema, { what: 'user' });
    if (!result.data) throw new ForgeError('bad_response', 'GitHub sent an empty user answer.');
    const header = result.headers.get('x-oauth-scopes');
    const scopes = header === null ? null : header.split(',').map((s) => s.trim()).filter(Boolean);
    return { login: result.data.login, name: result.data.name ?? null, scopes };
  }

  async function setIssueState(repo: string, number: number, kind: 'issue' | 'pull', state: 'closed' | 'open'): Promise<void> {
    await client.send(`${repoApiPath(repo)}/${kind === 'pull' ? 'pulls' : 'issues'}/${number}`, 'PATCH', { state }, createdIssueSchema, kind === 'pull' ? 'pull request' : 'issue');
  }

  async function createIssue(repo: string, title: string, body: string) {
    const created = await client.send(`${repoApiPath(repo)}/issues`, 'POST', { title, body }, createdIssueSchema, 'created issue');
    return { number: created.number, url: created.html_url };
  }

  return {
    kind: 'github',
    accountId,
    webUrl,
    whoami,
    resolveRepo,
    branches,
    poll,
    rateLimit: () => client.rateLimit(),
    setIssueState,
    createIssue,
    describeUrl: (url) => describeGitHubUrl({ client, accountId, webUrl, logger }, url),
  };
}
