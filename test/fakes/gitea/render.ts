import type { FakeActionRow, FakeItem, FakeRepo, FakeRun, FakeUser, World } from './world.js';

/**
 * JSON as Gitea writes it. Times are RFC 3339 in the server's own zone (the fake uses a fixed offset, +02:00 by
 * default, so clients that assume UTC are caught); `created` of feed rows has whole seconds only.
 */
export interface RenderContext {
  world: World;
  /** http://127.0.0.1:PORT (the web root; the API is under /api/v1). */
  base: string;
  offsetMinutes: number;
}

export function time(ctx: RenderContext, ms: number): string {
  const shifted = new Date(Math.floor(ms / 1000) * 1000 + ctx.offsetMinutes * 60_000);
  const sign = ctx.offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(ctx.offsetMinutes);
  const zone = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return `${shifted.toISOString().slice(0, 19)}${zone}`;
}

export function user(ctx: RenderContext, u: FakeUser) {
  return {
    id: u.id,
    login: u.login,
    login_name: '',
    full_name: u.fullName,
    email: `${u.login}@noreply.example.com`,
    avatar_url: `${ctx.base}/avatars/${u.id}`,
    username: u.login,
  };
}

function userOf(ctx: RenderContext, login: string) {
  return user(ctx, ctx.world.user(login));
}

export function repository(ctx: RenderContext, r: FakeRepo) {
  return {
    id: r.id,
    owner: user(ctx, r.owner),
    name: r.name,
    full_name: `${r.owner.login}/${r.name}`,
    private: r.private,
    fork: false,
    archived: r.archived,
    html_url: `${ctx.base}/${r.owner.login}/${r.name}`,
    default_branch: r.defaultBranch,
    has_issues: true,
    has_wiki: true,
    has_pull_requests: true,
    has_actions: true,
    permissions: { admin: false, push: true, pull: true },
    allow_merge_commits: r.mergeStyles.merge,
    allow_rebase: r.mergeStyles.rebase,
    allow_rebase_explicit: r.mergeStyles.rebaseMerge,
    allow_squash_merge: r.mergeStyles.squash,
    allow_fast_forward_only_merge: r.mergeStyles.fastForwardOnly,
    allow_rebase_update: true,
    default_merge_style: r.defaultMergeStyle,
  };
}

const label = (name: string, i: number) => ({ id: i + 1, name, color: 'e11d21', description: '', exclusive: false });

export function issue(ctx: RenderContext, r: FakeRepo, i: FakeItem) {
  const html = `${ctx.base}/${r.owner.login}/${r.name}/${i.isPull ? 'pulls' : 'issues'}/${i.number}`;
  return {
    id: r.id * 10_000 + i.number,
    url: `${ctx.base}/api/v1/repos/${r.owner.login}/${r.name}/issues/${i.number}`,
    html_url: html,
    number: i.number,
    user: user(ctx, i.author),
    original_author: '',
    title: i.title,
    body: i.body,
    labels: i.labels.map(label),
    milestone: null,
    assignee: i.assignees?.length ? userOf(ctx, i.assignees[0]!) : null,
    assignees: i.assignees?.length ? i.assignees.map((l) => userOf(ctx, l)) : null,
    state: i.state,
    is_locked: false,
    comments: 0,
    created_at: time(ctx, i.createdAt),
    updated_at: time(ctx, ctx.world.now()),
    closed_at: i.state === 'closed' ? time(ctx, ctx.world.now()) : null,
    pull_request: i.isPull
      ? { merged: i.merged, merged_at: null, draft: /^\s*(wip:|\[wip\])/i.test(i.title), html_url: html }
      : null,
    repository: { id: r.id, name: r.name, owner: r.owner.login, full_name: `${r.owner.login}/${r.name}` },
  };
}

export function pull(ctx: RenderContext, r: FakeRepo, i: FakeItem, flavour: { draftField: boolean }) {
  const branchRef = (ref: string | null) => ({
    label: ref,
    ref,
    sha: (ref && r.branches.get(ref)?.commits.at(-1)?.sha) ?? null,
    repo_id: r.id,
  });
  return {
    ...issue(ctx, r, i),
    pull_request: undefined,
    // Gitea before 1.22 has no `draft`: a work-in-progress pull request is known by its title prefix only.
    ...(flavour.draftField ? { draft: /^\s*(wip:|\[wip\])/i.test(i.title) } : {}),
    mergeable: i.state === 'open' && !i.conflicts,
    requested_reviewers: (i.reviewers ?? []).map((l) => userOf(ctx, l)),
    requested_reviewers_teams: [],
    merged: i.merged,
    merged_at: i.merged ? time(ctx, ctx.world.now()) : null,
    head: branchRef(i.head),
    base: branchRef(i.base),
    diff_url: `${ctx.base}/${r.owner.login}/${r.name}/pulls/${i.number}.diff`,
  };
}

export function activity(ctx: RenderContext, row: FakeActionRow) {
  const repo = [...ctx.world.repos.values()].find((r) => r.id === row.repoId)!;
  const actor = [...ctx.world.users.values()].find((u) => u.id === row.actUserId) ?? null;
  const found = row.commentId ? ctx.world.comments.find((c) => c.id === row.commentId) : undefined;
  return {
    id: row.id,
    user_id: row.userId,
    op_type: row.opType,
    act_user_id: row.actUserId,
    act_user: actor ? user(ctx, actor) : null,
    repo_id: row.repoId,
    repo: repository(ctx, repo),
    comment_id: row.commentId,
    comment: found
      ? {
          id: found.id,
          // Gitea's Comment.HTMLURL: the issue's URL, which is /pulls/N for a pull request.
          html_url: `${ctx.base}/${repo.owner.login}/${repo.name}/${ctx.world.item(repo, found.number)?.isPull ? 'pulls' : 'issues'}/${found.number}#issuecomment-${found.id}`,
          user: user(ctx, found.author),
          body: found.body,
          created_at: time(ctx, found.at),
        }
      : null,
    ref_name: row.refName,
    is_private: repo.private,
    content: row.content,
    created: time(ctx, row.createdUnix * 1000),
  };
}

/** A run as Gitea ≥ 1.24 answers `/actions/runs` (GitHub's status/conclusion). */
export function run(ctx: RenderContext, r: FakeRepo, x: FakeRun) {
  const done = x.jobs.every((j) => !['waiting', 'running'].includes(j.status));
  const failed = x.jobs.some((j) => j.status === 'failure');
  return {
    id: x.id,
    url: `${ctx.base}/api/v1/repos/${r.owner.login}/${r.name}/actions/runs/${x.id}`,
    html_url: `${ctx.base}/${r.owner.login}/${r.name}/actions/runs/${x.index}`,
    display_title: x.title,
    path: 'ci.yml@refs/heads/' + x.branch,
    event: 'push',
    run_attempt: 1,
    run_number: x.index,
    head_sha: x.sha,
    head_branch: x.branch,
    status: done ? 'completed' : 'in_progress',
    ...(done ? { conclusion: failed ? 'failure' : 'success' } : {}),
    started_at: time(ctx, x.startedAt),
    ...(done ? { completed_at: time(ctx, x.updatedAt) } : {}),
    actor: user(ctx, x.actor),
    trigger_actor: user(ctx, x.actor),
  };
}

/** The jobs of a run as tasks (`/actions/tasks`, Gitea 1.22+ and Forgejo 7+): one row per job, Gitea's status words. */
export function tasks(ctx: RenderContext, r: FakeRepo, x: FakeRun) {
  return x.jobs.map((j, i) => ({
    id: j.id,
    name: j.name,
    head_branch: x.branch,
    head_sha: x.sha,
    run_number: x.index,
    event: 'push',
    display_title: x.title,
    status: j.status,
    workflow_id: 'ci.yml',
    url: `${ctx.base}/${r.owner.login}/${r.name}/actions/runs/${x.index}/jobs/${i}`,
    created_at: time(ctx, x.createdAt),
    updated_at: time(ctx, x.updatedAt),
    run_started_at: time(ctx, x.startedAt),
  }));
}
