import { createGraphqlEndpoint } from './graphql-route.js';
import {
  deploy,
  deploymentStatus,
  updateWorkflowRun,
  workflowRun,
  type DeployInput,
  type RunUpdate,
  type StatusInput,
  type WorkflowRunInput,
} from './ci-actions.js';
import {
  closeIssue,
  comment,
  labelIssue,
  openIssue,
  reopenIssue,
  startDiscussion,
  type CommentResult,
  type CommentTarget,
  type IssueInput,
} from './issue-actions.js';
import {
  markReady,
  mergePull,
  openPull,
  pushToFork,
  review,
  type PullInput,
  type ReviewInput,
} from './pull-actions.js';
import { RateLimiter, type RateLimitOptions, type RateLimitResource } from './rate-limiter.js';
import {
  archiveRepo,
  createBranch,
  createRepo,
  deleteRepo,
  moveRepo,
  createTag,
  deleteBranch,
  deleteTag,
  editWiki,
  publishRelease,
  push,
  type CommitInput,
  type CreateRepoOptions,
  type PushResult,
  type ReleaseInput,
  type WikiPageInput,
} from './repo-actions.js';
import type { TokenInfo } from './router.js';
import { DeviceFlowFake, type DeviceFlowFakeOptions } from './device-flow-fake.js';
import { assign, requestReview, type ReviewRequestInput } from './assign-actions.js';
import { actRoutes } from './routes-act.js';
import {
  deployReviewRoutes,
  reviewPendingDeployment,
  type WaitingDeployment,
  type WaitingDeploymentInput,
  waitForApproval,
} from './deploy-review.js';
import { ciRoutes } from './routes-ci.js';
import { peopleRoutes } from './routes-people.js';
import { eventRoutes, type FeedShaper } from './routes-events.js';
import { issueRoutes } from './routes-issues.js';
import { repoRoutes } from './routes-repos.js';
import { emptyStats, FakeHttpServer, type FailureSpec, type FakeStats, type NotModifiedHeaders } from './server.js';
import { World } from './world.js';
import type {
  FakeAction,
  FakeDeployment,
  FakeDeploymentStatus,
  FakeDiscussion,
  FakeIssue,
  FakeNotification,
  FakeRelease,
  FakeRepo,
  FakeRun,
} from './world-types.js';

export type {
  FeedShaper,
  NotModifiedHeaders,
  CommentTarget,
  FailureSpec,
  FakeAction,
  FakeStats,
  RateLimitResource,
  TokenInfo,
  WorkflowRunInput,
  DeployInput,
  PullInput,
  IssueInput,
  ReviewRequestInput,
  FakeNotification,
};
export { ManualClock } from '../clock.js';
export { ZERO_SHA } from './world.js';
export {
  DEFAULT_DEVICE_CLIENT_ID,
  DeviceFlowFake,
  type ApproveOptions,
  type DeviceFlowFakeOptions,
  type FakeDeviceCode,
} from './device-flow-fake.js';

export const DEFAULT_GITHUB_TOKEN = 'ghp_forgebellFakeToken000000000000000000';
export const DEFAULT_GITHUB_LOGIN = 'octocat';

export interface GitHubFakeOptions {
  /** '' for github.com (API at the root), '/api/v3' for GitHub Enterprise Server. */
  prefix?: string;
  /** X-Poll-Interval on event feeds (default 60). */
  pollIntervalSeconds?: number;
  /** token → login and scopes (scopes null = fine-grained token: no x-oauth-scopes header). Others get 401. */
  tokens?: Record<string, TokenInfo>;
  /** Injectable clock (virtual time for benchmarks). Default Date.now. */
  now?: () => number;
  /** Events show up in feeds this long after the action (default 0). */
  eventLagMs?: number;
  rateLimit?: RateLimitOptions;
  /** Feed retention: 300 events, 30 days by default (GitHub's limits). */
  maxEvents?: number;
  maxEventAgeDays?: number;
  /** Actor of mutators called without `actor` (default octocat). */
  defaultActor?: string;
  /** OAuth device flow on the web origin (client IDs, expiry, interval). */
  deviceFlow?: DeviceFlowFakeOptions;
  /** What a 304 repeats of its 200's headers (default `bare`: nothing, as GitHub may). */
  notModifiedHeaders?: NotModifiedHeaders;
  /** Reshapes every feed entry as served (thinned payloads, null type/time); see feed-shaping.ts. */
  feedShaper?: FeedShaper | null;
}

export interface GitHubFake {
  /** API base to configure an account with: origin + prefix. */
  readonly apiUrl: string;
  /** Web base (html_url host): the origin. */
  readonly webUrl: string;
  /** GraphQL endpoint (POST): origin + /graphql on github.com, origin + /api/graphql on GHES. */
  readonly graphqlUrl: string;
  readonly world: World;
  /** OAuth device flow: approve / deny / expire codes as the user would. */
  readonly deviceFlow: DeviceFlowFake;
  readonly stats: FakeStats;
  resetStats(): void;
  /** Every mutator call with the time it was recorded. */
  readonly actions: readonly FakeAction[];
  pollIntervalSeconds: number;
  /** See GitHubFakeOptions.notModifiedHeaders; may be changed at any time. */
  notModifiedHeaders: NotModifiedHeaders;
  /** See GitHubFakeOptions.feedShaper; may be changed at any time (null: entries as GitHub renders them in full). */
  feedShaper: FeedShaper | null;
  /** Every GraphQL query document received, oldest first. */
  readonly graphqlQueries: readonly string[];
  setEventLag(ms: number): void;
  /** Sets the primary budget left for a login (default: every configured token's login); `resource: 'graphql'` sets the GraphQL bucket. */
  setRateLimit(state: {
    remaining?: number;
    limit?: number;
    resetInSeconds?: number;
    login?: string;
    resource?: RateLimitResource;
  }): void;
  failNext(pathPattern: RegExp | string, spec: FailureSpec): void;
  /** Secondary rate limit: 403 (or 429) with retry-after on the next matching request(s). */
  secondaryLimit(
    pathPattern?: RegExp | string,
    options?: { retryAfterSeconds?: number; status?: 403 | 429; times?: number },
  ): void;
  close(): Promise<void>;
  /** Adds a token (a person's own) the fake accepts; `scopes: null` is a fine-grained token. */
  addToken(token: string, info: TokenInfo): void;
  /** The token stops working (401 Bad credentials), as when its owner revokes it. */
  revokeToken(token: string): void;
  /** Every request that changed something, with the login of the token that made it. */
  readonly writes: readonly { method: string; path: string; login: string }[];
  /** Every user's inbox threads (`GET /notifications`). */
  readonly notifications: readonly FakeNotification[];
  /** Team members, for review requests to `org/slug`. */
  setTeam(org: string, slug: string, members: string[]): void;

  createRepo(fullName: string, options?: CreateRepoOptions): FakeRepo;
  /** Makes `login` a user account (its repositories are a user's, not an organisation's). */
  createUser(login: string): void;
  /** Archives (or unarchives) a repository; no feed event, as on GitHub. */
  archiveRepo(repo: string, archived?: boolean): void;
  /** Renames or transfers a repository (new owner/name): same id, the old name redirects; no feed event. */
  moveRepo(repo: string, newFullName: string): FakeRepo;
  deleteRepo(repo: string): void;
  /** The organisation enforces SAML SSO and the token is not authorised for it: its listings and feed answer 403. */
  requireSso(org: string, required?: boolean): void;
  protectBranch(repo: string, branch: string, isProtected?: boolean): void;
  /** Reading the issue or pull request fails from now on: 404 (hidden), 410 (deleted), 403 (access lost). */
  makeUnreadable(repo: string, number: number, status: 403 | 404 | 410): void;
  openIssue(repo: string, input: IssueInput): FakeIssue;
  closeIssue(repo: string, number: number, options?: { actor?: string }): void;
  reopenIssue(repo: string, number: number, options?: { actor?: string }): void;
  labelIssue(repo: string, number: number, labels: string[], options?: { actor?: string }): void;
  openPull(repo: string, input: PullInput): FakeIssue;
  markReady(repo: string, number: number, options?: { actor?: string }): void;
  /** A push to a fork's pull request (nothing in this repository's feed); returns the new head sha. */
  pushToFork(repo: string, number: number, options?: { actor?: string }): string;
  /** Returns the merge commit sha. */
  mergePull(repo: string, number: number, options?: { actor?: string }): string;
  closePull(repo: string, number: number, options?: { actor?: string }): void;
  review(repo: string, number: number, input: ReviewInput): number;
  /** Asks users and teams for a review: one `review_requested` event each, inbox threads for them. */
  requestReview(repo: string, number: number, input: ReviewRequestInput): string[];
  /** Assigns users to an issue or pull request: one `assigned` event each, inbox threads for them. */
  assign(repo: string, number: number, assignees: string[], options?: { actor?: string }): string[];
  comment(repo: string, target: CommentTarget, body: string, options?: { actor?: string }): CommentResult;
  push(repo: string, branch: string, commits: number | CommitInput[], options?: { actor?: string }): PushResult;
  createBranch(repo: string, name: string, options?: { from?: string; actor?: string }): string;
  deleteBranch(repo: string, name: string, options?: { actor?: string }): void;
  createTag(repo: string, name: string, options?: { sha?: string; actor?: string }): string;
  deleteTag(repo: string, name: string, options?: { actor?: string }): void;
  publishRelease(repo: string, input: ReleaseInput): FakeRelease;
  workflowRun(repo: string, input: WorkflowRunInput): FakeRun;
  updateWorkflowRun(repo: string, runId: number, update: RunUpdate): FakeRun;
  deploy(repo: string, input: DeployInput): FakeDeployment;
  deploymentStatus(repo: string, deploymentId: number, state: string, input?: StatusInput): FakeDeploymentStatus;
  /** A run waiting on environments with required reviewers (a `waiting` deployment per environment). */
  waitForApproval(repo: string, input: WaitingDeploymentInput): WaitingDeployment;
  /** Someone approves or rejects on GitHub's own page. */
  reviewPendingDeployment(
    repo: string,
    runId: number,
    environment: string,
    state: 'approved' | 'rejected',
    actor: string,
  ): void;
  editWiki(repo: string, pages: WikiPageInput[], options?: { actor?: string }): string;
  startDiscussion(
    repo: string,
    input: { title: string; body?: string | null; category?: string; actor?: string },
  ): FakeDiscussion;
}

/** Starts the GitHub fake on 127.0.0.1, port 0. */
export async function startGitHubFake(options: GitHubFakeOptions = {}): Promise<GitHubFake> {
  const now = options.now ?? Date.now;
  const prefix = (options.prefix ?? '').replace(/\/+$/, '');
  const tokens = options.tokens ?? {
    [DEFAULT_GITHUB_TOKEN]: { login: DEFAULT_GITHUB_LOGIN, scopes: ['repo', 'read:org'], name: 'The Octocat' },
  };
  const world = new World({
    now,
    eventLagMs: options.eventLagMs ?? 0,
    defaultActor: options.defaultActor ?? DEFAULT_GITHUB_LOGIN,
  });
  const limiter = new RateLimiter(now, options.rateLimit);
  let pollInterval = options.pollIntervalSeconds ?? 60;
  let notModified: NotModifiedHeaders = options.notModifiedHeaders ?? 'bare';
  let shaper: FeedShaper | null = options.feedShaper ?? null;
  const graphql = createGraphqlEndpoint({ world, tokens, limiter, prefix });
  const deviceFlow = new DeviceFlowFake(now, tokens, options.defaultActor ?? DEFAULT_GITHUB_LOGIN, options.deviceFlow);
  const server = new FakeHttpServer({
    world,
    prefix,
    tokens,
    limiter,
    pollIntervalSeconds: () => pollInterval,
    notModifiedHeaders: () => notModified,
    web: (method, path, body, type, query) => deviceFlow.handle(method, path, body, type, query),
    graphql,
    routes: [
      ...eventRoutes({
        maxEvents: options.maxEvents ?? 300,
        maxAgeDays: options.maxEventAgeDays ?? 30,
        shape: () => shaper,
      }),
      ...repoRoutes,
      ...issueRoutes,
      ...ciRoutes,
      ...peopleRoutes,
      ...actRoutes,
      ...deployReviewRoutes,
    ],
  });
  const origin = await server.listen();
  world.urls.api = origin + prefix;
  world.urls.web = origin;
  deviceFlow.webOrigin = origin;
  const logins = [...new Set(Object.values(tokens).map((t) => t.login))];
  for (const login of logins) world.userAccounts.add(login.toLowerCase());

  return {
    apiUrl: origin + prefix,
    webUrl: origin,
    graphqlUrl: origin + graphql.path,
    world,
    deviceFlow,
    get stats() {
      return server.stats;
    },
    resetStats: () => void (server.stats = emptyStats()),
    actions: world.actions,
    get pollIntervalSeconds() {
      return pollInterval;
    },
    set pollIntervalSeconds(value: number) {
      pollInterval = value;
    },
    get notModifiedHeaders() {
      return notModified;
    },
    set notModifiedHeaders(value: NotModifiedHeaders) {
      notModified = value;
    },
    get feedShaper() {
      return shaper;
    },
    set feedShaper(value: FeedShaper | null) {
      shaper = value;
    },
    graphqlQueries: graphql.received,
    setEventLag: (ms) => void (world.eventLagMs = ms),
    setRateLimit: ({ login, resource, ...state }) => {
      for (const name of login ? [login] : logins) limiter.set(name, state, resource);
    },
    failNext: (pattern, spec) => server.failNext(pattern, spec),
    secondaryLimit: (pattern = /./, { retryAfterSeconds = 60, status = 403, times = 1 } = {}) =>
      server.failNext(pattern, {
        status,
        times,
        headers: { 'retry-after': String(retryAfterSeconds) },
        body: {
          message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
          documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api',
        },
      }),
    close: () => server.close(),
    addToken: (token, info) => {
      tokens[token] = info;
      world.user(info.login);
    },
    revokeToken: (token) => void delete tokens[token],
    writes: server.writes,
    notifications: world.notifications,
    setTeam: (org, slug, members) => void world.teams.set(`${org}/${slug}`.toLowerCase(), members),

    createRepo: (fullName, o) => createRepo(world, fullName, o),
    createUser: (login) => void world.userAccounts.add(login.toLowerCase()),
    archiveRepo: (repo, archived) => archiveRepo(world, repo, archived),
    moveRepo: (repo, to) => moveRepo(world, repo, to),
    deleteRepo: (repo) => deleteRepo(world, repo),
    requireSso: (org, required = true) =>
      void (required ? world.ssoRequired.add(org.toLowerCase()) : world.ssoRequired.delete(org.toLowerCase())),
    protectBranch: (repo, branch, isProtected = true) => {
      const r = world.repo(repo);
      if (isProtected) r.protectedBranches.add(branch);
      else r.protectedBranches.delete(branch);
    },
    makeUnreadable: (repo, number, status) => {
      const issue = world.repo(repo).issues.get(number);
      if (!issue) throw new Error(`GitHub fake: no issue or pull #${number} in ${repo}`);
      issue.unreadable = status;
    },
    openIssue: (repo, input) => openIssue(world, repo, input),
    closeIssue: (repo, n, o) => closeIssue(world, repo, n, o),
    reopenIssue: (repo, n, o) => reopenIssue(world, repo, n, o),
    labelIssue: (repo, n, labels, o) => labelIssue(world, repo, n, labels, o),
    openPull: (repo, input) => openPull(world, repo, input),
    pushToFork: (repo, n, o) => pushToFork(world, repo, n, o),
    markReady: (repo, n, o) => markReady(world, repo, n, o),
    mergePull: (repo, n, o) => mergePull(world, repo, n, o),
    closePull: (repo, n, o) => closeIssue(world, repo, n, o),
    review: (repo, n, input) => review(world, repo, n, input),
    requestReview: (repo, n, input) => requestReview(world, repo, n, input),
    assign: (repo, n, assignees, o) => assign(world, repo, n, assignees, o),
    comment: (repo, target, body, o) => comment(world, repo, target, body, o),
    push: (repo, branch, commits, o) => push(world, repo, branch, commits, o),
    createBranch: (repo, name, o) => createBranch(world, repo, name, o),
    deleteBranch: (repo, name, o) => deleteBranch(world, repo, name, o),
    createTag: (repo, name, o) => createTag(world, repo, name, o),
    deleteTag: (repo, name, o) => deleteTag(world, repo, name, o),
    publishRelease: (repo, input) => publishRelease(world, repo, input),
    workflowRun: (repo, input) => workflowRun(world, repo, input),
    updateWorkflowRun: (repo, id, update) => updateWorkflowRun(world, repo, id, update),
    deploy: (repo, input) => deploy(world, repo, input),
    deploymentStatus: (repo, id, state, input) => deploymentStatus(world, repo, id, state, input),
    waitForApproval: (repo, input) => waitForApproval(world, repo, input),
    reviewPendingDeployment: (repo, run, env, state, actor) =>
      reviewPendingDeployment(world, repo, run, env, state, actor),
    editWiki: (repo, pages, o) => editWiki(world, repo, pages, o),
    startDiscussion: (repo, input) => startDiscussion(world, repo, input),
  };
}
