import * as render from './render.js';
import type { RenderContext } from './render.js';
import type { FakeRepo, FakeUser } from './world.js';

/**
 * The API v1 routes the fake answers, each with the token scope Gitea demands for it (`read:repository` for the
 * /repos group; issue routes also `read:issue`; writes the `write:` form). Lists page with `page`/`limit` (limit capped
 * at 50, Gitea's MAX_RESPONSE_ITEMS), `X-Total-Count` and a `Link` header.
 */
export interface Answer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface RouteContext extends RenderContext {
  query: URLSearchParams;
  body: Record<string, unknown>;
  version: string;
  actionsApi: 'runs' | 'tasks' | 'none';
  /** Servers before Gitea 1.22 send no `draft` on pull requests. */
  draftField: boolean;
  /** Servers before Gitea 1.20 have no activity-feeds route. */
  feeds: boolean;
  compare: boolean;
  path: string;
  /** The user the presented token belongs to (the server's own user for anonymous reads). */
  doer: FakeUser;
  /** `POST /actions/runs/{run}/rerun-failed-jobs` exists (recent Gitea; not older Gitea or Forgejo). */
  rerunApi: boolean;
}

export interface Route {
  method: 'GET' | 'POST' | 'PATCH';
  pattern: RegExp;
  scopes: string[];
  handle: (ctx: RouteContext, match: string[]) => Answer;
}

const ok = (body: unknown, headers?: Record<string, string>): Answer => ({
  status: 200,
  body,
  ...(headers ? { headers } : {}),
});
export const notFound = (ctx: Pick<RouteContext, 'base'>): Answer => ({
  status: 404,
  body: { errors: null, message: "The target couldn't be found.", url: `${ctx.base}/api/swagger` },
});

/** One page of `items` the way Gitea pages: `page` from 1, `limit` at most 50, total and next/last links. */
export function paged<T>(ctx: RouteContext, items: T[], render: (item: T) => unknown): Answer {
  const limit = Math.min(50, Math.max(1, Number(ctx.query.get('limit') ?? 30) || 30));
  const page = Math.max(1, Number(ctx.query.get('page') ?? 1) || 1);
  const slice = items.slice((page - 1) * limit, page * limit);
  const last = Math.max(1, Math.ceil(items.length / limit));
  const link = (p: number, rel: string) => {
    const q = new URLSearchParams(ctx.query);
    q.set('page', String(p));
    q.set('limit', String(limit));
    return `<${ctx.base}${ctx.path}?${q.toString()}>; rel="${rel}"`;
  };
  const links = [
    ...(page < last ? [link(page + 1, 'next'), link(last, 'last')] : []),
    ...(page > 1 ? [link(1, 'first'), link(page - 1, 'prev')] : []),
  ];
  return ok(slice.map(render), {
    'x-total-count': String(items.length),
    ...(links.length ? { link: links.join(',') } : {}),
  });
}

function repoOf(ctx: RouteContext, m: string[]): FakeRepo | null {
  return ctx.world.repos.get(`${m[1]}/${m[2]}`.toLowerCase()) ?? null;
}

const R = '^/repos/([^/]+)/([^/]+)';
const READ_REPO = ['read:repository'];
const READ_ISSUE = ['read:repository', 'read:issue'];

/** An organisation's or user's repositories (archived ones included, with `archived: true`). */
function ownerRepos(ctx: RouteContext, login: string, org: boolean): Answer {
  const owner = [...ctx.world.repos.values()].find((r) => r.owner.login.toLowerCase() === login.toLowerCase())?.owner;
  if (!owner || owner.isOrg !== org) return notFound(ctx);
  const repos = [...ctx.world.repos.values()].filter((r) => r.owner.id === owner.id).sort((a, b) => a.id - b.id);
  return paged(ctx, repos, (r) => render.repository(ctx, r));
}

export const routes: Route[] = [
  { method: 'GET', pattern: /^\/version$/, scopes: [], handle: (ctx) => ok({ version: ctx.version }) },
  {
    method: 'GET',
    pattern: /^\/orgs\/([^/]+)\/repos$/,
    scopes: ['read:organization'],
    handle: (ctx, m) => ownerRepos(ctx, m[1] as string, true),
  },
  {
    method: 'GET',
    pattern: /^\/users\/([^/]+)\/repos$/,
    scopes: ['read:user'],
    handle: (ctx, m) => ownerRepos(ctx, m[1] as string, false),
  },
  { method: 'GET', pattern: /^\/user$/, scopes: ['read:user'], handle: (ctx) => ok(render.user(ctx, ctx.doer)) },
  {
    method: 'GET',
    pattern: /^\/repos\/search$/,
    scopes: READ_REPO,
    handle: (ctx) => {
      const q = (ctx.query.get('q') ?? '').toLowerCase();
      const repos = [...ctx.world.repos.values()].filter((r) => `${r.owner.login}/${r.name}`.toLowerCase().includes(q));
      const answer = paged(ctx, repos, (r) => render.repository(ctx, r));
      return { ...answer, body: { ok: true, data: answer.body } };
    },
  },
  {
    method: 'GET',
    pattern: /^\/repos\/issues\/search$/,
    scopes: READ_ISSUE,
    handle: (ctx) =>
      paged(ctx, ctx.world.items, (i) =>
        render.issue(
          ctx,
          [...ctx.world.repos.values()].find((r) => r.id === i.repoId)!,
          i,
        ),
      ),
  },
  {
    method: 'GET',
    pattern: new RegExp(`${R}$`),
    scopes: READ_REPO,
    handle: (ctx, m) => {
      const repo = repoOf(ctx, m);
      return repo ? ok(render.repository(ctx, repo)) : notFound(ctx);
    },
  },
  {
    method: 'GET',
    pattern: new RegExp(`${R}/activities/feeds$`),
    scopes: READ_REPO,
    handle: (ctx, m) => {
      const repo = repoOf(ctx, m);
      if (!repo || !ctx.feeds) return notFound(ctx);
      let rows = ctx.world.rows.filter((row) => row.repoId === repo.id);
      const date = ctx.query.get('date');
      if (date) {
        // The day is taken in the server's own time zone (setting.DefaultUILocation), as Gitea does.
        const low = Date.parse(`${date}T00:00:00Z`) / 1000 - ctx.offsetMinutes * 60;
        rows = rows.filter((row) => row.createdUnix >= low && row.createdUnix <= low + 86_399);
      }
      rows = [...rows].sort((a, b) => b.createdUnix - a.createdUnix || b.id - a.id);
      return paged(ctx, rows, (row) => render.activity(ctx, row));
    },
  },
  {
    method: 'GET',
    pattern: new RegExp(`${R}/issues/(\\d+)$`),
    scopes: READ_ISSUE,
    handle: (ctx, m) => {
      const repo = repoOf(ctx, m);
      const item = repo && ctx.world.item(repo, Number(m[3]));
      return repo && item ? ok(render.issue(ctx, repo, item)) : notFound(ctx);
    },
  },
  {
    method: 'PATCH',
    pattern: new RegExp(`${R}/issues/(\\d+)$`),
    scopes: ['write:issue'],
    handle: (ctx, m) => {
      const repo = repoOf(ctx, m);
      const item = repo && ctx.world.item(repo, Number(m[3]));
      if (!repo || !item) return notFound(ctx);
      const state = ctx.body.state;
      if (state === 'open' || state === 'closed') item.state = state;
      return { status: 201, body: render.issue(ctx, repo, item) };
    },
  },
  {
    method: 'POST',
    pattern: new RegExp(`${R}/issues$`),
    scopes: ['write:issue'],
    handle: (ctx, m) => {
      const repo = repoOf(ctx, m);
      if (!repo) return notFound(ctx);
      const title = typeof ctx.body.title === 'string' ? ctx.body.title : '';
      if (!title) return { status: 422, body: { message: '[Title]: Required', url: `${ctx.base}/api/swagger` } };
      const item = {
        repoId: repo.id,
        number: ctx.world.nextNumber(repo),
        isPull: false,
        title,
        body: typeof ctx.body.body === 'string' ? ctx.body.body : '',
        state: 'open' as const,
        merged: false,
        labels: [],
        author: ctx.world.me,
        createdAt: ctx.world.now(),
        head: null,
        base: null,
      };
      ctx.world.items.push(item);
      ctx.world.notify(repo, ctx.world.me, 'create_issue', { content: `${item.number}|${item.title}` });
      return { status: 201, body: render.issue(ctx, repo, item) };
    },
  },
  {
    method: 'GET',
    pattern: new RegExp(`${R}/pulls/(\\d+)$`),
    scopes: READ_REPO,
    handle: (ctx, m) => {
      const repo = repoOf(ctx, m);
      const item = repo && ctx.world.item(repo, Number(m[3]));
      return repo && item?.isPull ? ok(render.pull(ctx, repo, item, ctx)) : notFound(ctx);
    },
  },
  {
    method: 'GET',
    pattern: new RegExp(`${R}/branches$`),
    scopes: READ_REPO,
    handle: (ctx, m) => {
      const repo = repoOf(ctx, m);
      if (!repo) return notFound(ctx);
      return paged(ctx, [...repo.branches], ([name, b]) => ({
        name,
        protected: b.protected,
        commit: { id: b.commits.at(-1)?.sha },
      }));
    },
  },
  {
    method: 'GET',
    pattern: new RegExp(`${R}/compare/([0-9a-f]+)\\.\\.\\.([0-9a-f]+)$`),
    scopes: READ_REPO,
    handle: (ctx, m) => {
      const repo = repoOf(ctx, m);
      if (!repo || !ctx.compare) return notFound(ctx);
      for (const [, branch] of repo.branches) {
        const from = branch.commits.findIndex((c) => c.sha === m[3]);
        const to = branch.commits.findIndex((c) => c.sha === m[4]);
        if (from >= 0 && to > from) {
          const commits = branch.commits.slice(from + 1, to + 1).map((c) => ({
            sha: c.sha,
            html_url: `${ctx.base}/${repo.owner.login}/${repo.name}/commit/${c.sha}`,
            commit: {
              message: c.message,
              author: { name: c.author, email: `${c.author}@example.com`, date: render.time(ctx, c.at) },
            },
            author: null,
          }));
          return ok({ total_commits: commits.length, commits });
        }
      }
      return notFound(ctx);
    },
  },
  {
    method: 'GET',
    pattern: new RegExp(`${R}/git/commits/([0-9a-f]+)$`),
    scopes: READ_REPO,
    handle: (ctx, m) => {
      const repo = repoOf(ctx, m);
      const commit = repo && [...repo.branches.values()].flatMap((b) => b.commits).find((c) => c.sha.startsWith(m[3]!));
      if (!repo || !commit) return notFound(ctx);
      return ok({
        sha: commit.sha,
        html_url: `${ctx.base}/${repo.owner.login}/${repo.name}/commit/${commit.sha}`,
        created: render.time(ctx, commit.at),
        commit: { message: commit.message, author: { name: commit.author, date: render.time(ctx, commit.at) } },
        author: null,
      });
    },
  },
  {
    method: 'GET',
    pattern: new RegExp(`${R}/releases/tags/([^/]+)$`),
    scopes: READ_REPO,
    handle: (ctx, m) => {
      const repo = repoOf(ctx, m);
      const release =
        repo && ctx.world.releases.find((r) => r.repoId === repo.id && r.tag === decodeURIComponent(m[3]!));
      if (!repo || !release) return notFound(ctx);
      return ok({
        id: release.id,
        tag_name: release.tag,
        name: release.name,
        body: release.body,
        html_url: `${ctx.base}/${repo.owner.login}/${repo.name}/releases/tag/${release.tag}`,
        draft: false,
        prerelease: false,
        published_at: render.time(ctx, release.at),
        author: render.user(ctx, release.author),
      });
    },
  },
  {
    method: 'GET',
    pattern: new RegExp(`${R}/wiki/pages$`),
    scopes: READ_REPO,
    handle: (ctx, m) => {
      const repo = repoOf(ctx, m);
      if (!repo) return notFound(ctx);
      return paged(ctx, [...repo.wiki], ([title, page]) => ({
        title,
        html_url: `${ctx.base}/${repo.owner.login}/${repo.name}/wiki/${encodeURIComponent(title)}`,
        sub_url: encodeURIComponent(title),
        last_commit: {
          sha: page.sha,
          author: { name: page.author, email: '', date: render.time(ctx, page.at) },
          message: page.message,
        },
      }));
    },
  },
  {
    method: 'GET',
    pattern: new RegExp(`${R}/actions/runs$`),
    scopes: READ_REPO,
    handle: (ctx, m) => {
      const repo = repoOf(ctx, m);
      if (!repo || ctx.actionsApi !== 'runs') return notFound(ctx);
      const runs = ctx.world.runs.filter((r) => r.repoId === repo.id).reverse();
      const answer = paged(ctx, runs, (x) => render.run(ctx, repo, x));
      return { ...answer, body: { workflow_runs: answer.body, total_count: runs.length } };
    },
  },
  {
    method: 'GET',
    pattern: new RegExp(`${R}/actions/runs/(\\d+)/jobs$`),
    scopes: READ_REPO,
    handle: (ctx, m) => {
      const repo = repoOf(ctx, m);
      const found = repo && ctx.world.runs.find((r) => r.repoId === repo.id && r.id === Number(m[3]));
      if (!repo || !found || ctx.actionsApi !== 'runs') return notFound(ctx);
      const jobs = found.jobs.map((j) => ({
        id: j.id,
        name: j.name,
        run_id: found.id,
        status: ['waiting', 'running'].includes(j.status) ? 'in_progress' : 'completed',
        conclusion: ['waiting', 'running'].includes(j.status) ? undefined : j.status,
        html_url: `${ctx.base}/${repo.owner.login}/${repo.name}/actions/runs/${found.index}/jobs/${found.jobs.indexOf(j)}`,
      }));
      return ok({ jobs, total_count: jobs.length });
    },
  },
  {
    method: 'GET',
    pattern: new RegExp(`${R}/actions/tasks$`),
    scopes: READ_REPO,
    handle: (ctx, m) => {
      const repo = repoOf(ctx, m);
      if (!repo || ctx.actionsApi === 'none') return notFound(ctx);
      const all = ctx.world.runs
        .filter((r) => r.repoId === repo.id)
        .reverse()
        .flatMap((x) => render.tasks(ctx, repo, x));
      const answer = paged(ctx, all, (t) => t);
      return { ...answer, body: { workflow_runs: answer.body, total_count: all.length } };
    },
  },
];
