import type { World } from './world.js';
import type { FakeCommit, FakeEvent, FakeProject } from './world-types.js';

export interface CreateProjectOptions {
  defaultBranch?: string;
  protectedBranches?: string[];
  visibility?: FakeProject['visibility'];
  description?: string | null;
}

export interface PushOptions {
  branch: string;
  /** Commit titles (or full messages: first line is the title), or a count of generated commits. */
  commits: (string | { title: string; message?: string })[] | number;
  author?: string;
}

export interface PushResult {
  event: FakeEvent;
  commits: FakeCommit[];
}

export function createProject(store: World, path: string, options: CreateProjectOptions = {}): FakeProject {
  if (store.findProject(path)) throw new Error(`fake GitLab: project ${path} exists`);
  const defaultBranch = options.defaultBranch ?? 'main';
  const project: FakeProject = {
    id: store.next('project'),
    path,
    name: path.split('/').at(-1) ?? path,
    description: options.description ?? null,
    defaultBranch,
    visibility: options.visibility ?? 'private',
    createdAt: store.iso(),
    protectedBranches: options.protectedBranches ?? [defaultBranch],
    branches: new Map(),
    tags: new Map(),
    commits: new Map(),
    issues: [],
    mergeRequests: [],
    notes: [],
    pipelines: [],
    deployments: [],
    releases: [],
    wiki: new Map(),
    events: [],
    archived: false,
    lastActivityAt: store.iso(),
    sharedWith: [],
    member: true,
  };
  store.projects.push(project);
  const initial = addCommit(store, project, null, 'Initial commit', undefined);
  project.branches.set(defaultBranch, initial.sha);
  const event = store.addEvent(project, {
    actionName: 'created',
    targetId: null,
    targetIid: null,
    targetType: null,
    targetTitle: null,
    author: store.me,
  });
  store.log('project.created', project, event.id, path);
  return project;
}

export function addCommit(
  store: World,
  project: FakeProject,
  parent: string | null,
  message: string,
  author: string | undefined,
): FakeCommit {
  const commit: FakeCommit = {
    sha: store.sha(),
    title: message.split('\n')[0] ?? message,
    message,
    author: store.user(author),
    createdAt: store.iso(),
    parent,
  };
  project.commits.set(commit.sha, commit);
  return commit;
}

/** Pushes commits to a branch (creating it from the default branch when new): one "pushed to" / "pushed new" event. */
export function push(store: World, projectRef: string, options: PushOptions): PushResult {
  const project = store.project(projectRef);
  const author = store.user(options.author);
  const before = project.branches.get(options.branch) ?? null;
  let head = before ?? project.branches.get(project.defaultBranch) ?? null;
  const specs =
    typeof options.commits === 'number'
      ? Array.from({ length: options.commits }, (_, i) => `Change ${i + 1} on ${options.branch}`)
      : options.commits;
  const commits: FakeCommit[] = [];
  for (const spec of specs) {
    const message = typeof spec === 'string' ? spec : (spec.message ?? spec.title);
    const commit = addCommit(store, project, head, message, author.username);
    if (typeof spec !== 'string') commit.title = spec.title;
    commits.push(commit);
    head = commit.sha;
  }
  if (head === null) throw new Error('fake GitLab: nothing to push');
  project.branches.set(options.branch, head);
  const event = store.addEvent(project, {
    actionName: before === null ? 'pushed new' : 'pushed to',
    targetId: null,
    targetIid: null,
    targetType: null,
    targetTitle: null,
    author,
    pushData: {
      commit_count: commits.length,
      action: before === null ? 'created' : 'pushed',
      ref_type: 'branch',
      commit_from: before,
      commit_to: head,
      ref: options.branch,
      commit_title: project.commits.get(head)?.title ?? null,
      ref_count: null,
    },
  });
  store.log('push', project, event.id, options.branch);
  return { event, commits };
}

export function createBranch(
  store: World,
  projectRef: string,
  name: string,
  options: { from?: string; author?: string } = {},
): FakeEvent {
  const project = store.project(projectRef);
  if (project.branches.has(name)) throw new Error(`fake GitLab: branch ${name} exists`);
  const sha = project.branches.get(options.from ?? project.defaultBranch) ?? options.from;
  if (!sha) throw new Error(`fake GitLab: unknown ref ${options.from ?? project.defaultBranch}`);
  project.branches.set(name, sha);
  const event = refEvent(store, project, 'pushed new', 'branch', name, null, sha, options.author);
  store.log('branch.created', project, event.id, name);
  return event;
}

export function deleteBranch(
  store: World,
  projectRef: string,
  name: string,
  options: { author?: string } = {},
): FakeEvent {
  const project = store.project(projectRef);
  const sha = project.branches.get(name);
  if (!sha) throw new Error(`fake GitLab: no branch ${name}`);
  project.branches.delete(name);
  const event = refEvent(store, project, 'deleted', 'branch', name, sha, null, options.author);
  store.log('branch.deleted', project, event.id, name);
  return event;
}

export function createTag(
  store: World,
  projectRef: string,
  name: string,
  options: { ref?: string; author?: string } = {},
): FakeEvent {
  const project = store.project(projectRef);
  if (project.tags.has(name)) throw new Error(`fake GitLab: tag ${name} exists`);
  const ref = options.ref ?? project.defaultBranch;
  const sha = project.branches.get(ref) ?? (project.commits.has(ref) ? ref : undefined);
  if (!sha) throw new Error(`fake GitLab: unknown ref ${ref}`);
  project.tags.set(name, sha);
  const event = refEvent(store, project, 'pushed new', 'tag', name, null, sha, options.author);
  store.log('tag.created', project, event.id, name);
  return event;
}

export function deleteTag(
  store: World,
  projectRef: string,
  name: string,
  options: { author?: string } = {},
): FakeEvent {
  const project = store.project(projectRef);
  const sha = project.tags.get(name);
  if (!sha) throw new Error(`fake GitLab: no tag ${name}`);
  project.tags.delete(name);
  const event = refEvent(store, project, 'deleted', 'tag', name, sha, null, options.author);
  store.log('tag.deleted', project, event.id, name);
  return event;
}

export function protectBranch(store: World, projectRef: string, nameOrWildcard: string): void {
  const project = store.project(projectRef);
  if (!project.protectedBranches.includes(nameOrWildcard)) project.protectedBranches.push(nameOrWildcard);
}

function refEvent(
  store: World,
  project: FakeProject,
  actionName: string,
  refType: 'branch' | 'tag',
  ref: string,
  from: string | null,
  to: string | null,
  author: string | undefined,
): FakeEvent {
  return store.addEvent(project, {
    actionName,
    targetId: null,
    targetIid: null,
    targetType: null,
    targetTitle: null,
    author: store.user(author),
    pushData: {
      commit_count: 0,
      action: to === null ? 'removed' : 'created',
      ref_type: refType,
      commit_from: from,
      commit_to: to,
      ref,
      commit_title: to ? (project.commits.get(to)?.title ?? null) : null,
      ref_count: null,
    },
  });
}

/** Commits reachable from `to` back to (excluding) `from`, oldest first; what `repository/compare` returns. */
export function commitsBetween(project: FakeProject, from: string | null, to: string): FakeCommit[] {
  const out: FakeCommit[] = [];
  let cursor: string | null = to;
  while (cursor && cursor !== from) {
    const commit = project.commits.get(cursor);
    if (!commit) break;
    out.push(commit);
    cursor = commit.parent;
  }
  return out.reverse();
}

/** One ref change of a push of several refs at once. */
export type RefChange =
  | { branch: string; commits: PushOptions['commits'] }
  | { tag: string; ref?: string }
  | { deleteBranch: string }
  | { deleteTag: string };

export interface PushRefsOptions {
  changes: RefChange[];
  author?: string;
  /** The instance's push event activities limit (GitLab's default: 3). */
  limit?: number;
}

/**
 * One `git push` of several refs, as GitLab records it (Git::ProcessRefChangesService): changes are grouped by kind
 * (branch, tag) and action (created, pushed, removed); a group of at most `limit` changes gets one event per ref, a
 * bigger one a single bulk push event: `ref` null, `commit_count` 0, `ref_count` N, no commit range or title.
 */
export function pushRefs(store: World, projectRef: string, options: PushRefsOptions): FakeEvent[] {
  const project = store.project(projectRef);
  const limit = options.limit ?? 3;
  const author = options.author;
  const groups = new Map<string, RefChange[]>();
  for (const change of options.changes) {
    const kind = 'branch' in change || 'deleteBranch' in change ? 'branch' : 'tag';
    const action =
      'deleteBranch' in change || 'deleteTag' in change
        ? 'removed'
        : 'tag' in change || !project.branches.has(change.branch)
          ? 'created'
          : 'pushed';
    const key = `${kind}:${action}`;
    groups.set(key, [...(groups.get(key) ?? []), change]);
  }
  const events: FakeEvent[] = [];
  for (const [key, changes] of groups) {
    const [kind, action] = key.split(':') as ['branch' | 'tag', 'created' | 'pushed' | 'removed'];
    if (changes.length <= limit) {
      for (const change of changes) events.push(applyChange(store, projectRef, change, author));
      continue;
    }
    for (const change of changes) applyChange(store, projectRef, change, author, { quiet: true });
    const event = store.addEvent(project, {
      actionName: action === 'created' ? 'pushed new' : action === 'removed' ? 'deleted' : 'pushed to',
      targetId: null,
      targetIid: null,
      targetType: null,
      targetTitle: null,
      author: store.user(author),
      pushData: {
        commit_count: 0,
        action,
        ref_type: kind,
        commit_from: null,
        commit_to: null,
        ref: null,
        commit_title: null,
        ref_count: changes.length,
      },
    });
    store.log('push.bulk', project, event.id, `${changes.length} ${kind === 'tag' ? 'tags' : 'branches'}`);
    events.push(event);
  }
  return events;
}

/** Applies one ref change; `quiet` (part of a bulk push) changes the repository without an event of its own. */
function applyChange(
  store: World,
  projectRef: string,
  change: RefChange,
  author: string | undefined,
  options: { quiet?: boolean } = {},
): FakeEvent {
  const project = store.project(projectRef);
  const before = project.events.length;
  let event: FakeEvent;
  if ('branch' in change)
    event = push(store, projectRef, { branch: change.branch, commits: change.commits, author }).event;
  else if ('tag' in change) event = createTag(store, projectRef, change.tag, { ref: change.ref, author });
  else if ('deleteBranch' in change) event = deleteBranch(store, projectRef, change.deleteBranch, { author });
  else event = deleteTag(store, projectRef, change.deleteTag, { author });
  if (options.quiet) project.events.splice(before);
  return event;
}

/** Archives (or unarchives) a project: still listed by its group, with `archived: true`; no events-feed row. */
export function archiveProject(store: World, path: string, archived = true): FakeProject {
  const project = store.project(path);
  project.archived = archived;
  store.log(archived ? 'project.archived' : 'project.unarchived', project, null, path);
  return project;
}

/**
 * Renames a project or transfers it to another group (a new full path): same id, the old path keeps answering through
 * GitLab's redirect routes.
 */
export function moveProject(store: World, path: string, newPath: string): FakeProject {
  const project = store.project(path);
  if (store.findProject(newPath)) throw new Error(`fake GitLab: project ${newPath} exists`);
  store.redirects.set(project.path.toLowerCase(), project.id);
  store.redirects.delete(newPath.toLowerCase());
  project.path = newPath;
  project.name = newPath.split('/').at(-1) ?? newPath;
  store.log('project.moved', project, null, newPath);
  return project;
}

/** Deletes a project: gone from every list, its API answers 404. */
export function deleteProject(store: World, path: string): void {
  const project = store.project(path);
  store.projects.splice(store.projects.indexOf(project), 1);
  for (const [old, id] of store.redirects) if (id === project.id) store.redirects.delete(old);
  store.log('project.deleted', project, null, path);
}

/** Shares a project with a group (it then shows in the group's project list unless `with_shared=false`). */
export function shareProject(store: World, path: string, group: string): void {
  store.project(path).sharedWith.push(group);
}
