/** Records of the fake GitLab world. Times are ISO strings taken from the fake's clock. */

export interface FakeUser {
  id: number;
  username: string;
  name: string;
}

export interface FakeCommit {
  sha: string;
  title: string;
  message: string;
  author: FakeUser;
  createdAt: string;
  parent: string | null;
}

/** The work item type of an issue-table item: `issue`, `incident`, or one GitLab does not list as an issue (`task` …). */
export type WorkItemType = 'issue' | 'incident' | 'task' | 'test_case';

export interface FakeIssue {
  id: number;
  iid: number;
  projectId: number;
  type: WorkItemType;
  /** Created and changed through the work items UI/API: its events carry `target_type: "WorkItem"`. */
  workItem: boolean;
  title: string;
  description: string | null;
  state: 'opened' | 'closed';
  labels: string[];
  confidential: boolean;
  author: FakeUser;
  assignees: FakeUser[];
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
}

export interface FakeMergeRequest {
  id: number;
  iid: number;
  projectId: number;
  title: string;
  description: string | null;
  state: 'opened' | 'closed' | 'merged';
  draft: boolean;
  labels: string[];
  sourceBranch: string;
  targetBranch: string;
  sha: string | null;
  author: FakeUser;
  createdAt: string;
  updatedAt: string;
  mergedAt: string | null;
  closedAt: string | null;
  mergeCommitSha: string | null;
  /** Current approvals, oldest first (an unapproval removes its row, as on GitLab). */
  approvals: FakeApproval[];
  assignees: FakeUser[];
  reviewers: FakeUser[];
  /** The source branch conflicts with the target (has_conflicts; a merge is refused with 406). */
  conflicted?: boolean;
  /** Set to merge when its pipeline succeeds (auto-merge). */
  autoMerge?: boolean;
}

/** One To-Do item (`GET /todos`): what waits for a user, created as GitLab does. */
export interface FakeTodo {
  id: number;
  user: FakeUser;
  projectId: number;
  author: FakeUser;
  actionName:
    'assigned' | 'mentioned' | 'directly_addressed' | 'review_requested' | 'build_failed' | 'approval_required';
  targetType: 'Issue' | 'MergeRequest';
  targetIid: number;
  body: string;
  state: 'pending' | 'done';
  createdAt: string;
}

export interface FakeApproval {
  user: FakeUser;
  approvedAt: string;
}

export type NoteableType = 'Issue' | 'MergeRequest' | 'Commit';

export interface FakeNote {
  id: number;
  body: string;
  author: FakeUser;
  createdAt: string;
  noteableType: NoteableType;
  /** Database id of the issue/MR; null for commits. */
  noteableId: number | null;
  noteableIid: number | null;
  commitId: string | null;
  internal: boolean;
  /** True for internal notes and for every note on a confidential issue. */
  confidential: boolean;
}

export type JobStatus = 'created' | 'pending' | 'running' | 'success' | 'failed' | 'canceled' | 'skipped' | 'manual';
export type PipelineStatus =
  'created' | 'pending' | 'running' | 'success' | 'failed' | 'canceled' | 'skipped' | 'manual';

export interface FakeJob {
  id: number;
  name: string;
  stage: string;
  status: JobStatus;
  allowFailure: boolean;
  createdAt: string;
  finishedAt: string | null;
}

export interface FakePipeline {
  id: number;
  iid: number;
  projectId: number;
  ref: string;
  sha: string;
  status: PipelineStatus;
  source: string;
  user: FakeUser;
  createdAt: string;
  updatedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** Seconds; set when the pipeline finishes. */
  duration: number | null;
  jobs: FakeJob[];
}

export type DeploymentStatus = 'created' | 'running' | 'success' | 'failed' | 'canceled' | 'blocked';

export interface FakeDeployment {
  id: number;
  iid: number;
  projectId: number;
  environment: { id: number; name: string };
  ref: string;
  sha: string;
  status: DeploymentStatus;
  user: FakeUser;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
  /**
   * A protected environment's deployment approvals: who may approve (usernames of the approval rules), how many
   * approvals it needs, and the approvals given so far. Absent: the environment needs no approval.
   */
  approval?: { approvers: string[]; required: number; given: { user: string; status: 'approved' | 'rejected' }[] };
}

export interface FakeRelease {
  tagName: string;
  name: string;
  description: string;
  sha: string;
  author: FakeUser;
  createdAt: string;
  releasedAt: string;
}

export interface FakeWikiPage {
  metaId: number;
  slug: string;
  title: string;
  content: string;
  format: 'markdown';
}

export interface FakePushData {
  commit_count: number;
  action: 'pushed' | 'created' | 'removed';
  ref_type: 'branch' | 'tag';
  commit_from: string | null;
  commit_to: string | null;
  /** Null on a bulk push (see `ref_count`). */
  ref: string | null;
  commit_title: string | null;
  /** How many refs a bulk push covered; null on a single push. */
  ref_count: number | null;
}

/** One row of `GET /projects/:id/events`. */
export interface FakeEvent {
  id: number;
  projectId: number;
  actionName: string;
  targetId: number | null;
  targetIid: number | null;
  targetType: 'Issue' | 'WorkItem' | 'MergeRequest' | 'Note' | 'DiscussionNote' | 'WikiPage::Meta' | null;
  targetTitle: string | null;
  author: FakeUser;
  createdAt: string;
  pushData: FakePushData | null;
  note: FakeNote | null;
  wikiPage: { slug: string; title: string; format: string } | null;
  /** Served instead of the rendered row (with this id and time): an odd row a test injects. */
  raw?: Record<string, unknown>;
}

export interface FakeProject {
  id: number;
  path: string;
  name: string;
  description: string | null;
  defaultBranch: string;
  visibility: 'private' | 'internal' | 'public';
  createdAt: string;
  /** Protected branch names or wildcards (`release/*`). */
  protectedBranches: string[];
  branches: Map<string, string>;
  tags: Map<string, string>;
  commits: Map<string, FakeCommit>;
  issues: FakeIssue[];
  mergeRequests: FakeMergeRequest[];
  notes: FakeNote[];
  pipelines: FakePipeline[];
  deployments: FakeDeployment[];
  releases: FakeRelease[];
  wiki: Map<string, FakeWikiPage>;
  events: FakeEvent[];
  /** For a private project: its members' usernames (null or absent: every user). */
  members?: Set<string> | null;
  archived: boolean;
  /**
   * `last_activity_at` as GitLab keeps it: an event moves it only when it is more than an hour old (GitLab 8.12+,
   * Event#reset_project_activity), so it says which projects were active today, not in the last minute.
   */
  lastActivityAt: string;
  /** Groups (full paths) the project is shared with: listed by their `/groups/:id/projects` unless `with_shared=false`. */
  sharedWith: string[];
  /**
   * Whether the token's user is a member (directly or through a group): `/projects?membership=true` lists it and
   * `/events?scope=all` includes its events. False: a public project the user can read but is no member of.
   */
  member: boolean;
  /** GitLab's project merge settings (`merge_method`, `squash_option`); defaults merge / default_off. */
  mergeMethod?: 'merge' | 'rebase_merge' | 'ff';
  squashOption?: 'never' | 'always' | 'default_on' | 'default_off';
  /** Approvals needed before a merge (GitLab Premium approval rules); default 0. */
  approvalsRequired?: number;
  /** Usernames with Reporter access only: they may read, comment and approve-not, merge-not (403). */
  reporters?: Set<string>;
}

/** What a mutator did, with the (fake-clock) time it was recorded, so benchmarks can measure latency. */
export interface FakeAction {
  seq: number;
  kind: string;
  project: string;
  /** Fake-clock time (ms) the action was recorded. */
  at: number;
  /** Real wall-clock time (ms) the action was recorded. */
  wallAt: number;
  /** Id of the events-feed row it produced, if any. */
  eventId: number | null;
  /** Issue/MR iid, pipeline or deployment id, tag or branch name. */
  ref: string | number | null;
}
