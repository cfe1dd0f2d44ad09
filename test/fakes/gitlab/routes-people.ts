import { issueJson, mergeRequestJson, projectJson, userJson } from './render.js';
import { json, list, notFound, route, stringParam, withProject, type Route, type RouteContext } from './router.js';
import type { FakeTodo, FakeUser } from './world-types.js';

/**
 * The caller's To-Do items (`/todos`, newest first, `state=pending` by default), user search (`/users?search=`,
 * `/users?username=`, with `bot` for access-token bots) and project membership (`/projects/:id/members/all/:user_id`).
 */

function todoJson(ctx: RouteContext, todo: FakeTodo): Record<string, unknown> | null {
  const project = ctx.store.findProject(todo.projectId);
  if (!project) return null;
  const target =
    todo.targetType === 'Issue'
      ? project.issues.find((i) => i.iid === todo.targetIid)
      : project.mergeRequests.find((m) => m.iid === todo.targetIid);
  if (!target) return null;
  const targetJson =
    todo.targetType === 'Issue'
      ? issueJson(ctx.base, project, target as Parameters<typeof issueJson>[2])
      : mergeRequestJson(ctx.base, project, target as Parameters<typeof mergeRequestJson>[2]);
  return {
    id: todo.id,
    project: projectJson(ctx.base, project),
    author: userJson(ctx.base, todo.author),
    action_name: todo.actionName,
    target_type: todo.targetType,
    target: targetJson,
    target_url: targetJson.web_url,
    body: todo.body,
    state: todo.state,
    created_at: todo.createdAt,
    updated_at: todo.createdAt,
  };
}

function userWithBot(ctx: RouteContext, user: FakeUser): Record<string, unknown> {
  return { ...userJson(ctx.base, user), bot: ctx.store.bots.has(user.username) };
}

export const peopleRoutes: Route[] = [
  route('GET', 'todos', (ctx) => {
    const state = stringParam(ctx, 'state') ?? 'pending';
    const action = stringParam(ctx, 'action');
    const mine = ctx.store.todos
      .filter((t) => t.user.id === ctx.user.id && (state === 'all' || t.state === state))
      .filter((t) => action === undefined || t.actionName === action)
      .sort((a, b) => b.id - a.id);
    return list(ctx, mine, (t) => todoJson(ctx, t));
  }),
  route('GET', 'users', (ctx) => {
    const username = stringParam(ctx, 'username');
    const search = (stringParam(ctx, 'search') ?? '').toLowerCase();
    const users = [...ctx.store.users.values()].filter((u) =>
      username !== undefined
        ? u.username.toLowerCase() === username.toLowerCase()
        : search === '' || u.username.toLowerCase().includes(search) || u.name.toLowerCase().includes(search),
    );
    return list(ctx, users, (u) => userWithBot(ctx, u));
  }),
  route('GET', 'users/:user_id', (ctx) => {
    const user = [...ctx.store.users.values()].find((u) => String(u.id) === ctx.params.user_id);
    return user ? json(userWithBot(ctx, user)) : notFound('User');
  }),
  route('GET', 'projects/:id/members/all/:user_id', (ctx) =>
    withProject(ctx, (project) => {
      const user = [...ctx.store.users.values()].find((u) => String(u.id) === ctx.params.user_id);
      if (!user) return notFound('Member');
      const member = project.visibility !== 'private' || !project.members || project.members.has(user.username);
      return member ? json({ ...userJson(ctx.base, user), access_level: 30 }) : notFound('Member');
    }),
  ),
];
