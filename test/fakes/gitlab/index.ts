import { deploy, publishRelease, runPipeline, updateDeployment, updatePipeline } from './ci-actions.js';
import {
  approve,
  comment,
  editWiki,
  labelIssue,
  mergeMergeRequest,
  openIssue,
  openMergeRequest,
  setIssueState,
  setMergeRequestState,
  unapprove,
} from './issue-actions.js';
import { RateLimiter, type RateLimitOptions } from './rate-limiter.js';
import {
  archiveProject,
  createBranch,
  createProject,
  deleteProject,
  moveProject,
  shareProject,
  createTag,
  deleteBranch,
  deleteTag,
  protectBranch,
  push,
  pushRefs,
} from './repo-actions.js';
import { accountRoutes } from './routes-account.js';
import { actRoutes } from './routes-act.js';
import { blockDeployment, decideDeployment, deployApprovalRoutes } from './deploy-approval.js';
import { groupRoutes } from './routes-groups.js';
import { ciRoutes } from './routes-ci.js';
import { issueRoutes } from './routes-issues.js';
import { repositoryRoutes } from './routes-repository.js';
import { peopleRoutes } from './routes-people.js';
import { DeviceGrantFake } from './device-grant-fake.js';
import { startServer, type FailureSpec, type FakeStats } from './server.js';
import { createGitLabGraphql } from './graphql.js';
import { World } from './world.js';
import type { FakeAction, FakeEvent, FakeIssue, FakeMergeRequest, FakeProject } from './world-types.js';

export { ManualClock } from '../clock.js';
export type { FailureSpec, FakeStats } from './server.js';
export type * from './world-types.js';
export type { CreateProjectOptions, PushOptions, PushRefsOptions, PushResult, RefChange } from './repo-actions.js';
export type { OpenIssueOptions, OpenMergeRequestOptions, CommentOptions } from './issue-actions.js';
export type { JobSpec, RunPipelineOptions } from './ci-actions.js';
export { DEFAULT_GITLAB_CLIENT_ID, DeviceGrantFake } from './device-grant-fake.js';

export interface GitLabFakeOptions {
  /** Accepted token (PRIVATE-TOKEN or Bearer). */
  token?: string;
  /** Scopes reported by /personal_access_tokens/self; without `api`, writes get 403 insufficient_scope. */
  scopes?: string[];
  username?: string;
  name?: string;
  /** Injectable clock: every created_at / updated_at and the rate-limit window use it. */
  now?: () => number;
  rateLimit?: Partial<RateLimitOptions>;
  /** Delay before each answer (real milliseconds). */
  latencyMs?: number;
}

type Bound<F> = F extends (store: World, ...args: infer A) => infer R ? (...args: A) => R : never;
type By = { author?: string };

export interface GitLabFake {
  /** Web root, http://127.0.0.1:PORT. */
  readonly url: string;
  /** http://127.0.0.1:PORT/api/v4 */
  readonly apiUrl: string;
  readonly token: string;
  readonly store: World;
  readonly stats: FakeStats;
  /** Every GraphQL document received (POST /api/graphql), oldest first. */
  readonly graphqlQueries: readonly string[];
  /** GraphQL's complexity limit (GitLab's default for authenticated requests: 250). */
  setGraphqlMaxComplexity(limit: number): void;
  /** Every mutator call with the (fake-clock) time it was recorded. */
  readonly actions: readonly FakeAction[];
  now(): number;
  project(ref: string | number): FakeProject;
  setScopes(scopes: string[]): void;
  setToken(token: string): void;
  /** A person's own token (personal access or OAuth): requests with it act as `username`. */
  addToken(token: string, username: string, scopes?: string[]): void;
  /** The token stops working (401), as when its owner revokes it. */
  revokeToken(token: string): void;
  /** OAuth device authorization grant (GitLab ≥ 17.2): approve / deny / expire codes as the user would. */
  readonly deviceGrant: DeviceGrantFake;
  /** Fail the next request(s) whose decoded path + query matches: 5xx, HTML, truncated JSON, 429… */
  failNext(pattern: RegExp | string, spec?: FailureSpec): void;
  configureRateLimit(options: Partial<RateLimitOptions>): void;
  /** The next request gets a 429 with Retry-After and RateLimit-ResetTime. */
  exhaustRateLimit(): void;
  close(): Promise<void>;

  createProject: Bound<typeof createProject>;
  /** An empty group (projects make their groups exist on their own). */
  createGroup(path: string): void;
  archiveProject: Bound<typeof archiveProject>;
  /** Renames a project or transfers it to another group: same id, the old path redirects. */
  moveProject: Bound<typeof moveProject>;
  deleteProject: Bound<typeof deleteProject>;
  shareProject: Bound<typeof shareProject>;
  /** Whether the token's user is a member of the project (default: yes). A non-member's dashboard leaves it out. */
  setMember(path: string, member: boolean): void;
  push: Bound<typeof push>;
  /** One push of several refs: more than the limit (3) of one kind and action become one bulk push event. */
  pushRefs: Bound<typeof pushRefs>;
  /** Adds an events feed row served as given (with a fresh id and time unless it sets its own). */
  addRawEvent(project: string, raw: Record<string, unknown>): FakeEvent;
  createBranch: Bound<typeof createBranch>;
  deleteBranch: Bound<typeof deleteBranch>;
  createTag: Bound<typeof createTag>;
  deleteTag: Bound<typeof deleteTag>;
  protectBranch: Bound<typeof protectBranch>;
  openIssue: Bound<typeof openIssue>;
  closeIssue(project: string, iid: number, options?: By): FakeIssue;
  reopenIssue(project: string, iid: number, options?: By): FakeIssue;
  labelIssue: Bound<typeof labelIssue>;
  openMergeRequest: Bound<typeof openMergeRequest>;
  mergeMergeRequest: Bound<typeof mergeMergeRequest>;
  closeMergeRequest(project: string, iid: number, options?: By): FakeMergeRequest;
  reopenMergeRequest(project: string, iid: number, options?: By): FakeMergeRequest;
  approve: Bound<typeof approve>;
  unapprove: Bound<typeof unapprove>;
  comment: Bound<typeof comment>;
  editWiki: Bound<typeof editWiki>;
  runPipeline: Bound<typeof runPipeline>;
  updatePipeline: Bound<typeof updatePipeline>;
  deploy: Bound<typeof deploy>;
  updateDeployment: Bound<typeof updateDeployment>;
  /** A deployment to a protected environment waiting for these approvers (status `blocked`). */
  blockDeployment: Bound<typeof blockDeployment>;
  /** Someone approves or rejects on GitLab's own page. */
  decideDeployment: Bound<typeof decideDeployment>;
  publishRelease: Bound<typeof publishRelease>;
}

/** Starts a fake GitLab REST API v4 on 127.0.0.1 (random port) over a small, consistent world. */
export async function startGitLabFake(options: GitLabFakeOptions = {}): Promise<GitLabFake> {
  const now = options.now ?? (() => Date.now());
  const store = new World(now, options.username ?? 'fake-user', options.name ?? 'Fake User');
  let token = options.token ?? 'glpat-fakegitlabtoken0001';
  let scopes = options.scopes ?? ['api', 'read_api', 'read_user'];
  const tokenCreatedAt = store.iso();
  const limiter = new RateLimiter(now, { limit: 2000, windowMs: 60_000, ...options.rateLimit });
  const routes = [
    ...accountRoutes(() => ({ name: 'forgebell', createdAt: tokenCreatedAt, scopes })),
    ...groupRoutes(),
    ...issueRoutes(),
    ...repositoryRoutes(),
    ...ciRoutes(),
    ...actRoutes(),
    ...deployApprovalRoutes(),
    ...peopleRoutes,
  ];
  const deviceGrant = new DeviceGrantFake(store);
  let base = '';
  const graphql = createGitLabGraphql(store, () => base);
  const server = await startServer({
    store,
    routes,
    limiter,
    token: () => token,
    scopes: () => scopes,
    latencyMs: options.latencyMs ?? 0,
    web: (method, path, input) => deviceGrant.handle(method, path, input),
    graphql,
  });
  base = server.base;
  deviceGrant.webOrigin = server.base;
  // OAuth access tokens stop working when they expire (GitLab: after 2 hours).
  const personal = store.personalTokens;
  const get = personal.get.bind(personal);
  personal.get = (token) => {
    const until = deviceGrant.expiry.get(token);
    return until !== undefined && now() > until ? undefined : get(token);
  };

  return {
    url: server.base,
    apiUrl: `${server.base}/api/v4`,
    get token() {
      return token;
    },
    store,
    stats: server.stats,
    graphqlQueries: graphql.received,
    setGraphqlMaxComplexity: (limit) => graphql.setMaxComplexity(limit),
    actions: store.actions,
    now,
    project: (ref) => store.project(ref),
    setScopes: (next) => void (scopes = [...next]),
    setToken: (next) => void (token = next),
    addToken: (next, username, tokenScopes = ['api', 'read_api', 'read_user']) =>
      void store.personalTokens.set(next, { user: store.user(username), scopes: tokenScopes }),
    revokeToken: (old) => void store.personalTokens.delete(old),
    deviceGrant,
    failNext: (pattern, spec) => server.failNext(pattern, spec),
    configureRateLimit: (next) => limiter.configure(next),
    exhaustRateLimit: () => limiter.exhaust(),
    close: () => server.close(),

    createProject: (...args) => createProject(store, ...args),
    createGroup: (path) => void store.groups.add(path),
    archiveProject: (...args) => archiveProject(store, ...args),
    moveProject: (...args) => moveProject(store, ...args),
    deleteProject: (...args) => deleteProject(store, ...args),
    shareProject: (...args) => shareProject(store, ...args),
    setMember: (path, member) => void (store.project(path).member = member),
    push: (...args) => push(store, ...args),
    pushRefs: (...args) => pushRefs(store, ...args),
    addRawEvent: (project, raw) =>
      store.addEvent(store.project(project), {
        actionName: String(raw.action_name ?? ''),
        targetId: null,
        targetIid: null,
        targetType: null,
        targetTitle: null,
        author: store.me,
        raw,
      }),
    createBranch: (...args) => createBranch(store, ...args),
    deleteBranch: (...args) => deleteBranch(store, ...args),
    createTag: (...args) => createTag(store, ...args),
    deleteTag: (...args) => deleteTag(store, ...args),
    protectBranch: (...args) => protectBranch(store, ...args),
    openIssue: (...args) => openIssue(store, ...args),
    closeIssue: (project, iid, by) => setIssueState(store, project, iid, 'closed', by),
    reopenIssue: (project, iid, by) => setIssueState(store, project, iid, 'opened', by),
    labelIssue: (...args) => labelIssue(store, ...args),
    openMergeRequest: (...args) => openMergeRequest(store, ...args),
    mergeMergeRequest: (...args) => mergeMergeRequest(store, ...args),
    closeMergeRequest: (project, iid, by) => setMergeRequestState(store, project, iid, 'closed', by),
    reopenMergeRequest: (project, iid, by) => setMergeRequestState(store, project, iid, 'opened', by),
    approve: (...args) => approve(store, ...args),
    unapprove: (...args) => unapprove(store, ...args),
    comment: (...args) => comment(store, ...args),
    editWiki: (...args) => editWiki(store, ...args),
    runPipeline: (...args) => runPipeline(store, ...args),
    updatePipeline: (...args) => updatePipeline(store, ...args),
    deploy: (...args) => deploy(store, ...args),
    updateDeployment: (...args) => updateDeployment(store, ...args),
    blockDeployment: (...args) => blockDeployment(store, ...args),
    decideDeployment: (...args) => decideDeployment(store, ...args),
    publishRelease: (...args) => publishRelease(store, ...args),
  };
}
