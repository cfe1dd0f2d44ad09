import { z } from 'zod';
import type { NotifyReason } from '../../../contract/vocabulary/people.js';
import type { InboxCursor, InboxItem, InboxRead, PersonalInbox } from '../personal-inbox.js';
import type { GitLabClient, Meter } from './client.js';

const todoSchema = z.object({
  id: z.number(),
  action_name: z.string(),
  target_type: z.string(),
  target: z
    .object({
      iid: z.number().nullish(),
      title: z.string().nullish(),
      web_url: z.string().nullish(),
      source_branch: z.string().nullish(),
    })
    .nullish(),
  target_url: z.string().nullish(),
  project: z.object({ path_with_namespace: z.string(), web_url: z.string() }).nullish(),
  author: z.object({ username: z.string() }).nullish(),
  created_at: z.string(),
});
type Todo = z.output<typeof todoSchema>;

interface Cursor {
  /** The newest to-do id handled (ids grow). */
  maxId: number;
  /** To-do items created before this instant are history (the moment of the first read). */
  since: number;
}

const REASONS: Record<string, NotifyReason> = {
  assigned: 'assigned',
  mentioned: 'mentioned',
  directly_addressed: 'mentioned',
  review_requested: 'review_requested',
  approval_required: 'review_requested',
  build_failed: 'my_pipelines_failed',
  review_submitted: 'my_pulls_reviewed',
};
/**
 * To-do actions the events of a subscribed project bring too. Not an approval rule's ask (approval_required), nor a
 * failed pipeline (only subscriptions that want pipelines read them).
 */
const EVENTS_SEE = new Set(['assigned', 'mentioned', 'directly_addressed', 'review_requested', 'review_submitted']);

/** The item for a to-do, or null when its action is none of the six (marked, unmergeable, member_access_requested …). */
export function todoItem(todo: Todo): InboxItem | null {
  const reason = REASONS[todo.action_name];
  const iid = todo.target?.iid ?? null;
  if (!reason || !todo.project || iid === null) return null;
  const mr = todo.target_type === 'MergeRequest';
  if (!mr && todo.target_type !== 'Issue' && todo.target_type !== 'WorkItem') return null;
  const subject =
    reason === 'my_pipelines_failed'
      ? `pipeline:${todo.target?.source_branch ?? '?'}`
      : `${mr ? 'mr' : 'issue'}:${iid}`;
  return {
    reason,
    repo: todo.project.path_with_namespace,
    repoUrl: todo.project.web_url,
    subject,
    qualifier: reason === 'my_pulls_reviewed' ? (todo.author?.username ?? null) : null,
    title: todo.target?.title ?? `${mr ? '!' : '#'}${iid}`,
    url: todo.target_url ?? todo.target?.web_url ?? todo.project.web_url,
    number: iid,
    actor: todo.author?.username ?? null,
    at: Date.parse(todo.created_at),
    eventsSee: EVENTS_SEE.has(todo.action_name),
  };
}

/**
 * A person's GitLab To-Do list (`GET /todos`, pending, newest first), read with their own token. GitLab has no
 * conditional requests on /api/v4: each read is one request; new to-dos are those with an id above the last one seen.
 */
export function createGitLabInbox(client: GitLabClient): PersonalInbox {
  return {
    async read(raw: InboxCursor | null, since: number): Promise<InboxRead> {
      const cursor: Cursor = { maxId: 0, since, ...(raw as Partial<Cursor> | null) };
      const meter: Meter = { total: 0, billable: 0 };
      const page = await client.list('/todos', todoSchema, {
        query: { state: 'pending', per_page: 50 },
        meter,
        maxPages: 2,
        stopAfter: (todos) => todos.some((t) => t.id <= cursor.maxId),
        onInvalid: () => undefined,
      });
      const fresh = page.items.filter((t) => t.id > cursor.maxId && Date.parse(t.created_at) >= cursor.since);
      return {
        items: fresh.flatMap((t) => todoItem(t) ?? []),
        changed: raw !== null && page.items.some((t) => t.id > cursor.maxId),
        cursor: { maxId: Math.max(cursor.maxId, ...page.items.map((t) => t.id)), since: cursor.since } satisfies Cursor,
        requests: meter,
      };
    },
  };
}
