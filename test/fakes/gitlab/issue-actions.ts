import { addCommit } from './repo-actions.js';
import { addTodo, todoMentions } from './todos.js';
import type { World } from './world.js';
import type {
  FakeEvent,
  FakeIssue,
  FakeMergeRequest,
  FakeNote,
  FakeProject,
  FakeWikiPage,
  WorkItemType,
} from './world-types.js';

export interface OpenIssueOptions {
  title: string;
  description?: string | null;
  labels?: string[];
  confidential?: boolean;
  author?: string;
  /** Work item type (default issue). */
  type?: WorkItemType;
  /** Created through work items (newer GitLab): its events carry `target_type: "WorkItem"`. Default: tasks only. */
  workItem?: boolean;
  assignees?: string[];
}

export interface OpenMergeRequestOptions {
  title: string;
  sourceBranch: string;
  targetBranch?: string;
  description?: string | null;
  labels?: string[];
  draft?: boolean;
  author?: string;
  assignees?: string[];
  reviewers?: string[];
}

export interface CommentOptions {
  body: string;
  issue?: number;
  mergeRequest?: number;
  commit?: string;
  /** Internal note (confidential even on a public issue). */
  internal?: boolean;
  author?: string;
}

type By = { author?: string };

export function openIssue(store: World, projectRef: string, options: OpenIssueOptions): FakeIssue {
  const project = store.project(projectRef);
  const now = store.iso();
  const issue: FakeIssue = {
    id: store.next('issue') + 10_000,
    iid: project.issues.length + 1,
    projectId: project.id,
    title: options.title,
    description: options.description ?? null,
    state: 'opened',
    labels: options.labels ?? [],
    confidential: options.confidential ?? false,
    author: store.user(options.author),
    assignees: (options.assignees ?? []).map((u) => store.user(u)),
    createdAt: now,
    updatedAt: now,
    closedAt: null,
    type: options.type ?? 'issue',
    workItem:
      options.workItem ?? (options.type !== undefined && options.type !== 'issue' && options.type !== 'incident'),
  };
  project.issues.push(issue);
  const event = targetEvent(store, project, 'opened', issueTarget(issue), issue, issue.author);
  store.log('issue.opened', project, event.id, issue.iid);
  for (const user of issue.assignees) addTodo(store, project, user, issue.author, 'assigned', 'Issue', issue.iid, '');
  todoMentions(store, project, issue.author, 'Issue', issue.iid, issue.description);
  return issue;
}

export function issueOf(project: FakeProject, iid: number): FakeIssue {
  const issue = project.issues.find((i) => i.iid === iid);
  if (!issue) throw new Error(`fake GitLab: no issue #${iid} in ${project.path}`);
  return issue;
}

export function mergeRequestOf(project: FakeProject, iid: number): FakeMergeRequest {
  const mr = project.mergeRequests.find((m) => m.iid === iid);
  if (!mr) throw new Error(`fake GitLab: no merge request !${iid} in ${project.path}`);
  return mr;
}

/** Closes or reopens an issue. Like GitLab, a reopen is recorded in the events feed as action_name "opened". */
export function setIssueState(
  store: World,
  projectRef: string,
  iid: number,
  state: 'opened' | 'closed',
  options: By = {},
): FakeIssue {
  const project = store.project(projectRef);
  const issue = issueOf(project, iid);
  if (issue.state === state) return issue;
  issue.state = state;
  issue.updatedAt = store.iso();
  issue.closedAt = state === 'closed' ? issue.updatedAt : null;
  const event = targetEvent(
    store,
    project,
    state === 'closed' ? 'closed' : 'opened',
    issueTarget(issue),
    issue,
    store.user(options.author),
  );
  store.log(state === 'closed' ? 'issue.closed' : 'issue.reopened', project, event.id, iid);
  return issue;
}

/** Label changes update the issue but, as on GitLab, add no row to the events feed. */
export function labelIssue(store: World, projectRef: string, iid: number, labels: string[]): FakeIssue {
  const project = store.project(projectRef);
  const issue = issueOf(project, iid);
  issue.labels = [...labels];
  issue.updatedAt = store.iso();
  store.log('issue.labelled', project, null, iid);
  return issue;
}

export function openMergeRequest(store: World, projectRef: string, options: OpenMergeRequestOptions): FakeMergeRequest {
  const project = store.project(projectRef);
  const now = store.iso();
  const draft = options.draft ?? false;
  const mr: FakeMergeRequest = {
    id: store.next('mr') + 50_000,
    iid: project.mergeRequests.length + 1,
    projectId: project.id,
    title: draft && !/^(draft:|\[draft\]|\(draft\))/i.test(options.title) ? `Draft: ${options.title}` : options.title,
    description: options.description ?? null,
    state: 'opened',
    draft,
    labels: options.labels ?? [],
    sourceBranch: options.sourceBranch,
    targetBranch: options.targetBranch ?? project.defaultBranch,
    sha: project.branches.get(options.sourceBranch) ?? null,
    author: store.user(options.author),
    createdAt: now,
    updatedAt: now,
    mergedAt: null,
    closedAt: null,
    mergeCommitSha: null,
    approvals: [],
    assignees: (options.assignees ?? []).map((u) => store.user(u)),
    reviewers: (options.reviewers ?? []).map((u) => store.user(u)),
  };
  project.mergeRequests.push(mr);
  const event = targetEvent(store, project, 'opened', 'MergeRequest', mr, mr.author);
  store.log('mr.opened', project, event.id, mr.iid);
  for (const user of mr.reviewers)
    addTodo(store, project, user, mr.author, 'review_requested', 'MergeRequest', mr.iid, '');
  for (const user of mr.assignees) addTodo(store, project, user, mr.author, 'assigned', 'MergeRequest', mr.iid, '');
  todoMentions(store, project, mr.author, 'MergeRequest', mr.iid, mr.description);
  return mr;
}

/** Merges: a merge commit lands on the target branch ("pushed to" event), then the "accepted" event. */
export function mergeMergeRequest(store: World, projectRef: string, iid: number, options: By = {}): FakeMergeRequest {
  const project = store.project(projectRef);
  const mr = mergeRequestOf(project, iid);
  if (mr.state !== 'opened') throw new Error(`fake GitLab: !${iid} is ${mr.state}`);
  const author = store.user(options.author);
  const before = project.branches.get(mr.targetBranch) ?? null;
  const commit = addCommit(
    store,
    project,
    before,
    `Merge branch '${mr.sourceBranch}' into '${mr.targetBranch}'\n\n${mr.title}`,
    author.username,
  );
  project.branches.set(mr.targetBranch, commit.sha);
  store.addEvent(project, {
    actionName: 'pushed to',
    targetId: null,
    targetIid: null,
    targetType: null,
    targetTitle: null,
    author,
    pushData: {
      commit_count: 1,
      action: 'pushed',
      ref_type: 'branch',
      commit_from: before,
      commit_to: commit.sha,
      ref: mr.targetBranch,
      commit_title: commit.title,
      ref_count: null,
    },
  });
  mr.state = 'merged';
  mr.draft = false;
  mr.mergeCommitSha = commit.sha;
  mr.mergedAt = mr.updatedAt = store.iso();
  const event = targetEvent(store, project, 'accepted', 'MergeRequest', mr, author);
  store.log('mr.merged', project, event.id, iid);
  return mr;
}

export function setMergeRequestState(
  store: World,
  projectRef: string,
  iid: number,
  state: 'opened' | 'closed',
  options: By = {},
): FakeMergeRequest {
  const project = store.project(projectRef);
  const mr = mergeRequestOf(project, iid);
  if (mr.state === 'merged') throw new Error(`fake GitLab: !${iid} is merged`);
  if (mr.state === state) return mr;
  mr.state = state;
  mr.updatedAt = store.iso();
  mr.closedAt = state === 'closed' ? mr.updatedAt : null;
  const event = targetEvent(
    store,
    project,
    state === 'closed' ? 'closed' : 'opened',
    'MergeRequest',
    mr,
    store.user(options.author),
  );
  store.log(state === 'closed' ? 'mr.closed' : 'mr.reopened', project, event.id, iid);
  return mr;
}

/**
 * GitLab records an approval and its revocation as system notes, and a note touches its merge request at most
 * once a minute (ThrottledTouch): approving or unapproving moves `updated_at` only when the last touch is older.
 */
const TOUCH_INTERVAL_MS = 60_000;

function throttledTouch(store: World, mr: FakeMergeRequest): void {
  if (store.now() - Date.parse(mr.updatedAt) > TOUCH_INTERVAL_MS) mr.updatedAt = store.iso();
}

/** Approve adds an "approved" feed row (once per approver) and touches the merge request like GitLab's system note. */
export function approve(store: World, projectRef: string, iid: number, options: By = {}): FakeMergeRequest {
  const project = store.project(projectRef);
  const mr = mergeRequestOf(project, iid);
  const user = store.user(options.author);
  if (mr.approvals.some((a) => a.user.id === user.id)) return mr;
  mr.approvals.push({ user, approvedAt: store.iso() });
  throttledTouch(store, mr);
  const event = targetEvent(store, project, 'approved', 'MergeRequest', mr, user);
  store.log('mr.approved', project, event.id, iid);
  return mr;
}

/**
 * Revokes `author`'s approval. As on GitLab, no events-feed row is written (only a system note, which touches the MR
 * at most once a minute); a user who has not approved, or a merged MR, is left unchanged.
 */
export function unapprove(store: World, projectRef: string, iid: number, options: By = {}): FakeMergeRequest {
  const project = store.project(projectRef);
  const mr = mergeRequestOf(project, iid);
  const user = store.user(options.author);
  if (mr.state === 'merged' || !mr.approvals.some((a) => a.user.id === user.id)) return mr;
  mr.approvals = mr.approvals.filter((a) => a.user.id !== user.id);
  throttledTouch(store, mr);
  store.log('mr.unapproved', project, null, iid);
  return mr;
}

export function comment(store: World, projectRef: string, options: CommentOptions): FakeNote {
  const project = store.project(projectRef);
  const issue = options.issue !== undefined ? issueOf(project, options.issue) : null;
  const mr = options.mergeRequest !== undefined ? mergeRequestOf(project, options.mergeRequest) : null;
  const commit = options.commit !== undefined ? project.commits.get(options.commit) : undefined;
  if (!issue && !mr && !commit) throw new Error('fake GitLab: comment needs an existing issue, mergeRequest or commit');
  const internal = options.internal ?? false;
  const note: FakeNote = {
    id: store.next('note') + 90_000,
    body: options.body,
    author: store.user(options.author),
    createdAt: store.iso(),
    noteableType: issue ? 'Issue' : mr ? 'MergeRequest' : 'Commit',
    noteableId: issue?.id ?? mr?.id ?? null,
    noteableIid: issue?.iid ?? mr?.iid ?? null,
    commitId: commit?.sha ?? null,
    internal,
    confidential: internal || (issue?.confidential ?? false),
  };
  project.notes.push(note);
  const target = issue ?? mr;
  if (target) target.updatedAt = note.createdAt;
  const event = store.addEvent(project, {
    actionName: 'commented on',
    targetId: note.id,
    targetIid: note.id,
    targetType: 'Note',
    targetTitle: issue?.title ?? mr?.title ?? commit?.title ?? null,
    author: note.author,
    note,
  });
  store.log('note.created', project, event.id, note.id);
  if (issue) todoMentions(store, project, note.author, 'Issue', issue.iid, note.body);
  else if (mr) todoMentions(store, project, note.author, 'MergeRequest', mr.iid, note.body);
  return note;
}

/** Creates or updates a wiki page: a WikiPage::Meta "created" / "updated" event. */
export function editWiki(
  store: World,
  projectRef: string,
  options: { title: string; content: string; slug?: string; author?: string },
): FakeWikiPage {
  const project = store.project(projectRef);
  const slug = options.slug ?? options.title.trim().replace(/\s+/g, '-');
  const existing = project.wiki.get(slug);
  const page: FakeWikiPage = {
    metaId: existing?.metaId ?? store.next('wiki'),
    slug,
    title: options.title,
    content: options.content,
    format: 'markdown',
  };
  project.wiki.set(slug, page);
  const event = store.addEvent(project, {
    actionName: existing ? 'updated' : 'created',
    targetId: page.metaId,
    targetIid: null,
    targetType: 'WikiPage::Meta',
    targetTitle: page.title,
    author: store.user(options.author),
    wikiPage: { slug, title: page.title, format: page.format },
  });
  store.log(existing ? 'wiki.updated' : 'wiki.created', project, event.id, slug);
  return page;
}

/** GitLab records events on items created through work items with the class name WorkItem. */
function issueTarget(issue: FakeIssue): 'Issue' | 'WorkItem' {
  return issue.workItem ? 'WorkItem' : 'Issue';
}

function targetEvent(
  store: World,
  project: FakeProject,
  actionName: string,
  targetType: 'Issue' | 'WorkItem' | 'MergeRequest',
  target: { id: number; iid: number; title: string },
  author: FakeEvent['author'],
): FakeEvent {
  return store.addEvent(project, {
    actionName,
    targetId: target.id,
    targetIid: target.iid,
    targetType,
    targetTitle: target.title,
    author,
  });
}
