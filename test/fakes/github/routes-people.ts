import { HttpError } from './http-error.js';
import { canRead } from './notifications.js';
import { renderUser } from './render.js';
import { ok, paged, repoFrom, type Route, type RouteContext } from './router.js';
import type { FakeNotification } from './world-types.js';

/**
 * Who is who and what waits for whom: the authenticated user's inbox (`/notifications`, with `Last-Modified` and
 * `If-Modified-Since` — a 304 is free — and `X-Poll-Interval`; classic tokens only), user search for the login picker,
 * a user by login, and a user's permission on a repository.
 */

function threadJson(ctx: RouteContext, n: FakeNotification): Record<string, unknown> {
  const { api, web } = ctx.world.urls;
  const repo = ctx.world.findRepo(n.repo);
  const subjectUrl =
    n.subjectType === 'CheckSuite'
      ? null
      : `${api}/repos/${n.repo}/${n.subjectType === 'PullRequest' ? 'pulls' : 'issues'}/${n.number}`;
  return {
    id: n.id,
    unread: n.unread,
    reason: n.reason,
    updated_at: new Date(n.updatedAt).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    last_read_at: null,
    subject: { title: n.title, url: subjectUrl, latest_comment_url: subjectUrl, type: n.subjectType },
    repository: {
      id: repo?.id ?? 0,
      name: n.repo.split('/')[1],
      full_name: n.repo,
      private: repo?.private ?? false,
      html_url: `${web}/${n.repo}`,
      owner: renderUser(ctx.world, n.repo.split('/')[0] as string),
    },
    url: `${api}/notifications/threads/${n.id}`,
    subscription_url: `${api}/notifications/threads/${n.id}/subscription`,
  };
}

export const peopleRoutes: Route[] = [
  {
    method: 'GET',
    pattern: /^\/notifications$/,
    handle: (ctx) => {
      const scopes = ctx.token.scopes;
      if (scopes === null || scopes === undefined)
        throw new HttpError(403, 'Resource not accessible by personal access token');
      if (!scopes.includes('notifications') && !scopes.includes('repo'))
        throw new HttpError(403, 'Missing the notifications scope');
      const all = ctx.query.get('all') === 'true';
      const sinceRaw = ctx.query.get('since');
      const since = sinceRaw ? Date.parse(sinceRaw) : null;
      const mine = ctx.world.notifications
        .filter((n) => n.login === ctx.token.login.toLowerCase())
        .filter((n) => all || n.unread)
        .filter((n) => since === null || n.updatedAt >= since)
        .sort((a, b) => b.updatedAt - a.updatedAt);
      const newest = ctx.world.notifications
        .filter((n) => n.login === ctx.token.login.toLowerCase())
        .reduce((max, n) => Math.max(max, n.updatedAt), ctx.world.startedAt);
      const page = paged(
        ctx,
        mine.map((n) => threadJson(ctx, n)),
      );
      return { ...page, pollInterval: true, lastModified: newest };
    },
  },
  {
    method: 'GET',
    pattern: /^\/search\/users$/,
    handle: (ctx) => {
      const q = (ctx.query.get('q') ?? '')
        .replace(/\bin:\w+\b|\btype:\w+\b/g, '')
        .trim()
        .toLowerCase();
      if (!q) throw new HttpError(422, 'Validation Failed');
      const items = [...ctx.world.users.values()]
        .filter((u) => u.login.toLowerCase().includes(q) || (u.name ?? '').toLowerCase().includes(q))
        .sort((a, b) => a.login.localeCompare(b.login))
        .map((u) => ({ ...renderUser(ctx.world, u.login), score: 1 }));
      return ok({ total_count: items.length, incomplete_results: false, items: items.slice(0, 30) });
    },
  },
  {
    method: 'GET',
    pattern: /^\/users\/([^/]+)$/,
    handle: (ctx) => {
      const user = ctx.world.users.get((ctx.params[0] as string).toLowerCase());
      if (!user) throw new HttpError(404, 'Not Found');
      return ok({ ...renderUser(ctx.world, user.login), name: user.name });
    },
  },
  {
    method: 'GET',
    pattern: /^\/repos\/([^/]+)\/([^/]+)\/collaborators\/([^/]+)\/permission$/,
    handle: (ctx) => {
      const repo = repoFrom(ctx);
      const login = ctx.params[2] as string;
      if (!canRead(repo, ctx.token.login))
        throw new HttpError(403, 'Must have push access to view collaborator permission.');
      const user = ctx.world.users.get(login.toLowerCase());
      if (!user) throw new HttpError(404, 'Not Found');
      const permission = canRead(repo, login) ? (repo.private ? 'write' : 'read') : 'none';
      return ok({ permission, role_name: permission, user: renderUser(ctx.world, user.login) });
    },
  },
];
