import { resolveRef } from './commit-graph.js';
import { renderRelease } from './render.js';
import { ZERO_SHA, type World } from './world.js';
import type { CommitAccount, FakeRelease, FakeRepo } from './world-types.js';

export interface CreateRepoOptions {
  defaultBranch?: string;
  private?: boolean;
  protectedBranches?: string[];
  actor?: string;
  /** Private repositories: who besides the owner may read it (default: every user). */
  collaborators?: string[];
  /** Whether the repository has workflow files under .github/workflows (default true). */
  workflows?: boolean;
}

/** A commit message, or a message with its author and whether the author's e-mail matches a GitHub account. */
export type CommitInput = string | { message: string; author?: string; account?: CommitAccount };

export interface PushResult {
  before: string;
  head: string;
  shas: string[];
  eventIds: string[];
}

export function createRepo(world: World, fullName: string, options: CreateRepoOptions = {}): FakeRepo {
  const [owner, name, extra] = fullName.split('/');
  if (!owner || !name || extra !== undefined) throw new Error(`GitHub fake: repo must be owner/name, got ${fullName}`);
  if (world.findRepo(fullName)) throw new Error(`GitHub fake: repo ${fullName} exists`);
  const defaultBranch = options.defaultBranch ?? 'main';
  const repo: FakeRepo = {
    id: world.nextId(),
    owner,
    name,
    fullName,
    private: options.private ?? false,
    defaultBranch,
    protectedBranches: new Set(options.protectedBranches ?? []),
    branches: new Map(),
    tags: new Map(),
    commits: new Map(),
    issues: new Map(),
    releases: [],
    runs: [],
    deployments: [],
    discussions: new Map(),
    wikiPages: new Map(),
    collaborators: options.collaborators ? new Set(options.collaborators.map((c) => c.toLowerCase())) : null,
    nextNumber: 1,
    mergeMethods: { merge: true, squash: true, rebase: true },
    requireApproval: false,
    readOnly: new Set<string>(),
    workflows: options.workflows ?? true,
    createdAt: world.now(),
    archived: false,
    pushedAt: world.now(),
    updatedAt: world.now(),
  };
  world.repos.set(fullName.toLowerCase(), repo);
  world.user(owner);
  const actor = options.actor ?? world.defaultActor;
  const initial = world.addCommit(repo, 'Initial commit', actor, []);
  repo.branches.set(defaultBranch, initial.sha);
  const id = world.emit(repo, 'CreateEvent', actor, {
    ref: null,
    ref_type: 'repository',
    master_branch: defaultBranch,
    description: null,
    pusher_type: 'user',
  });
  world.log('createRepo', repo, [id]);
  return repo;
}

function pushEvent(world: World, repo: FakeRepo, actor: string, ref: string, before: string, head: string): string {
  return world.emit(repo, 'PushEvent', actor, { repository_id: repo.id, push_id: world.nextId(), ref, head, before });
}

function createRefEvent(world: World, repo: FakeRepo, actor: string, ref: string, refType: 'branch' | 'tag'): string {
  return world.emit(repo, 'CreateEvent', actor, {
    ref,
    ref_type: refType,
    master_branch: repo.defaultBranch,
    description: null,
    pusher_type: 'user',
  });
}

/** Pushes commits to a branch (creating it from the default branch when missing): CreateEvent for a new branch, then a thin PushEvent. */
export function push(
  world: World,
  fullName: string,
  branch: string,
  commits: number | CommitInput[],
  options: { actor?: string } = {},
): PushResult {
  const repo = world.repo(fullName);
  const actor = options.actor ?? world.defaultActor;
  const inputs: CommitInput[] =
    typeof commits === 'number' ? Array.from({ length: commits }, (_, i) => `Commit ${i + 1} on ${branch}`) : commits;
  const existing = repo.branches.get(branch);
  const eventIds: string[] = [];
  let parent = existing ?? (repo.branches.get(repo.defaultBranch) as string);
  if (!existing) eventIds.push(createRefEvent(world, repo, actor, branch, 'branch'));
  const before = existing ?? ZERO_SHA;
  const shas: string[] = [];
  for (const input of inputs) {
    const { message, author, account } = typeof input === 'string' ? { message: input, author: undefined } : input;
    const commit = world.addCommit(repo, message, author ?? actor, [parent], account);
    shas.push(commit.sha);
    parent = commit.sha;
  }
  repo.branches.set(branch, parent);
  repo.pushedAt = repo.updatedAt = world.now();
  eventIds.push(pushEvent(world, repo, actor, `refs/heads/${branch}`, before, parent));
  world.log('push', repo, eventIds, parent);
  return { before, head: parent, shas, eventIds };
}

/** Moves a branch to a new commit, as a merge does (used by mergePull). */
export function advanceBranch(world: World, repo: FakeRepo, branch: string, head: string, actor: string): string {
  const before = repo.branches.get(branch) ?? ZERO_SHA;
  repo.branches.set(branch, head);
  return pushEvent(world, repo, actor, `refs/heads/${branch}`, before, head);
}

export function createBranch(
  world: World,
  fullName: string,
  name: string,
  options: { from?: string; actor?: string } = {},
): string {
  const repo = world.repo(fullName);
  const sha = resolveRef(repo, options.from ?? repo.defaultBranch);
  if (!sha) throw new Error(`GitHub fake: unknown ref ${options.from}`);
  if (repo.branches.has(name)) throw new Error(`GitHub fake: branch ${name} exists`);
  repo.branches.set(name, sha);
  const id = createRefEvent(world, repo, options.actor ?? world.defaultActor, name, 'branch');
  world.log('createBranch', repo, [id], name);
  return sha;
}

export function deleteBranch(world: World, fullName: string, name: string, options: { actor?: string } = {}): void {
  const repo = world.repo(fullName);
  const sha = repo.branches.get(name);
  if (!sha) throw new Error(`GitHub fake: no branch ${name}`);
  if (name === repo.defaultBranch) throw new Error('GitHub fake: cannot delete the default branch');
  const actor = options.actor ?? world.defaultActor;
  repo.branches.delete(name);
  repo.protectedBranches.delete(name);
  const ids = [
    world.emit(repo, 'DeleteEvent', actor, { ref: name, ref_type: 'branch', pusher_type: 'user' }),
    pushEvent(world, repo, actor, `refs/heads/${name}`, sha, ZERO_SHA),
  ];
  world.log('deleteBranch', repo, ids, name);
}

export function createTag(
  world: World,
  fullName: string,
  name: string,
  options: { sha?: string; actor?: string } = {},
): string {
  const repo = world.repo(fullName);
  const sha = resolveRef(repo, options.sha ?? repo.defaultBranch);
  if (!sha) throw new Error(`GitHub fake: unknown ref ${options.sha}`);
  const actor = options.actor ?? world.defaultActor;
  repo.tags.set(name, sha);
  const ids = [
    createRefEvent(world, repo, actor, name, 'tag'),
    pushEvent(world, repo, actor, `refs/tags/${name}`, ZERO_SHA, sha),
  ];
  world.log('createTag', repo, ids, name);
  return sha;
}

export function deleteTag(world: World, fullName: string, name: string, options: { actor?: string } = {}): void {
  const repo = world.repo(fullName);
  if (!repo.tags.delete(name)) throw new Error(`GitHub fake: no tag ${name}`);
  const id = world.emit(repo, 'DeleteEvent', options.actor ?? world.defaultActor, {
    ref: name,
    ref_type: 'tag',
    pusher_type: 'user',
  });
  world.log('deleteTag', repo, [id], name);
}

export interface ReleaseInput {
  tag: string;
  name?: string | null;
  body?: string | null;
  actor?: string;
}

/** Publishes a release (creating its tag on the default branch when missing). */
export function publishRelease(world: World, fullName: string, input: ReleaseInput): FakeRelease {
  const repo = world.repo(fullName);
  const actor = input.actor ?? world.defaultActor;
  const ids: string[] = [];
  if (!repo.tags.has(input.tag)) {
    repo.tags.set(input.tag, repo.branches.get(repo.defaultBranch) as string);
    ids.push(createRefEvent(world, repo, actor, input.tag, 'tag'));
  }
  const now = world.now();
  const release: FakeRelease = {
    id: world.nextId(),
    tag: input.tag,
    name: input.name ?? input.tag,
    body: input.body ?? null,
    author: actor,
    createdAt: now,
    publishedAt: now,
  };
  repo.releases.push(release);
  ids.push(
    world.emit(repo, 'ReleaseEvent', actor, { action: 'published', release: renderRelease(world, repo, release) }),
  );
  world.log('publishRelease', repo, ids, release.id);
  return release;
}

export type WikiPageInput = string | { title: string };

/** Creates or edits wiki pages: one GollumEvent listing them (no REST API for wikis, as on GitHub). */
export function editWiki(
  world: World,
  fullName: string,
  pages: WikiPageInput[],
  options: { actor?: string } = {},
): string {
  const repo = world.repo(fullName);
  const rendered = pages.map((page) => {
    const title = typeof page === 'string' ? page : page.title;
    const slug = title.replace(/\s+/g, '-');
    const action = repo.wikiPages.has(slug) ? 'edited' : 'created';
    repo.wikiPages.set(slug, world.now());
    return {
      page_name: slug,
      title,
      summary: null,
      action,
      sha: world.newSha(),
      html_url: `${world.urls.web}/${repo.fullName}/wiki/${slug}`,
    };
  });
  const id = world.emit(repo, 'GollumEvent', options.actor ?? world.defaultActor, { pages: rendered });
  world.log('editWiki', repo, [id]);
  return id;
}

/** Archives (or unarchives) a repository: it stays listed, with `archived: true`; no feed event (as on GitHub). */
export function archiveRepo(world: World, fullName: string, archived = true): void {
  const repo = world.repo(fullName);
  repo.archived = archived;
  repo.updatedAt = world.now();
  world.log(archived ? 'archiveRepo' : 'unarchiveRepo', repo, []);
}

/**
 * Renames a repository or transfers it to another owner (`newFullName` = owner/name): it keeps its id, the old name
 * redirects to it, and nothing is written to the events feed (GitHub sends RepositoryEvent to webhooks only).
 */
export function moveRepo(world: World, fullName: string, newFullName: string): FakeRepo {
  const repo = world.repo(fullName);
  const [owner, name, extra] = newFullName.split('/');
  if (!owner || !name || extra !== undefined)
    throw new Error(`GitHub fake: repo must be owner/name, got ${newFullName}`);
  if (world.repos.has(newFullName.toLowerCase())) throw new Error(`GitHub fake: repo ${newFullName} exists`);
  world.repos.delete(repo.fullName.toLowerCase());
  world.redirects.set(repo.fullName.toLowerCase(), repo.id);
  world.redirects.delete(newFullName.toLowerCase());
  Object.assign(repo, { owner, name, fullName: newFullName, updatedAt: world.now() });
  world.repos.set(newFullName.toLowerCase(), repo);
  world.log('moveRepo', repo, []);
  return repo;
}

/** Deletes a repository: gone from listings, its API answers 404; no feed event. */
export function deleteRepo(world: World, fullName: string): void {
  const repo = world.repo(fullName);
  world.repos.delete(repo.fullName.toLowerCase());
  for (const [old, id] of world.redirects) if (id === repo.id) world.redirects.delete(old);
  world.log('deleteRepo', repo, []);
}
