import { buildSchema, GraphQLError, type GraphQLResolveInfo, type GraphQLSchema, type SelectionSetNode } from 'graphql';
import { resolveRef } from './commit-graph.js';
import { iso } from './render.js';
import { canSee, type TokenInfo } from './router.js';
import type { World } from './world.js';
import type { FakeCommit, FakeDeployment, FakeIssue, FakeRepo, FakeReview, FakeRun } from './world-types.js';

/**
 * A subset of GitHub's public GraphQL schema (names and types as GitHub spells them), enough to hydrate
 * pull requests, issues and pushed commits of many repositories in one request.
 */
export const GITHUB_GRAPHQL_SDL = /* GraphQL */ `
  "An ISO-8601 encoded UTC date string."
  scalar DateTime
  "An RFC 3986, RFC 3987, and RFC 6570 (level 4) compliant URI string."
  scalar URI
  "A Git object ID."
  scalar GitObjectID
  "An ISO-8601 encoded date string. Unlike the DateTime type, GitTimestamp is not converted in UTC."
  scalar GitTimestamp

  type Mutation {
    enablePullRequestAutoMerge(input: EnablePullRequestAutoMergeInput!): EnablePullRequestAutoMergePayload
  }

  enum PullRequestMergeMethod {
    MERGE
    REBASE
    SQUASH
  }

  input EnablePullRequestAutoMergeInput {
    pullRequestId: ID!
    mergeMethod: PullRequestMergeMethod
    expectedHeadOid: GitObjectID
    commitHeadline: String
    commitBody: String
    authorEmail: String
    clientMutationId: String
  }

  type AutoMergeRequest {
    enabledAt: DateTime
    mergeMethod: PullRequestMergeMethod!
  }

  type EnablePullRequestAutoMergePayload {
    clientMutationId: String
    pullRequest: PullRequest
  }

  type Query {
    repository(owner: String!, name: String!, followRenames: Boolean = true): Repository
    viewer: User!
    organization(login: String!): Organization
    rateLimit(dryRun: Boolean = false): RateLimit
  }

  type RateLimit {
    cost: Int!
    limit: Int!
    remaining: Int!
    resetAt: DateTime!
    used: Int!
  }

  type PageInfo {
    endCursor: String
    hasNextPage: Boolean!
    hasPreviousPage: Boolean!
    startCursor: String
  }

  type Repository {
    name: String!
    nameWithOwner: String!
    url: URI!
    isPrivate: Boolean!
    defaultBranchRef: Ref
    ref(qualifiedName: String!): Ref
    pullRequest(number: Int!): PullRequest
    issue(number: Int!): Issue
    issueOrPullRequest(number: Int!): IssueOrPullRequest
    pullRequests(states: [PullRequestState!], after: String, first: Int, orderBy: IssueOrder): PullRequestConnection!
    issues(states: [IssueState!], filterBy: IssueFilters, after: String, first: Int): IssueConnection!
    object(oid: GitObjectID, expression: String): GitObject
    deployments(
      environments: [String!]
      orderBy: DeploymentOrder = { field: CREATED_AT, direction: ASC }
      after: String
      before: String
      first: Int
      last: Int
    ): DeploymentConnection!
  }

  enum OrderDirection {
    ASC
    DESC
  }

  enum DeploymentOrderField {
    CREATED_AT
  }

  input DeploymentOrder {
    field: DeploymentOrderField!
    direction: OrderDirection!
  }

  enum DeploymentState {
    ABANDONED
    ACTIVE
    DESTROYED
    ERROR
    FAILURE
    INACTIVE
    PENDING
    SUCCESS
    QUEUED
    IN_PROGRESS
    WAITING
  }

  enum DeploymentStatusState {
    PENDING
    SUCCESS
    FAILURE
    INACTIVE
    ERROR
    QUEUED
    IN_PROGRESS
    WAITING
  }

  type DeploymentStatus {
    createdAt: DateTime!
    updatedAt: DateTime!
    state: DeploymentStatusState!
    environment: String
    description: String
  }

  type Deployment {
    databaseId: Int
    createdAt: DateTime!
    updatedAt: DateTime!
    environment: String
    state: DeploymentState
    latestStatus: DeploymentStatus
    commitOid: String!
    ref: Ref
    task: String
  }

  type DeploymentConnection {
    nodes: [Deployment]
    pageInfo: PageInfo!
    totalCount: Int!
  }

  input IssueOrder {
    field: IssueOrderField!
    direction: OrderDirection!
  }

  enum IssueOrderField {
    CREATED_AT
    UPDATED_AT
    COMMENTS
  }

  input IssueFilters {
    assignee: String
  }

  type PullRequestConnection {
    nodes: [PullRequest]
    pageInfo: PageInfo!
    totalCount: Int!
  }

  type IssueConnection {
    nodes: [Issue]
    pageInfo: PageInfo!
    totalCount: Int!
  }

  enum PullRequestReviewState {
    PENDING
    COMMENTED
    APPROVED
    CHANGES_REQUESTED
    DISMISSED
  }

  type PullRequestReview {
    state: PullRequestReviewState!
    author: Actor
    submittedAt: DateTime
  }

  type PullRequestReviewConnection {
    nodes: [PullRequestReview]
    pageInfo: PageInfo!
    totalCount: Int!
  }

  type PullRequestCommit {
    commit: Commit!
  }

  type PullRequestCommitConnection {
    nodes: [PullRequestCommit]
    pageInfo: PageInfo!
    totalCount: Int!
  }

  enum StatusState {
    EXPECTED
    ERROR
    FAILURE
    PENDING
    SUCCESS
  }

  type StatusCheckRollup {
    state: StatusState!
  }

  type Ref {
    name: String!
    prefix: String!
    target: GitObject
  }

  interface GitObject {
    abbreviatedOid: String!
    oid: GitObjectID!
  }

  type Commit implements GitObject {
    abbreviatedOid: String!
    oid: GitObjectID!
    message: String!
    messageHeadline: String!
    messageBody: String!
    url: URI!
    authoredDate: DateTime!
    committedDate: DateTime!
    author: GitActor
    committer: GitActor
    parents(first: Int, after: String): CommitConnection!
    history(first: Int, after: String): CommitHistoryConnection!
    statusCheckRollup: StatusCheckRollup
    checkSuites(first: Int, after: String, filterBy: CheckSuiteFilter): CheckSuiteConnection
  }

  input CheckSuiteFilter {
    appId: Int
    checkName: String
  }

  type CheckSuiteConnection {
    nodes: [CheckSuite]
    pageInfo: PageInfo!
    totalCount: Int!
  }

  enum CheckStatusState {
    REQUESTED
    QUEUED
    IN_PROGRESS
    COMPLETED
    WAITING
    PENDING
  }

  enum CheckConclusionState {
    ACTION_REQUIRED
    TIMED_OUT
    CANCELLED
    FAILURE
    SUCCESS
    NEUTRAL
    SKIPPED
    STARTUP_FAILURE
    STALE
  }

  type App {
    databaseId: Int
    name: String!
    slug: String!
  }

  type CheckSuite {
    databaseId: Int
    app: App
    branch: Ref
    creator: User
    status: CheckStatusState!
    conclusion: CheckConclusionState
    createdAt: DateTime!
    updatedAt: DateTime!
    url: URI!
    workflowRun: WorkflowRun
  }

  type Workflow {
    databaseId: Int
    name: String!
  }

  type WorkflowRun {
    databaseId: Int
    runNumber: Int!
    event: String!
    url: URI!
    createdAt: DateTime!
    updatedAt: DateTime!
    workflow: Workflow!
  }

  type Tree implements GitObject {
    abbreviatedOid: String!
    oid: GitObjectID!
    entries: [TreeEntry!]
  }

  type TreeEntry {
    name: String!
    path: String
    type: String!
  }

  type CommitConnection {
    nodes: [Commit]
    pageInfo: PageInfo!
    totalCount: Int!
  }

  type CommitHistoryConnection {
    nodes: [Commit]
    pageInfo: PageInfo!
    totalCount: Int!
  }

  type GitActor {
    name: String
    email: String
    date: GitTimestamp
    user: User
  }

  interface Actor {
    login: String!
    avatarUrl(size: Int): URI!
    url: URI!
  }

  type User implements Actor {
    login: String!
    name: String
    avatarUrl(size: Int): URI!
    url: URI!
  }

  enum PullRequestState {
    OPEN
    CLOSED
    MERGED
  }

  enum IssueState {
    OPEN
    CLOSED
  }

  type PullRequest {
    autoMergeRequest: AutoMergeRequest
    number: Int!
    title: String!
    body: String!
    url: URI!
    state: PullRequestState!
    isDraft: Boolean!
    merged: Boolean!
    mergedAt: DateTime
    mergeCommit: Commit
    closed: Boolean!
    closedAt: DateTime
    createdAt: DateTime!
    updatedAt: DateTime!
    author: Actor
    labels(first: Int, after: String): LabelConnection
    headRefName: String!
    headRefOid: GitObjectID!
    baseRefName: String!
    baseRefOid: GitObjectID!
    assignees(first: Int, after: String): UserConnection!
    reviewRequests(first: Int, after: String): ReviewRequestConnection
    latestOpinionatedReviews(first: Int, after: String): PullRequestReviewConnection
    commits(first: Int, after: String, last: Int): PullRequestCommitConnection!
  }

  type UserConnection {
    nodes: [User]
    pageInfo: PageInfo!
    totalCount: Int!
  }

  type ReviewRequestConnection {
    nodes: [ReviewRequest]
    pageInfo: PageInfo!
    totalCount: Int!
  }

  type ReviewRequest {
    asCodeOwner: Boolean!
    requestedReviewer: RequestedReviewer
  }

  union RequestedReviewer = Bot | Mannequin | Team | User

  type Bot implements Actor {
    login: String!
    avatarUrl(size: Int): URI!
    url: URI!
  }

  type Mannequin implements Actor {
    login: String!
    avatarUrl(size: Int): URI!
    url: URI!
  }

  type Team {
    slug: String!
    name: String!
    url: URI!
    members(first: Int, after: String): TeamMemberConnection!
  }

  type TeamMemberConnection {
    nodes: [User]
    pageInfo: PageInfo!
    totalCount: Int!
  }

  type Organization {
    login: String!
    team(slug: String!): Team
  }

  type Issue {
    number: Int!
    title: String!
    body: String!
    url: URI!
    state: IssueState!
    closed: Boolean!
    closedAt: DateTime
    createdAt: DateTime!
    updatedAt: DateTime!
    author: Actor
    labels(first: Int, after: String): LabelConnection
    assignees(first: Int, after: String): UserConnection!
  }

  union IssueOrPullRequest = Issue | PullRequest

  type LabelConnection {
    nodes: [Label]
    pageInfo: PageInfo!
    totalCount: Int!
  }

  type Label {
    name: String!
    color: String!
  }
`;

export function createGitHubSchema(): GraphQLSchema {
  return buildSchema(GITHUB_GRAPHQL_SDL);
}

export interface GraphqlContext {
  world: World;
  token: TokenInfo;
  /** The caller's GraphQL bucket after this request was charged. */
  rateLimit: () => { cost: number; limit: number; remaining: number; used: number; resetAtMs: number };
}

/** Source objects for graphql's default resolver: plain values, or methods called with (args, context, info). */
type Node = Record<string, unknown>;
type Args = Record<string, unknown>;

/** A field error as GitHub sends it: the `type` is lifted to the top level of the error by the route. */
function fieldError(type: string, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { type } });
}

function intArg(args: Args, name: string): number | null {
  const value = args[name];
  return typeof value === 'number' ? value : null;
}

function stringArg(args: Args, name: string): string | null {
  const value = args[name];
  return typeof value === 'string' ? value : null;
}

function selects(selectionSet: SelectionSetNode | undefined, names: string[], info: GraphQLResolveInfo): boolean {
  for (const selection of selectionSet?.selections ?? []) {
    if (selection.kind === 'Field' && names.includes(selection.name.value)) return true;
    if (selection.kind === 'InlineFragment' && selects(selection.selectionSet, names, info)) return true;
    if (selection.kind === 'FragmentSpread' && selects(info.fragments[selection.name.value]?.selectionSet, names, info))
      return true;
  }
  return false;
}

interface CursorScheme {
  encode(index: number): string;
  /** Index of the item the cursor points at, or null when it is not a cursor of this connection. */
  decode(cursor: string): number | null;
}

const opaqueCursors: CursorScheme = {
  encode: (index) => Buffer.from(`cursor:v2:${index}`).toString('base64'),
  decode: (cursor) => {
    const match = /^cursor:v2:(\d+)$/.exec(Buffer.from(cursor, 'base64').toString('utf8'));
    return match ? Number(match[1]) : null;
  },
};

/** GitHub's commit history cursors read "<oid> <offset>". */
function historyCursors(oid: string): CursorScheme {
  return {
    encode: (index) => `${oid} ${index}`,
    decode: (cursor) => {
      const match = /^([0-9a-f]{40}) (\d+)$/.exec(cursor);
      return match && match[1] === oid ? Number(match[2]) : null;
    },
  };
}

/** A connection page with GitHub's pagination rules: `first` required when nodes are selected, at most 100. */
function connection<T>(
  items: readonly T[],
  args: Args,
  info: GraphQLResolveInfo,
  cursors: CursorScheme,
  toNode: (item: T) => Node,
): Node {
  const field = info.fieldName;
  const first = intArg(args, 'first');
  if (first === null && selects(info.fieldNodes[0]?.selectionSet, ['nodes', 'edges'], info)) {
    throw fieldError(
      'MISSING_PAGINATION_BOUNDARIES',
      `You must provide a \`first\` or \`last\` value to properly paginate the \`${field}\` connection.`,
    );
  }
  if (first !== null && first < 0)
    throw fieldError('INVALID_PAGINATION', `\`first\` on the \`${field}\` connection cannot be less than zero.`);
  if (first !== null && first > 100) {
    throw fieldError(
      'EXCESSIVE_PAGINATION',
      `Requesting ${first} records on the \`${field}\` connection exceeds the \`first\` limit of 100 records.`,
    );
  }
  const after = stringArg(args, 'after');
  let start = 0;
  if (after !== null) {
    const index = cursors.decode(after);
    if (index === null)
      throw fieldError('INVALID_CURSOR_ARGUMENTS', `\`${after}\` does not appear to be a valid cursor.`);
    start = index + 1;
  }
  const page = items.slice(start, start + (first ?? 100));
  const last = start + page.length - 1;
  return {
    totalCount: items.length,
    nodes: page.map(toNode),
    pageInfo: {
      startCursor: page.length > 0 ? cursors.encode(start) : null,
      endCursor: page.length > 0 ? cursors.encode(last) : null,
      hasNextPage: last + 1 < items.length,
      hasPreviousPage: start > 0,
    },
  };
}

function userNode(ctx: GraphqlContext, login: string): Node {
  const user = ctx.world.user(login);
  const name = user.name ?? (user.login === ctx.token.login ? (ctx.token.name ?? null) : null);
  return {
    __typename: 'User',
    login: user.login,
    name,
    avatarUrl: `${ctx.world.urls.web}/avatars/${user.login}`,
    url: `${ctx.world.urls.web}/${user.login}`,
  };
}

function labelsOf(issue: FakeIssue): (args: Args, context: unknown, info: GraphQLResolveInfo) => Node {
  return (args, _context, info) =>
    connection(issue.labels, args, info, opaqueCursors, (name) => ({ name, color: 'ededed' }));
}

/** Every commit reachable from `sha`, newest first by the fake's commit order (the commit itself first). */
function historyOf(repo: FakeRepo, sha: string): FakeCommit[] {
  const seen = new Map<string, FakeCommit>();
  const stack = [sha];
  while (stack.length > 0) {
    const current = stack.pop() as string;
    const commit = repo.commits.get(current);
    if (!commit || seen.has(current)) continue;
    seen.set(current, commit);
    stack.push(...commit.parents);
  }
  return [...seen.values()].sort((a, b) => b.seq - a.seq);
}

function commitNode(ctx: GraphqlContext, repo: FakeRepo, commit: FakeCommit): Node {
  const [headline = '', ...rest] = commit.message.split('\n');
  const person = (): Node => ({
    name: commit.author,
    email: `${commit.author}@users.noreply.example`,
    date: iso(commit.at),
    user: commit.account === 'linked' ? userNode(ctx, commit.author) : null,
  });
  return {
    __typename: 'Commit',
    oid: commit.sha,
    abbreviatedOid: commit.sha.slice(0, 7),
    message: commit.message,
    messageHeadline: headline,
    messageBody: rest.join('\n').replace(/^\n+/, ''),
    url: `${ctx.world.urls.web}/${repo.fullName}/commit/${commit.sha}`,
    authoredDate: iso(commit.at),
    committedDate: iso(commit.at),
    author: person,
    committer: person,
    parents: (args: Args, _context: unknown, info: GraphQLResolveInfo) => {
      const parents = commit.parents
        .map((sha) => repo.commits.get(sha))
        .filter((c): c is FakeCommit => c !== undefined);
      return connection(parents, args, info, opaqueCursors, (c) => commitNode(ctx, repo, c));
    },
    history: (args: Args, _context: unknown, info: GraphQLResolveInfo) =>
      connection(historyOf(repo, commit.sha), args, info, historyCursors(commit.sha), (c) => commitNode(ctx, repo, c)),
    statusCheckRollup: () => checkRollup(repo, commit.sha),
    checkSuites: (args: Args, _context: unknown, info: GraphQLResolveInfo) =>
      connection(
        repo.runs.filter((run) => run.headSha === commit.sha),
        args,
        info,
        opaqueCursors,
        (run) => checkSuiteNode(ctx, repo, run),
      ),
  };
}

/** The GitHub Actions app (its id on github.com). */
const ACTIONS_APP = { databaseId: 15368, name: 'GitHub Actions', slug: 'github-actions' };

/** A workflow run's check suite, as GitHub shows it: one suite of the GitHub Actions app per run. */
function checkSuiteNode(ctx: GraphqlContext, repo: FakeRepo, run: FakeRun): Node {
  const runUrl = `${ctx.world.urls.web}/${repo.fullName}/actions/runs/${run.id}`;
  return {
    databaseId: run.id + 1_000_000,
    app: ACTIONS_APP,
    branch: () => refNode(ctx, repo, `refs/heads/${run.branch}`),
    creator: () => userNode(ctx, run.actor),
    status: run.status.toUpperCase(),
    conclusion: run.conclusion ? run.conclusion.toUpperCase() : null,
    createdAt: iso(run.createdAt),
    updatedAt: iso(run.updatedAt),
    url: `${ctx.world.urls.web}/${repo.fullName}/commit/${run.headSha}/checks`,
    workflowRun: {
      databaseId: run.id,
      runNumber: run.runNumber,
      event: run.event,
      url: runUrl,
      createdAt: iso(run.createdAt),
      updatedAt: iso(run.updatedAt),
      workflow: { databaseId: 7, name: run.name },
    },
  };
}

/** `<rev>:.github/workflows`: the folder as a Tree when the repository has workflow files, else null (no such path). */
function workflowsTree(repo: FakeRepo, sha: string): Node | null {
  if (!repo.workflows) return null;
  return {
    __typename: 'Tree',
    oid: sha.split('').reverse().join(''),
    abbreviatedOid: sha.slice(-7),
    entries: [{ name: 'ci.yml', path: '.github/workflows/ci.yml', type: 'blob' }],
  };
}

/** The combined state of the workflow runs on a commit, as GitHub's status check rollup reports it (null: none). */
function checkRollup(repo: FakeRepo, sha: string): Node | null {
  const runs = repo.runs.filter((run) => run.headSha === sha);
  if (runs.length === 0) return null;
  const failed = runs.some((run) => ['failure', 'timed_out', 'startup_failure'].includes(run.conclusion ?? ''));
  const done = runs.every((run) => run.status === 'completed');
  return { state: failed ? 'FAILURE' : done ? 'SUCCESS' : 'PENDING' };
}

function commitBySha(ctx: GraphqlContext, repo: FakeRepo, sha: string | null | undefined): Node | null {
  const commit = sha ? repo.commits.get(sha) : undefined;
  return commit ? commitNode(ctx, repo, commit) : null;
}

/** A revision expression: a branch, tag, (abbreviated) sha or HEAD, then ~n / ^n steps. Paths (rev:path) name blobs, which the fake lacks. */
function resolveExpression(repo: FakeRepo, expression: string): string | null {
  const match = /^([^~^:]+)((?:[~^]\d*)*)$/.exec(expression);
  if (!match) return null;
  const base = match[1] as string;
  let sha: string | null = base === 'HEAD' ? (repo.branches.get(repo.defaultBranch) ?? null) : resolveRef(repo, base);
  for (const step of match[2]?.match(/[~^]\d*/g) ?? []) {
    if (sha === null) return null;
    const n = step.length > 1 ? Number(step.slice(1)) : 1;
    if (step.startsWith('~')) {
      for (let i = 0; i < n && sha !== null; i++) sha = repo.commits.get(sha)?.parents[0] ?? null;
    } else if (n > 0) {
      sha = repo.commits.get(sha)?.parents[n - 1] ?? null;
    }
  }
  return sha;
}

/** A ref by qualified name (refs/heads/x, refs/tags/x) or, as GitHub falls back to, a short branch or tag name. */
function refNode(ctx: GraphqlContext, repo: FakeRepo, qualifiedName: string): Node | null {
  const qualified = /^refs\/(heads|tags)\/(.+)$/.exec(qualifiedName);
  const kinds: ('heads' | 'tags')[] = qualified ? [qualified[1] as 'heads' | 'tags'] : ['heads', 'tags'];
  const name = qualified ? (qualified[2] as string) : qualifiedName;
  for (const kind of kinds) {
    const refs = kind === 'heads' ? repo.branches : repo.tags;
    if (refs.has(name)) return { name, prefix: `refs/${kind}/`, target: () => commitBySha(ctx, repo, refs.get(name)) };
  }
  return null;
}

function subjectFields(ctx: GraphqlContext, repo: FakeRepo, issue: FakeIssue): Node {
  return {
    number: issue.number,
    title: issue.title,
    body: issue.body ?? '',
    url: `${ctx.world.urls.web}/${repo.fullName}/${issue.pull ? 'pull' : 'issues'}/${issue.number}`,
    closed: issue.state === 'closed',
    closedAt: issue.closedAt === null ? null : iso(issue.closedAt),
    createdAt: iso(issue.createdAt),
    updatedAt: iso(issue.updatedAt),
    author: () => userNode(ctx, issue.author),
    labels: labelsOf(issue),
    assignees: (args: Args, _context: unknown, info: GraphQLResolveInfo) =>
      connection(issue.assignees, args, info, opaqueCursors, (login) => userNode(ctx, login)),
  };
}

function pullNode(ctx: GraphqlContext, repo: FakeRepo, issue: FakeIssue): Node {
  const pull = issue.pull as NonNullable<FakeIssue['pull']>;
  return {
    __typename: 'PullRequest',
    ...subjectFields(ctx, repo, issue),
    state: pull.merged ? 'MERGED' : issue.state === 'open' ? 'OPEN' : 'CLOSED',
    isDraft: pull.draft,
    merged: pull.merged,
    mergedAt: pull.mergedAt === null ? null : iso(pull.mergedAt),
    mergeCommit: () => commitBySha(ctx, repo, pull.mergeCommitSha),
    headRefName: pull.head,
    headRefOid: pull.headSha,
    baseRefName: pull.base,
    baseRefOid: pull.baseSha,
    latestOpinionatedReviews: (args: Args, _context: unknown, info: GraphQLResolveInfo) =>
      connection(latestOpinionated(ctx, pull), args, info, opaqueCursors, (review) => review),
    commits: (args: Args, _context: unknown, info: GraphQLResolveInfo) => {
      // Only the head commit is served (what `last: 1` asks for): the fake keeps no per-pull commit list.
      const head = repo.commits.get(pull.headSha);
      const last = intArg(args, 'last');
      const items = head && last !== 0 ? [{ commit: commitNode(ctx, repo, head) }] : [];
      return last !== null
        ? { totalCount: items.length, nodes: items, pageInfo: { hasNextPage: false, hasPreviousPage: false } }
        : connection(items, args, info, opaqueCursors, (item) => item);
    },
    reviewRequests: (args: Args, _context: unknown, info: GraphQLResolveInfo) =>
      connection(
        [
          ...pull.requestedReviewers.map((login) => ({ kind: 'user' as const, name: login })),
          ...pull.requestedTeams.map((slug) => ({ kind: 'team' as const, name: slug })),
        ],
        args,
        info,
        opaqueCursors,
        (request) => ({
          asCodeOwner: false,
          requestedReviewer:
            request.kind === 'team'
              ? {
                  __typename: 'Team',
                  slug: request.name,
                  name: request.name,
                  url: `${ctx.world.urls.web}/orgs/${repo.owner}/teams/${request.name}`,
                }
              : request.name.endsWith('[bot]')
                ? { ...userNode(ctx, request.name), __typename: 'Bot' }
                : userNode(ctx, request.name),
        }),
      ),
  };
}

/** Each reviewer's latest approving or change-requesting review (a comment-only review replaces neither). */
function latestOpinionated(ctx: GraphqlContext, pull: NonNullable<FakeIssue['pull']>): Node[] {
  const latest = new Map<string, FakeReview>();
  for (const review of [...pull.reviews].sort((a, b) => a.submittedAt - b.submittedAt))
    if (review.state !== 'commented') latest.set(review.author.toLowerCase(), review);
  return [...latest.values()].map((review) => ({
    state: review.state === 'approved' ? 'APPROVED' : 'CHANGES_REQUESTED',
    author: () => userNode(ctx, review.author),
    submittedAt: iso(review.submittedAt),
  }));
}

function issueNode(ctx: GraphqlContext, repo: FakeRepo, issue: FakeIssue): Node {
  return { __typename: 'Issue', ...subjectFields(ctx, repo, issue), state: issue.state === 'open' ? 'OPEN' : 'CLOSED' };
}

/** Deleted (410) and hidden (404) issues resolve to nothing, as on GitHub; lost access (403) is a FORBIDDEN error. */
function readable(issue: FakeIssue | undefined): FakeIssue | undefined {
  if (issue?.unreadable === 403) throw fieldError('FORBIDDEN', 'Resource protected by organization SAML enforcement.');
  return issue?.unreadable ? undefined : issue;
}

/** A deployment as GraphQL shows it; `state` follows its latest status (GitHub's DeploymentState). */
function deploymentNode(ctx: GraphqlContext, repo: FakeRepo, deployment: FakeDeployment): Node {
  const latest = deployment.statuses.at(-1);
  const status = latest
    ? {
        createdAt: iso(latest.createdAt),
        updatedAt: iso(latest.createdAt),
        state: latest.state.toUpperCase(),
        environment: deployment.environment,
        description: latest.description,
      }
    : null;
  return {
    databaseId: deployment.id,
    createdAt: iso(deployment.createdAt),
    updatedAt: iso(deployment.updatedAt),
    environment: deployment.environment,
    state: latest ? (latest.state === 'success' ? 'ACTIVE' : latest.state.toUpperCase()) : 'PENDING',
    latestStatus: status,
    commitOid: deployment.sha,
    ref: () => refNode(ctx, repo, deployment.ref),
    task: 'deploy',
  };
}

function repositoryNode(ctx: GraphqlContext, repo: FakeRepo): Node {
  const numbered = (args: Args): FakeIssue | undefined => repo.issues.get(intArg(args, 'number') ?? 0);
  return {
    name: repo.name,
    nameWithOwner: repo.fullName,
    url: `${ctx.world.urls.web}/${repo.fullName}`,
    isPrivate: repo.private,
    defaultBranchRef: () => refNode(ctx, repo, repo.defaultBranch),
    ref: (args: Args) => refNode(ctx, repo, stringArg(args, 'qualifiedName') ?? ''),
    pullRequest: (args: Args) => {
      const issue = readable(numbered(args));
      if (!issue?.pull)
        throw fieldError(
          'NOT_FOUND',
          `Could not resolve to a PullRequest with the number of ${intArg(args, 'number')}.`,
        );
      return pullNode(ctx, repo, issue);
    },
    issue: (args: Args) => {
      const issue = readable(numbered(args));
      if (!issue || issue.pull)
        throw fieldError('NOT_FOUND', `Could not resolve to an Issue with the number of ${intArg(args, 'number')}.`);
      return issueNode(ctx, repo, issue);
    },
    issueOrPullRequest: (args: Args) => {
      const issue = readable(numbered(args));
      if (!issue)
        throw fieldError(
          'NOT_FOUND',
          `Could not resolve to an issue or pull request with the number of ${intArg(args, 'number')}.`,
        );
      return issue.pull ? pullNode(ctx, repo, issue) : issueNode(ctx, repo, issue);
    },
    deployments: (args: Args, _context: unknown, info: GraphQLResolveInfo) => {
      const order = args.orderBy as { direction?: string } | undefined;
      const environments = Array.isArray(args.environments) ? (args.environments as string[]) : null;
      const listed = repo.deployments.filter((d) => environments === null || environments.includes(d.environment));
      const ordered = order?.direction === 'DESC' ? [...listed].reverse() : listed;
      return connection(ordered, args, info, opaqueCursors, (d) => deploymentNode(ctx, repo, d));
    },
    pullRequests: (args: Args, _context: unknown, info: GraphQLResolveInfo) => {
      const states = (args.states as string[] | undefined) ?? null;
      const pulls = [...repo.issues.values()]
        .filter((issue) => issue.pull && !issue.unreadable)
        .filter((issue) => {
          const state = issue.pull?.merged ? 'MERGED' : issue.state === 'open' ? 'OPEN' : 'CLOSED';
          return !states || states.includes(state);
        })
        .sort(issueOrder(args));
      return connection(pulls, args, info, opaqueCursors, (issue) => pullNode(ctx, repo, issue));
    },
    issues: (args: Args, _context: unknown, info: GraphQLResolveInfo) => {
      const states = (args.states as string[] | undefined) ?? null;
      const assignee = (args.filterBy as { assignee?: string | null } | undefined)?.assignee;
      const issues = [...repo.issues.values()]
        .filter((issue) => !issue.pull && !issue.unreadable)
        .filter((issue) => !states || states.includes(issue.state === 'open' ? 'OPEN' : 'CLOSED'))
        .filter((issue) =>
          assignee === undefined
            ? true
            : assignee === '*'
              ? issue.assignees.length > 0
              : assignee === null
                ? issue.assignees.length === 0
                : issue.assignees.some((a) => a.toLowerCase() === assignee.toLowerCase()),
        )
        .sort(issueOrder(args));
      return connection(issues, args, info, opaqueCursors, (issue) => issueNode(ctx, repo, issue));
    },
    object: (args: Args) => {
      const oid = stringArg(args, 'oid');
      if (oid !== null) return commitBySha(ctx, repo, oid.toLowerCase());
      const expression = stringArg(args, 'expression');
      if (expression === null) return null;
      // `<rev>:<path>`: the fake has no files but the workflow folder.
      const path = /^([^:]+):(.*)$/.exec(expression);
      if (path) {
        const sha = resolveExpression(repo, path[1] as string);
        return sha && repo.commits.has(sha) && path[2] === '.github/workflows' ? workflowsTree(repo, sha) : null;
      }
      return commitBySha(ctx, repo, resolveExpression(repo, expression));
    },
  };
}

/** GitHub's IssueOrder (default: created, ascending). */
function issueOrder(args: Args): (a: FakeIssue, b: FakeIssue) => number {
  const order = args.orderBy as { field?: string; direction?: string } | undefined;
  const key = (issue: FakeIssue) => (order?.field === 'UPDATED_AT' ? issue.updatedAt : issue.createdAt);
  const sign = order?.direction === 'DESC' ? -1 : 1;
  return (a, b) => sign * (key(a) - key(b) || a.number - b.number);
}

/** The Query root for one request. */
/**
 * enablePullRequestAutoMerge as GitHub answers it: UNPROCESSABLE when the repository does not allow auto-merge, or
 * when the pull request could be merged right now ("clean status": nothing to wait for); NOT_FOUND for a node the token
 * cannot see; FORBIDDEN for a read-only user.
 */
function enableAutoMerge(ctx: GraphqlContext, args: Args): Node {
  const input = (args.input ?? {}) as Record<string, unknown>;
  const id = typeof input.pullRequestId === 'string' ? input.pullRequestId : '';
  for (const repo of ctx.world.repos.values()) {
    for (const issue of repo.issues.values()) {
      const pull = issue.pull;
      if (!pull || `PR_${pull.id}` !== id) continue;
      if (!canSee(ctx.token, repo))
        throw fieldError('NOT_FOUND', `Could not resolve to a node with the global id of '${id}'.`);
      if (repo.readOnly.has(ctx.token.login.toLowerCase()))
        throw fieldError('FORBIDDEN', `${ctx.token.login} does not have permission to enable auto-merge.`);
      if (repo.allowAutoMerge !== true)
        throw fieldError('UNPROCESSABLE', 'Pull request Auto merge is not allowed for this repository');
      if (issue.state !== 'open' || pull.merged)
        throw fieldError('UNPROCESSABLE', 'Pull request is not in the correct state to enable auto-merge');
      const head = repo.branches.get(pull.head) ?? pull.headSha;
      if (typeof input.expectedHeadOid === 'string' && input.expectedHeadOid !== head)
        throw fieldError('UNPROCESSABLE', 'Head sha did not match expected head oid');
      const waitingChecks = repo.runs.some((r) => r.headSha === head && r.status !== 'completed');
      const waitingReview = repo.requireApproval && !pull.reviews.some((r) => r.state === 'approved');
      if (!pull.draft && !pull.conflicted && !waitingChecks && !waitingReview)
        throw fieldError('UNPROCESSABLE', 'Pull request is in clean status');
      const method = typeof input.mergeMethod === 'string' ? input.mergeMethod : 'MERGE';
      pull.autoMerge = { by: ctx.token.login, method };
      return {
        clientMutationId: typeof input.clientMutationId === 'string' ? input.clientMutationId : null,
        pullRequest: {
          id,
          number: issue.number,
          autoMergeRequest: { enabledAt: iso(ctx.world.now()), mergeMethod: method },
        },
      };
    }
  }
  throw fieldError('NOT_FOUND', `Could not resolve to a node with the global id of '${id}'.`);
}

export function queryRoot(ctx: GraphqlContext): Node {
  return {
    // graphql-js resolves mutations from the same root value.
    enablePullRequestAutoMerge: (args: Args) => enableAutoMerge(ctx, args),
    repository: (args: Args) => {
      const owner = stringArg(args, 'owner') ?? '';
      const name = stringArg(args, 'name') ?? '';
      const repo = ctx.world.findRepo(`${owner}/${name}`);
      if (!repo || !canSee(ctx.token, repo))
        throw fieldError('NOT_FOUND', `Could not resolve to a Repository with the name '${owner}/${name}'.`);
      return repositoryNode(ctx, repo);
    },
    viewer: () => userNode(ctx, ctx.token.login),
    organization: (args: Args) => {
      const org = stringArg(args, 'login') ?? '';
      return {
        login: org,
        team: (teamArgs: Args) => {
          const slug = stringArg(teamArgs, 'slug') ?? '';
          const members = ctx.world.teams.get(`${org}/${slug}`.toLowerCase());
          if (!members) return null;
          return {
            slug,
            name: slug,
            url: `${ctx.world.urls.web}/orgs/${org}/teams/${slug}`,
            members: (memberArgs: Args, _context: unknown, info: GraphQLResolveInfo) =>
              connection(members, memberArgs, info, opaqueCursors, (login) => userNode(ctx, login)),
          };
        },
      };
    },
    rateLimit: () => {
      const state = ctx.rateLimit();
      return {
        cost: state.cost,
        limit: state.limit,
        remaining: state.remaining,
        used: state.used,
        resetAt: iso(state.resetAtMs),
      };
    },
  };
}
