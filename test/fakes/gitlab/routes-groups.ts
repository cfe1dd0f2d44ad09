import { projectJson } from './render.js';
import {
  badRequest,
  json,
  list,
  notFound,
  route,
  sortBy,
  stringParam,
  type Route,
  type RouteContext,
} from './router.js';
import { groupId } from './world.js';
import type { FakeProject } from './world-types.js';

const truthy = (value: string | undefined): boolean | undefined =>
  value === undefined ? undefined : value === 'true' || value === '1';

const ORDER: Record<string, (p: FakeProject) => number | string> = {
  id: (p) => p.id,
  created_at: (p) => p.createdAt,
  last_activity_at: (p) => p.lastActivityAt,
  path: (p) => p.path.toLowerCase(),
  name: (p) => p.name.toLowerCase(),
};

/** The project filters and order GitLab's project lists share (`archived`, `search`, `order_by`, `sort`). */
function projectList(ctx: RouteContext, projects: FakeProject[]) {
  const archived = truthy(stringParam(ctx, 'archived'));
  const search = stringParam(ctx, 'search')?.toLowerCase();
  const orderBy = stringParam(ctx, 'order_by') ?? 'created_at';
  const key = ORDER[orderBy];
  if (!key) return badRequest('order_by does not have a valid value');
  const filtered = projects.filter(
    (p) =>
      (archived === undefined || p.archived === archived) &&
      (!search || p.path.toLowerCase().includes(search) || p.name.toLowerCase().includes(search)),
  );
  return list(
    ctx,
    sortBy(filtered, (p) => key(p), stringParam(ctx, 'sort')),
    (p) => projectJson(ctx.base, p),
  );
}

/** `/groups/:id`, `/groups/:id/projects` (subgroups and shared projects as GitLab's flags say), `/users/:id/projects`. */
export function groupRoutes(): Route[] {
  return [
    route('GET', 'groups/:id', (ctx) => {
      const group = ctx.store.findGroup(ctx.params.id ?? '');
      if (!group) return notFound('Group');
      const parts = group.path.split('/');
      return json({
        id: group.id,
        name: parts.at(-1),
        path: parts.at(-1),
        full_path: group.path,
        full_name: parts.join(' / '),
        parent_id: parts.length > 1 ? groupId(parts.slice(0, -1).join('/')) : null,
        web_url: `${ctx.base}/groups/${group.path}`,
        visibility: 'private',
      });
    }),
    route('GET', 'groups/:id/projects', (ctx) => {
      const group = ctx.store.findGroup(ctx.params.id ?? '');
      if (!group) return notFound('Group');
      const prefix = `${group.path.toLowerCase()}/`;
      const subgroups = truthy(stringParam(ctx, 'include_subgroups')) === true;
      // with_shared defaults to true: projects of other groups shared with this one are listed too.
      const shared = truthy(stringParam(ctx, 'with_shared')) !== false;
      const projects = ctx.store.projects.filter((p) => {
        const path = p.path.toLowerCase();
        const own = path.startsWith(prefix) && (subgroups || !path.slice(prefix.length).includes('/'));
        return own || (shared && p.sharedWith.some((g) => g.toLowerCase() === group.path.toLowerCase()));
      });
      return projectList(ctx, projects);
    }),
    route('GET', 'users/:id/projects', (ctx) => {
      const username = (ctx.params.id ?? '').toLowerCase();
      if (![...ctx.store.users.keys()].some((u) => u.toLowerCase() === username)) return notFound('User');
      return projectList(
        ctx,
        ctx.store.projects.filter(
          (p) => p.path.toLowerCase().split('/')[0] === username && !p.path.slice(username.length + 1).includes('/'),
        ),
      );
    }),
  ];
}
