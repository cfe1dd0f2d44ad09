import { eventJson, projectJson, userJson } from './render.js';
import type { FakeEvent } from './world-types.js';
import {
  badRequest,
  json,
  list,
  route,
  sortBy,
  stringParam,
  withProject,
  type Route,
  type RouteContext,
  type RouteResult,
} from './router.js';

const DAY_MS = 86_400_000;

/** `/user`, `/personal_access_tokens/self`, `/version`, `/projects` (picker), `/projects/:id`, `/projects/:id/events`. */
export function accountRoutes(
  tokenInfo: () => { name: string; createdAt: string; scopes: readonly string[] },
): Route[] {
  return [
    route('GET', 'user', (ctx) =>
      json({
        ...userJson(ctx.base, ctx.user),
        email: `${ctx.user.username}@example.com`,
        is_admin: false,
        bot: false,
      }),
    ),
    route('GET', 'personal_access_tokens/self', (ctx) => {
      const info = tokenInfo();
      return json({
        id: 1,
        name: info.name,
        revoked: false,
        created_at: info.createdAt,
        scopes: ctx.user === ctx.store.me ? info.scopes : ctx.scopes,
        user_id: ctx.user.id,
        active: true,
        expires_at: null,
        last_used_at: ctx.store.iso(),
      });
    }),
    route('GET', 'version', () => json({ version: '17.5.0-fake', revision: 'fake' })),
    route('GET', 'projects', (ctx) => {
      const search = (stringParam(ctx, 'search') ?? '').toLowerCase();
      const membership = stringParam(ctx, 'membership') === 'true';
      const matches = ctx.store.projects.filter(
        (p) =>
          (!membership || p.member) &&
          (search === '' || p.path.toLowerCase().includes(search) || p.name.toLowerCase().includes(search)),
      );
      return list(
        ctx,
        sortBy(matches, (p) => p.id, stringParam(ctx, 'sort')),
        (p) => projectJson(ctx.base, p),
      );
    }),
    route('GET', 'projects/:id', (ctx) => withProject(ctx, (project) => json(projectJson(ctx.base, project)))),
    route('GET', 'projects/:id/events', (ctx) => withProject(ctx, (project) => events(ctx, project.events))),
    // The user's own events, or with scope=all every event of the projects the user is a member of (the dashboard).
    route('GET', 'events', (ctx) => {
      const all = stringParam(ctx, 'scope') === 'all';
      const rows = ctx.store.projects
        .filter((p) => p.member)
        .flatMap((p) => p.events)
        .filter((e) => all || e.author.id === ctx.store.me.id);
      return events(ctx, rows);
    }),
  ];
}

/**
 * GitLab's date-only filters: `after=D` keeps events created after the END of day D (UTC),
 * `before=D` keeps events created before the START of day D. Newest first unless `sort=asc`.
 */
function events(ctx: RouteContext, rows: readonly FakeEvent[]): RouteResult {
  const after = dateParam(stringParam(ctx, 'after'));
  const before = dateParam(stringParam(ctx, 'before'));
  if (after === 'invalid') return badRequest('after is invalid');
  if (before === 'invalid') return badRequest('before is invalid');
  const targetType = stringParam(ctx, 'target_type');
  const targetTypes: Record<string, readonly string[]> = {
    issue: ['Issue'],
    merge_request: ['MergeRequest'],
    note: ['Note', 'DiscussionNote', 'DiffNote'],
    wiki: ['WikiPage::Meta'],
  };
  const filtered = rows.filter((event) => {
    const created = Date.parse(event.createdAt);
    if (after !== null && created < after + DAY_MS) return false;
    if (before !== null && created >= before) return false;
    if (targetType !== undefined && !(targetTypes[targetType] ?? []).includes(event.targetType ?? '')) return false;
    return true;
  });
  const sort = stringParam(ctx, 'sort');
  if (sort !== undefined && sort !== 'asc' && sort !== 'desc') return badRequest('sort does not have a valid value');
  return list(
    ctx,
    sortBy(filtered, (e) => e.id, sort),
    (e) => eventJson(ctx.base, e),
  );
}

/** Start of the UTC day named by a YYYY-MM-DD (a longer ISO time is cut to its date, as Grape's Date coercion does). */
function dateParam(value: string | undefined): number | null | 'invalid' {
  if (value === undefined || value === '') return null;
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (!match) return 'invalid';
  const ms = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return Number.isFinite(ms) ? ms : 'invalid';
}
