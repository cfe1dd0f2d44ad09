/** In-memory world of the GitHub fake. Plain data: the server renders it into GitHub's JSON shapes. */

export interface FakeUser {
  id: number;
  login: string;
  name: string | null;
}

/**
 * Which GitHub account a commit's e-mail matches: `linked` (the author's), or none — GitHub then answers
 * `author: null` over REST, or `author: {}` (the description's empty-object), and `author.user: null` over GraphQL.
 */
export type CommitAccount = 'linked' | 'null' | 'empty';

export interface FakeCommit {
  sha: string;
  message: string;
  author: string;
  account: CommitAccount;
  parents: string[];
  /** Monotonic creation order, used to list compare results oldest first. */
  seq: number;
  at: number;
}

export interface FakeLabel {
  id: number;
  name: string;
  color: string;
}

export interface FakeIssue {
  id: number;
  number: number;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  stateReason: string | null;
  author: string;
  labels: string[];
  createdAt: number;
  updatedAt: number;
  closedAt: number | null;
  comments: number;
  assignees: string[];
  /** Present for pull requests (issues and pulls share numbers, as on GitHub). */
  pull: FakePullData | null;
  /** Set when reading it fails: 404 (hidden), 410 (deleted issue), 403 (access lost, SSO). See makeUnreadable. */
  unreadable?: 403 | 404 | 410;
}

export interface FakeReview {
  id: number;
  state: 'approved' | 'changes_requested' | 'commented';
  body: string | null;
  author: string;
  commitId: string;
  submittedAt: number;
}

export interface FakePullData {
  id: number;
  head: string;
  headSha: string;
  base: string;
  baseSha: string;
  draft: boolean;
  merged: boolean;
  mergedAt: number | null;
  mergeCommitSha: string | null;
  reviews: FakeReview[];
  /** Users asked for a review and not yet reviewed (GitHub drops a reviewer's request when they review). */
  requestedReviewers: string[];
  /** Team slugs asked for a review. */
  requestedTeams: string[];
  /** The head conflicts with the base: mergeable false, mergeable_state dirty, a merge is refused (405). */
  conflicted?: boolean;
  /** A pull request from a fork: the fork's owner/name (its head branch lives there; its commits show here too). */
  headRepo?: string;
  /** Auto-merge enabled (GraphQL enablePullRequestAutoMerge): by whom, with which method. */
  autoMerge?: { by: string; method: string } | null;
}

export interface FakeRelease {
  id: number;
  tag: string;
  name: string | null;
  body: string | null;
  author: string;
  createdAt: number;
  publishedAt: number;
}

export interface FakeJob {
  id: number;
  name: string;
  status: string;
  conclusion: string | null;
  startedAt: number;
  completedAt: number | null;
}

export interface FakeRun {
  id: number;
  name: string;
  displayTitle: string;
  branch: string;
  headSha: string;
  /** A fork's pull request run: the fork (owner/name) its head commit and branch are in. */
  headRepo?: string;
  event: string;
  status: string;
  conclusion: string | null;
  runNumber: number;
  runAttempt: number;
  actor: string;
  createdAt: number;
  updatedAt: number;
  startedAt: number;
  jobs: FakeJob[];
  /** Environments with required reviewers this run waits on (status `waiting`), until each is approved or rejected. */
  pending?: FakePendingEnvironment[];
}

/**
 * An environment a run waits on: its required reviewers (users by login, teams by slug in the owner organisation;
 * none when it waits only for its wait timer) and its wait timer in minutes (0: none).
 */
export interface FakePendingEnvironment {
  environmentId: number;
  environment: string;
  reviewers: { type: 'User' | 'Team'; name: string }[];
  waitTimer: number;
  /** When the wait timer began (ms), null without one. */
  waitTimerStartedAt: number | null;
  /** The environment's "prevent self-review": whoever started the run may not approve it. */
  preventSelfReview: boolean;
  deploymentId: number;
}

export interface FakeDeploymentStatus {
  id: number;
  state: string;
  description: string;
  environmentUrl: string;
  logUrl: string;
  creator: string;
  createdAt: number;
}

export interface FakeDeployment {
  id: number;
  sha: string;
  ref: string;
  environment: string;
  description: string | null;
  creator: string;
  createdAt: number;
  updatedAt: number;
  /** Oldest first; the API lists them newest first. */
  statuses: FakeDeploymentStatus[];
}

export interface FakeDiscussion {
  id: number;
  number: number;
  title: string;
  body: string | null;
  category: string;
  author: string;
  createdAt: number;
}

export interface FakeRepo {
  id: number;
  owner: string;
  name: string;
  fullName: string;
  private: boolean;
  defaultBranch: string;
  protectedBranches: Set<string>;
  branches: Map<string, string>;
  tags: Map<string, string>;
  commits: Map<string, FakeCommit>;
  /** Issues and pull requests by number. */
  issues: Map<number, FakeIssue>;
  releases: FakeRelease[];
  runs: FakeRun[];
  deployments: FakeDeployment[];
  discussions: Map<number, FakeDiscussion>;
  wikiPages: Map<string, number>;
  /** For a private repository: who may read it besides the owner (null: every known user, as before). */
  collaborators: Set<string> | null;
  nextNumber: number;
  createdAt: number;
  /** Archived repositories are read-only; organisation listings still show them, with `archived: true`. */
  archived: boolean;
  /** Last push to any branch (`pushed_at`); `updatedAt`: any change to the repository object. */
  pushedAt: number;
  updatedAt: number;
  /** The merge methods the repository allows (GitHub's allow_merge_commit / allow_squash_merge / allow_rebase_merge). */
  mergeMethods: { merge: boolean; squash: boolean; rebase: boolean };
  /** Branch protection of the default branch asks for an approving review before merging. */
  requireApproval: boolean;
  /** The repository's "Allow auto-merge" setting (`allow_auto_merge`). */
  allowAutoMerge?: boolean;
  /** Logins that may read but not write (a review or merge by them is a 403). */
  readOnly: Set<string>;
  /** Whether every commit has workflow files under .github/workflows (false: GitHub Actions never runs here). */
  workflows: boolean;
}

export interface FakeEvent {
  id: number;
  type: string;
  actor: string;
  repoId: number;
  repoName: string;
  owner: string;
  public: boolean;
  payload: Record<string, unknown>;
  createdAt: number;
  /** When the event shows up in feeds (createdAt + lag). */
  visibleAt: number;
}

/** One thread of a user's inbox (`GET /notifications`): one per user and subject, bumped by each new reason. */
export interface FakeNotification {
  id: string;
  /** Whose inbox, lower case. */
  login: string;
  reason: string;
  repo: string;
  subjectType: 'Issue' | 'PullRequest' | 'CheckSuite';
  /** Issue or pull number; null for check suites. */
  number: number | null;
  title: string;
  updatedAt: number;
  unread: boolean;
}

/** One mutator call, with the (fake-clock) time it was recorded: benchmarks measure latency from `at`. */
export interface FakeAction {
  seq: number;
  type: string;
  repo: string;
  at: number;
  /** Feed events the action produced (ids as strings, as the API spells them). */
  eventIds: string[];
  /** Resource ids the action touched (issue/PR number, run id, deployment status id …). */
  ref: string | number | null;
}
