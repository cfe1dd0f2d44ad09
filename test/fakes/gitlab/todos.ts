import type { World } from './world.js';
import type { FakeProject, FakeTodo, FakeUser } from './world-types.js';

/**
 * To-Do items as GitLab creates them: `assigned`, `review_requested`, `mentioned` (or `directly_addressed` when the
 * mention starts a line), `build_failed` for the author of a merge request whose pipeline failed. Never for the user's
 * own action (except a failed pipeline on their own merge request).
 */

const MENTION = /(^|[^A-Za-z0-9_.`/@-])@([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9_])?)(?![A-Za-z0-9_/-])/g;

export function addTodo(
  store: World,
  project: FakeProject,
  user: FakeUser,
  author: FakeUser,
  actionName: FakeTodo['actionName'],
  targetType: FakeTodo['targetType'],
  targetIid: number,
  body: string,
): void {
  if (user.id === author.id && actionName !== 'build_failed') return;
  store.todos.push({
    id: store.next('todo') + 700_000,
    user,
    projectId: project.id,
    author,
    actionName,
    targetType,
    targetIid,
    body,
    state: 'pending',
    createdAt: store.iso(),
  });
}

/** A to-do for each existing user `@mentioned` in `text`. */
export function todoMentions(
  store: World,
  project: FakeProject,
  author: FakeUser,
  targetType: FakeTodo['targetType'],
  targetIid: number,
  text: string | null,
): void {
  for (const line of (text ?? '').split('\n')) {
    for (const match of line.matchAll(MENTION)) {
      const user = store.users.get(match[2] as string);
      if (!user) continue;
      const direct = line.trimStart().startsWith(`@${user.username}`);
      addTodo(store, project, user, author, direct ? 'directly_addressed' : 'mentioned', targetType, targetIid, line);
    }
  }
}
