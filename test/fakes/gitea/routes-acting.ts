import * as render from './render.js';
import type { Answer, Route, RouteContext } from './routes.js';
import { notFound, paged } from './routes.js';
import type { FakeItem, FakeRepo, FakeReview, FakeUser } from './world.js';

/**
 * The routes a person acting from Slack uses, answered like Gitea's routers/api/v1/repo (pull.go, pull_review.go,
 * issue_comment.go, action.go): reviews (422 for one's own pull request or a missing body), issue comments, the merge
 * button (405 with Gitea's message when not allowed, 409 for a moved head or conflicts, 201 when scheduled for when the
 * checks succeed, 404 for a closed pull request), a branch's protection as `GET /branches/{name}` shows it, the
 * combined commit status, and re-running a run's failed jobs (only on servers that have that API).
 */

const R = '^/repos/([^/]+)/([^/]+)';

const error = (ctx: RouteContext, status: number, message: string): Answer => ({
  status,
  body: { message, url: `${ctx.base}/api/swagger` },
});

function repoOf(ctx: RouteContext, m: string[]): FakeRepo | null {
  return ctx.world.repos.get(`${m[1]}/${m[2]}`.toLowerCase()) ?? null;
}

function pullOf(ctx: RouteContext, m: string[]): { repo: FakeRepo; item: FakeItem } | null {
  const repo = repoOf(ctx, m);
  const item = repo ? ctx.world.item(repo, Number(m[3])) : undefined;
  return repo && item?.isPull ? { repo, item } : null;
}

function headSha(repo: FakeRepo, item: FakeItem): string | null {
  return (item.head && repo.branches.get(item.head)?.commits.at(-1)?.sha) ?? null;
}

function canWrite(repo: FakeRepo, user: FakeUser): boolean {
  return repo.writers === null || repo.owner.id === user.id || repo.writers.includes(user.login);
}

/** Each context's newest status on a sha. */
function currentStatuses(ctx: RouteContext, repo: FakeRepo, sha: string) {
  const seen = new Set<string>();
  return ctx.world.statuses
    .filter((s) => s.repoId === repo.id && s.sha === sha)
    .sort((a, b) => b.id - a.id)
    .filter((s) => (seen.has(s.context) ? false : (seen.add(s.context), true)));
}

function renderReview(ctx: RouteContext, repo: FakeRepo, r: FakeReview) {
  return {
    id: r.id,
    user: render.user(ctx, r.author),
    team: null,
    state: r.state,
    body: r.body,
    commit_id: '',
    stale: false,
    official: canWrite(repo, r.author),
    dismissed: r.dismissed,
    comments_count: 0,
    submitted_at: render.time(ctx, r.at),
    html_url: `${ctx.base}/${repo.owner.login}/${repo.name}/pulls/${r.number}#issuecomment-${r.id}`,
    pull_request_url: `${ctx.base}/${repo.owner.login}/${repo.name}/pulls/${r.number}`,
  };
}

/** Latest counting review per reviewer (Gitea's official approvals for branch protection). */
function approvals(ctx: RouteContext, repo: FakeRepo, item: FakeItem): number {
  const latest = new Map<number, FakeReview>();
  for (const r of ctx.world.reviews)
    if (r.repoId === repo.id && r.number === item.number && r.state !== 'COMMENT' && !r.dismissed)
      latest.set(r.author.id, r);
  return [...latest.values()].filter((r) => r.state === 'APPROVED' && canWrite(repo, r.author)).length;
}

export const actingRoutes: Route[] = [
  {
    method: 'GET',
    pattern: new RegExp(`${R}/pulls$`),
    scopes: ['read:repository'],
    handle: (ctx, m) => {
      const repo = repoOf(ctx, m);
      if (!repo) return notFound(ctx);
      const state = ctx.query.get('state') ?? 'open';
      const pulls = ctx.world.items
        .filter((i) => i.repoId === repo.id && i.isPull && (state === 'all' || i.state === state))
        .sort((a, b) => b.number - a.number);
      return paged(ctx, pulls, (i) => render.pull(ctx, repo, i, ctx));
    },
  },
  {
    method: 'GET',
    pattern: new RegExp(`${R}/issues$`),
    scopes: ['read:repository', 'read:issue'],
    handle: (ctx, m) => {
      const repo = repoOf(ctx, m);
      if (!repo) return notFound(ctx);
      const state = ctx.query.get('state') ?? 'open';
      const type = ctx.query.get('type');
      const items = ctx.world.items
        .filter(
          (i) =>
            i.repoId === repo.id &&
            (state === 'all' || i.state === state) &&
            (type === 'issues' ? !i.isPull : type === 'pulls' ? i.isPull : true),
        )
        .sort((a, b) => b.number - a.number);
      return paged(ctx, items, (i) => render.issue(ctx, repo, i));
    },
  },
  {
    method: 'GET',
    pattern: /^\/users\/search$/,
    scopes: ['read:user'],
    handle: (ctx) => {
      const q = (ctx.query.get('q') ?? '').toLowerCase();
      const users = [...ctx.world.users.values()].filter((u) => !u.isOrg && u.login.toLowerCase().includes(q));
      return { status: 200, body: { ok: true, data: users.slice(0, 10).map((u) => render.user(ctx, u)) } };
    },
  },
  {
    method: 'GET',
    pattern: /^\/users\/([^/]+)$/,
    scopes: ['read:user'],
    handle: (ctx, m) => {
      const user = ctx.world.users.get(decodeURIComponent(m[1]!));
      return user ? { status: 200, body: render.user(ctx, user) } : notFound(ctx);
    },
  },
  {
    method: 'GET',
    pattern: new RegExp(`${R}/collaborators/([^/]+)/permission$`),
    scopes: ['read:repository'],
    handle: (ctx, m) => {
      const repo = repoOf(ctx, m);
      const login = decodeURIComponent(m[3]!);
      const user = ctx.world.users.get(login);
      if (!repo || !user) return notFound(ctx);
      // Gitea answers repository admins (here: the server's own user) and the user asking about themselves.
      if (ctx.doer.id !== ctx.world.me.id && ctx.doer.id !== user.id)
        return error(
          ctx,
          403,
          'Only admins can query all permissions, repo admins can query all repo permissions, collaborators can query only their own',
        );
      const permission = repo.owner.id === user.id ? 'owner' : (repo.collaborators.get(login) ?? 'none');
      return { status: 200, body: { permission, role_name: permission, user: render.user(ctx, user) } };
    },
  },
  {
    method: 'GET',
    pattern: new RegExp(`${R}/pulls/(\\d+)/reviews$`),
    scopes: ['read:repository'],
    handle: (ctx, m) => {
      const found = pullOf(ctx, m);
      if (!found) return notFound(ctx);
      const reviews = ctx.world.reviews.filter((r) => r.repoId === found.repo.id && r.number === found.item.number);
      return { status: 200, body: reviews.map((r) => renderReview(ctx, found.repo, r)) };
    },
  },
  {
    method: 'POST',
    pattern: new RegExp(`${R}/pulls/(\\d+)/reviews$`),
    scopes: ['write:repository'],
    handle: (ctx, m) => {
      const found = pullOf(ctx, m);
      if (!found) return notFound(ctx);
      const { repo, item } = found;
      const event = ctx.body.event;
      const body = typeof ctx.body.body === 'string' ? ctx.body.body : '';
      const own = item.author.id === ctx.doer.id;
      if (event === 'APPROVED' && own) return error(ctx, 422, 'approve your own pull is not allowed');
      if (event === 'REQUEST_CHANGES' && own) return error(ctx, 422, 'reject your own pull is not allowed');
      if (event === 'REQUEST_CHANGES' && !body.trim())
        return error(ctx, 422, 'review event REQUEST_CHANGES requires a body');
      if (event !== 'APPROVED' && event !== 'REQUEST_CHANGES' && event !== 'COMMENT')
        return error(ctx, 422, `review event ${String(event)} is not supported here`);
      const review: FakeReview = {
        id: ctx.world.nextId('review'),
        repoId: repo.id,
        number: item.number,
        state: event,
        body,
        author: ctx.doer,
        at: ctx.world.now(),
        dismissed: false,
      };
      ctx.world.reviews.push(review);
      if (event !== 'COMMENT') {
        const commentId = ctx.world.nextId('comment');
        ctx.world.comments.push({
          id: commentId,
          repoId: repo.id,
          number: item.number,
          body,
          author: ctx.doer,
          at: review.at,
        });
        ctx.world.notify(repo, ctx.doer, event === 'APPROVED' ? 'approve_pull_request' : 'reject_pull_request', {
          content: `${item.number}|${body.split('\n')[0]}`,
          commentId,
        });
      }
      return { status: 200, body: renderReview(ctx, repo, review) };
    },
  },
  {
    method: 'POST',
    pattern: new RegExp(`${R}/issues/(\\d+)/comments$`),
    scopes: ['write:issue'],
    handle: (ctx, m) => {
      const repo = repoOf(ctx, m);
      const item = repo ? ctx.world.item(repo, Number(m[3])) : undefined;
      if (!repo || !item) return notFound(ctx);
      const body = typeof ctx.body.body === 'string' ? ctx.body.body : '';
      if (!body) return error(ctx, 422, '[Body]: Required');
      const id = ctx.world.nextId('comment');
      ctx.world.comments.push({
        id,
        repoId: repo.id,
        number: item.number,
        body,
        author: ctx.doer,
        at: ctx.world.now(),
      });
      ctx.world.notify(repo, ctx.doer, item.isPull ? 'comment_pull' : 'comment_issue', {
        content: `${item.number}|${body.slice(0, 200)}`,
        commentId: id,
      });
      return {
        status: 201,
        body: {
          id,
          html_url: `${ctx.base}/${repo.owner.login}/${repo.name}/${item.isPull ? 'pulls' : 'issues'}/${item.number}#issuecomment-${id}`,
          user: render.user(ctx, ctx.doer),
          body,
          created_at: render.time(ctx, ctx.world.now()),
        },
      };
    },
  },
  {
    method: 'POST',
    pattern: new RegExp(`${R}/pulls/(\\d+)/merge$`),
    scopes: ['write:repository'],
    handle: (ctx, m) => {
      const found = pullOf(ctx, m);
      if (!found) return notFound(ctx);
      const { repo, item } = found;
      if (repo.archived) return error(ctx, 423, 'repo is archived');
      // pull_service.CheckPullMergeable, in Gitea's order.
      if (item.merged) return error(ctx, 405, '');
      if (item.state === 'closed') return notFound(ctx);
      const protection = item.base ? repo.protections.get(item.base) : undefined;
      const mayMerge = protection?.mergers ? protection.mergers.includes(ctx.doer.login) : canWrite(repo, ctx.doer);
      if (!mayMerge) return error(ctx, 405, 'User not allowed to merge PR');
      if (/^\s*(wip:|\[wip\])/i.test(item.title)) return error(ctx, 405, 'Work in progress PRs cannot be merged');
      const sha = headSha(repo, item);
      const whenChecks = ctx.body.merge_when_checks_succeed === true;
      const statuses = sha ? currentStatuses(ctx, repo, sha) : [];
      const pending = statuses.some((s) => s.status === 'pending');
      if (protection) {
        const needed = protection.requiredApprovals - approvals(ctx, repo, item);
        if (needed > 0) return error(ctx, 405, 'not allowed to merge [reason: Does not have enough approvals]');
        const failing = protection.statusChecks.some(
          (c) => statuses.find((s) => s.context === c)?.status !== 'success',
        );
        if (failing && !(whenChecks && pending))
          return error(ctx, 405, 'not allowed to merge [reason: Not all required status checks successful]');
      }
      const style = typeof ctx.body.Do === 'string' && ctx.body.Do ? ctx.body.Do : 'merge';
      const allowed: Record<string, boolean> = {
        merge: repo.mergeStyles.merge,
        rebase: repo.mergeStyles.rebase,
        'rebase-merge': repo.mergeStyles.rebaseMerge,
        squash: repo.mergeStyles.squash,
        'fast-forward-only': repo.mergeStyles.fastForwardOnly,
      };
      if (whenChecks && pending) {
        if (item.autoMerge)
          return error(ctx, 409, 'pull request is already scheduled to auto merge when checks succeed');
        item.autoMerge = style;
        return { status: 201, body: undefined };
      }
      if (!allowed[style]) return error(ctx, 405, `${style} is not allowed an allowed merge style for this repository`);
      if (typeof ctx.body.head_commit_id === 'string' && ctx.body.head_commit_id && ctx.body.head_commit_id !== sha)
        return error(ctx, 409, 'head out of date');
      if (item.conflicts)
        return { status: 409, body: { Style: style, StdOut: '', StdErr: 'CONFLICT (content)', Err: {} } };
      item.state = 'closed';
      item.merged = true;
      ctx.world.notify(repo, ctx.doer, 'merge_pull_request', { content: `${item.number}|${item.title}` });
      return { status: 200, body: undefined };
    },
  },
  {
    method: 'GET',
    pattern: new RegExp(`${R}/branches/([^/]+)$`),
    scopes: ['read:repository'],
    handle: (ctx, m) => {
      const repo = repoOf(ctx, m);
      const name = decodeURIComponent(m[3]!);
      const branch = repo?.branches.get(name);
      if (!repo || !branch) return notFound(ctx);
      const protection = repo.protections.get(name);
      return {
        status: 200,
        body: {
          name,
          commit: { id: branch.commits.at(-1)?.sha },
          protected: protection !== undefined,
          required_approvals: protection?.requiredApprovals ?? 0,
          enable_status_check: (protection?.statusChecks.length ?? 0) > 0,
          status_check_contexts: protection?.statusChecks ?? [],
          user_can_push: canWrite(repo, ctx.doer),
          user_can_merge: protection?.mergers ? protection.mergers.includes(ctx.doer.login) : canWrite(repo, ctx.doer),
          effective_branch_protection_name: protection ? name : '',
        },
      };
    },
  },
  {
    method: 'GET',
    pattern: new RegExp(`${R}/commits/([^/]+)/status$`),
    scopes: ['read:repository'],
    handle: (ctx, m) => {
      const repo = repoOf(ctx, m);
      if (!repo) return notFound(ctx);
      const statuses = currentStatuses(ctx, repo, m[3]!);
      const worst = ['error', 'failure', 'pending', 'warning', 'success'].find((w) =>
        statuses.some((s) => s.status === w),
      );
      return {
        status: 200,
        body: {
          state: worst ?? '',
          sha: m[3],
          total_count: statuses.length,
          statuses: statuses.map((s) => ({
            id: s.id,
            status: s.status,
            context: s.context,
            target_url: '',
            description: '',
            created_at: render.time(ctx, s.at),
          })),
        },
      };
    },
  },
  {
    method: 'POST',
    pattern: new RegExp(`${R}/actions/runs/(\\d+)/rerun-failed-jobs$`),
    scopes: ['write:repository'],
    handle: (ctx, m) => {
      const repo = repoOf(ctx, m);
      const run = repo ? ctx.world.runs.find((r) => r.repoId === repo.id && r.id === Number(m[3])) : undefined;
      if (!repo || !run || !ctx.rerunApi) return notFound(ctx);
      if (!canWrite(repo, ctx.doer)) return error(ctx, 403, 'user should have write permission of actions');
      const failed = run.jobs.filter((j) => j.status === 'failure');
      if (run.jobs.some((j) => j.status === 'waiting' || j.status === 'running') || failed.length === 0)
        return error(ctx, 400, 'this workflow run has no failed jobs to rerun');
      for (const job of failed) job.status = 'waiting';
      run.updatedAt = ctx.world.now();
      return { status: 201, body: undefined };
    },
  },
];
