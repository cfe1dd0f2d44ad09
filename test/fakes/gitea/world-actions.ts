import type { FakeCommit, FakeItem, FakeRelease, FakeRepo, FakeRun, World } from './world.js';

/**
 * What tests do to the fake Gitea. Each mutator changes the world and writes the activity rows Gitea's feed
 * notifier would write (services/feed/notifier.go): content `N|title` for issues and pulls, Gitea's PushCommits JSON
 * for pushes (the newest 5 commits, `Len` for all), full ref names, a separate branch-created row for a new branch.
 */

type By = { by?: string };
const FEED_MAX_COMMIT_NUM = 5;

export function createRepo(
  world: World,
  path: string,
  options: { defaultBranch?: string; private?: boolean; org?: boolean; watchers?: string[] } = {},
): FakeRepo {
  const [ownerLogin, name] = path.split('/') as [string, string];
  const owner = world.user(ownerLogin, options.org ?? ownerLogin !== world.me.login);
  const defaultBranch = options.defaultBranch ?? 'main';
  const repo: FakeRepo = {
    id: world.nextId('repo'),
    owner,
    name,
    defaultBranch,
    private: options.private ?? false,
    archived: false,
    watchers: (options.watchers ?? []).map((login) => world.user(login).id),
    branches: new Map([
      [
        defaultBranch,
        {
          commits: [{ sha: world.sha(), message: 'Initial commit', author: owner.login, at: world.now() }],
          protected: false,
        },
      ],
    ]),
    tags: new Map(),
    wiki: new Map(),
    mergeStyles: { merge: true, rebase: true, rebaseMerge: true, squash: true, fastForwardOnly: true },
    defaultMergeStyle: 'merge',
    protections: new Map(),
    collaborators: new Map(),
    writers: null,
  };
  world.repos.set(path.toLowerCase(), repo);
  return repo;
}

export function watch(world: World, path: string, login: string): void {
  const repo = world.repo(path);
  repo.watchers.push(world.user(login).id);
}

export function openIssue(
  world: World,
  path: string,
  options: { title: string; body?: string; labels?: string[]; assignees?: string[] } & By,
): FakeItem {
  const repo = world.repo(path);
  const author = world.user(options.by ?? world.me.login);
  for (const login of options.assignees ?? []) world.user(login);
  const item: FakeItem = {
    repoId: repo.id,
    number: world.nextNumber(repo),
    isPull: false,
    assignees: options.assignees ?? [],
    title: options.title,
    body: options.body ?? '',
    state: 'open',
    merged: false,
    labels: options.labels ?? [],
    author,
    createdAt: world.now(),
    head: null,
    base: null,
  };
  world.items.push(item);
  world.notify(repo, author, 'create_issue', { content: `${item.number}|${item.title}` });
  return item;
}

export function openPull(
  world: World,
  path: string,
  options: { title: string; body?: string; head: string; base?: string; labels?: string[]; reviewers?: string[] } & By,
): FakeItem {
  const repo = world.repo(path);
  const author = world.user(options.by ?? world.me.login);
  for (const login of options.reviewers ?? []) world.user(login);
  const item: FakeItem = {
    repoId: repo.id,
    number: world.nextNumber(repo),
    isPull: true,
    reviewers: options.reviewers ?? [],
    title: options.title,
    body: options.body ?? '',
    state: 'open',
    merged: false,
    labels: options.labels ?? [],
    author,
    createdAt: world.now(),
    head: options.head,
    base: options.base ?? repo.defaultBranch,
  };
  world.items.push(item);
  world.notify(repo, author, 'create_pull_request', { content: `${item.number}|${item.title}` });
  return item;
}

/** Close or reopen an issue or pull request (Gitea's IssueChangeStatus writes `N|` and the status comment's id). */
export function setState(
  world: World,
  path: string,
  number: number,
  state: 'open' | 'closed',
  options: By = {},
): FakeItem {
  const repo = world.repo(path);
  const item = mustItem(world, repo, number);
  const actor = world.user(options.by ?? world.me.login);
  item.state = state;
  const op = `${state === 'closed' ? 'close' : 'reopen'}_${item.isPull ? 'pull_request' : 'issue'}`;
  world.notify(repo, actor, op, { content: `${number}|`, commentId: world.nextId('comment') });
  return item;
}

export function mergePull(world: World, path: string, number: number, options: By = {}): FakeItem {
  const repo = world.repo(path);
  const item = mustItem(world, repo, number);
  const actor = world.user(options.by ?? world.me.login);
  item.state = 'closed';
  item.merged = true;
  world.notify(repo, actor, 'merge_pull_request', { content: `${number}|${item.title}` });
  return item;
}

export function comment(world: World, path: string, number: number, body: string, options: By = {}): number {
  const repo = world.repo(path);
  const item = mustItem(world, repo, number);
  const author = world.user(options.by ?? world.me.login);
  const id = world.nextId('comment');
  world.comments.push({ id, repoId: repo.id, number, body, author, at: world.now() });
  world.notify(repo, author, item.isPull ? 'comment_pull' : 'comment_issue', {
    content: `${number}|${body.slice(0, 200)}`,
    commentId: id,
  });
  return id;
}

export function review(
  world: World,
  path: string,
  number: number,
  options: { state: 'approve' | 'reject'; body?: string } & By,
): number {
  const repo = world.repo(path);
  mustItem(world, repo, number);
  const author = world.user(options.by ?? world.me.login);
  const id = world.nextId('comment');
  const body = options.body ?? '';
  world.comments.push({ id, repoId: repo.id, number, body, author, at: world.now() });
  world.reviews.push({
    id: world.nextId('review'),
    repoId: repo.id,
    number,
    state: options.state === 'approve' ? 'APPROVED' : 'REQUEST_CHANGES',
    body,
    author,
    at: world.now(),
    dismissed: false,
  });
  world.notify(repo, author, options.state === 'approve' ? 'approve_pull_request' : 'reject_pull_request', {
    content: `${number}|${body.split('\n')[0]}`,
    commentId: id,
  });
  return id;
}

export function push(world: World, path: string, branch: string, messages: string[], options: By = {}): FakeCommit[] {
  const repo = world.repo(path);
  const pusher = world.user(options.by ?? world.me.login);
  const existing = repo.branches.get(branch);
  const parent = existing?.commits.at(-1) ?? repo.branches.get(repo.defaultBranch)?.commits.at(-1);
  const commits = messages.map((message) => ({ sha: world.sha(), message, author: pusher.login, at: world.now() }));
  if (existing) existing.commits.push(...commits);
  else {
    repo.branches.set(branch, { commits: [...(parent ? [parent] : []), ...commits], protected: false });
    world.notify(repo, pusher, 'commit_repo', { refName: `refs/heads/${branch}` });
  }
  const newestFirst = [...commits].reverse();
  const content = {
    Commits: newestFirst.slice(0, FEED_MAX_COMMIT_NUM).map((c) => ({
      Sha1: c.sha,
      Message: c.message,
      AuthorEmail: `${c.author}@example.com`,
      AuthorName: c.author,
      CommitterEmail: `${c.author}@example.com`,
      CommitterName: c.author,
      Timestamp: new Date(c.at).toISOString(),
    })),
    HeadCommit: { Sha1: commits.at(-1)!.sha },
    CompareURL:
      existing && parent ? `${repo.owner.login}/${repo.name}/compare/${parent.sha}...${commits.at(-1)!.sha}` : '',
    Len: commits.length,
  };
  world.notify(repo, pusher, 'commit_repo', { refName: `refs/heads/${branch}`, content: JSON.stringify(content) });
  return commits;
}

export function deleteBranch(world: World, path: string, branch: string, options: By = {}): void {
  const repo = world.repo(path);
  repo.branches.delete(branch);
  world.notify(repo, world.user(options.by ?? world.me.login), 'delete_branch', { refName: `refs/heads/${branch}` });
}

export function pushTag(world: World, path: string, tag: string, options: By = {}): void {
  const repo = world.repo(path);
  repo.tags.set(tag, repo.branches.get(repo.defaultBranch)!.commits.at(-1)!.sha);
  world.notify(repo, world.user(options.by ?? world.me.login), 'push_tag', {
    refName: `refs/tags/${tag}`,
    content: JSON.stringify({ Commits: [], HeadCommit: null, CompareURL: '', Len: 0 }),
  });
}

export function deleteTag(world: World, path: string, tag: string, options: By = {}): void {
  const repo = world.repo(path);
  repo.tags.delete(tag);
  world.notify(repo, world.user(options.by ?? world.me.login), 'delete_tag', { refName: `refs/tags/${tag}` });
}

export function publishRelease(
  world: World,
  path: string,
  options: { tag: string; name?: string; body?: string } & By,
): FakeRelease {
  const repo = world.repo(path);
  const author = world.user(options.by ?? world.me.login);
  if (!repo.tags.has(options.tag)) pushTag(world, path, options.tag, options);
  const release: FakeRelease = {
    id: world.nextId('release'),
    repoId: repo.id,
    tag: options.tag,
    name: options.name ?? options.tag,
    body: options.body ?? '',
    author,
    at: world.now(),
  };
  world.releases.push(release);
  world.notify(repo, author, 'publish_release', { refName: `refs/tags/${options.tag}`, content: release.name });
  return release;
}

/** Edits (or creates) a wiki page: a new commit on it. Gitea writes no activity row for this. */
export function editWiki(world: World, path: string, title: string, options: By = {}): void {
  const repo = world.repo(path);
  repo.wiki.set(title, {
    sha: world.sha(),
    author: options.by ?? world.me.login,
    at: world.now(),
    message: `Update ${title}`,
  });
}

/** Starts a workflow run on a branch with the named jobs (all waiting). */
export function runWorkflow(
  world: World,
  path: string,
  options: { branch?: string; title?: string; jobs?: string[] } & By,
): FakeRun {
  const repo = world.repo(path);
  const branch = options.branch ?? repo.defaultBranch;
  const run: FakeRun = {
    id: world.nextId('run') + 1000,
    repoId: repo.id,
    index: world.runs.filter((r) => r.repoId === repo.id).length + 1,
    title: options.title ?? `CI on ${branch}`,
    branch,
    sha: repo.branches.get(branch)?.commits.at(-1)?.sha ?? world.sha(),
    actor: world.user(options.by ?? world.me.login),
    createdAt: world.now(),
    startedAt: world.now(),
    updatedAt: world.now(),
    jobs: (options.jobs ?? ['build', 'test']).map((name) => ({ id: world.nextId('job'), name, status: 'waiting' })),
  };
  world.runs.push(run);
  return run;
}

/** Finishes a run: every job succeeds, or the named jobs fail (the others succeed). */
export function finishRun(world: World, run: FakeRun, options: { failed?: string[] } = {}): FakeRun {
  for (const job of run.jobs) job.status = options.failed?.includes(job.name) ? 'failure' : 'success';
  run.updatedAt = world.now();
  return run;
}

/** A commit status on a sha (newest wins per context), as a CI reports it. */
export function setStatus(
  world: World,
  path: string,
  sha: string,
  context: string,
  status: 'pending' | 'success' | 'error' | 'failure' | 'warning',
): void {
  const repo = world.repo(path);
  world.statuses.push({ id: world.nextId('status'), repoId: repo.id, sha, context, status, at: world.now() });
}

export function mustItem(world: World, repo: FakeRepo, number: number): FakeItem {
  const item = world.item(repo, number);
  if (!item) throw new Error(`fake gitea: no issue or pull #${number} in ${repo.owner.login}/${repo.name}`);
  return item;
}
