import { z } from 'zod';
import type { NotifyReason } from '../../../contract/vocabulary/people.js';
import type { InboxCursor, InboxItem, InboxRead, PersonalInbox } from '../personal-inbox.js';
import { type GitHubClient, nextLink, type RequestCounter } from './client.js';

const threadSchema = z.object({
  id: z.union([z.string(), z.number()]).transform(String),
  reason: z.string(),
  updated_at: z.string(),
  subject: z.object({
    title: z.string(),
    url: z.string().nullish(),
    type: z.string(),
  }),
  repository: z.object({ full_name: z.string(), html_url: z.string() }),
});
const threadsSchema = z.array(z.unknown()).transform((rows) =>
  rows.flatMap((row) => {
    const parsed = threadSchema.safeParse(row);
    return parsed.success ? [parsed.data] : [];
  }),
);
type Thread = z.output<typeof threadSchema>;

interface Cursor {
  /** Last-Modified of the last full answer, sent back as If-Modified-Since. */
  lastModified: string | null;
  /** `threadId@updated_at` already handled (a thread bumped again is news). */
  seen: string[];
  /** Threads updated before this instant are history (the moment of the first read). */
  since: number;
}

const REASONS: Record<string, NotifyReason> = {
  review_requested: 'review_requested',
  mention: 'mentioned',
  team_mention: 'mentioned',
  assign: 'assigned',
};
/** GitHub reasons the events of a subscribed repository bring too (a team mention names no person in the text). */
const EVENTS_SEE = new Set(['review_requested', 'mention', 'assign', 'ci_activity']);
const MAX_PAGES = 3;
const SEEN = 500;

/**
 * The item for a notification thread, or null when its reason is none of the six (author, comment, subscribed,
 * state_change … are left to the events of subscribed repositories). `ci_activity` counts when its title says the run
 * failed ("CI workflow run failed for main branch").
 */
export function inboxItem(thread: Thread): InboxItem | null {
  const repoUrl = thread.repository.html_url;
  const number = Number(/\/(?:pulls|issues)\/(\d+)$/.exec(thread.subject.url ?? '')?.[1] ?? NaN);
  const at = Date.parse(thread.updated_at);
  const eventsSee = EVENTS_SEE.has(thread.reason);
  if (thread.reason === 'ci_activity') {
    if (!/fail/i.test(thread.subject.title)) return null;
    const branch = /for (\S+) branch/i.exec(thread.subject.title)?.[1] ?? null;
    return {
      reason: 'my_pipelines_failed',
      repo: thread.repository.full_name,
      repoUrl,
      subject: `pipeline:${branch ?? '?'}`,
      qualifier: null,
      title: thread.subject.title,
      url: `${repoUrl}/actions`,
      number: null,
      actor: null,
      at,
      eventsSee,
    };
  }
  const reason = REASONS[thread.reason];
  if (!reason || !Number.isInteger(number)) return null;
  const pull = thread.subject.type === 'PullRequest';
  if (!pull && thread.subject.type !== 'Issue') return null;
  return {
    reason,
    repo: thread.repository.full_name,
    repoUrl,
    subject: `${pull ? 'pull' : 'issue'}:${number}`,
    qualifier: null,
    title: thread.subject.title,
    url: `${repoUrl}/${pull ? 'pull' : 'issues'}/${number}`,
    number,
    actor: null,
    at,
    eventsSee,
  };
}

/**
 * A person's GitHub inbox: `GET /notifications` with If-Modified-Since (a 304 is free: an idle person costs nothing
 * after the first read) and X-Poll-Interval. Classic and OAuth (sign-in) tokens only: a fine-grained token gets 403,
 * which the caller reports once. A notification bumped within the same second as the answer's Last-Modified could
 * hide behind a 304 (HTTP dates carry whole seconds): such an answer is asked for once more, one second earlier.
 */
export function createGitHubInbox(client: GitHubClient): PersonalInbox {
  return {
    async read(raw: InboxCursor | null, since: number): Promise<InboxRead> {
      const cursor: Cursor = raw
        ? { lastModified: null, seen: [], since, ...(raw as Partial<Cursor>) }
        : { lastModified: null, seen: [], since };
      const counter: RequestCounter = { total: 0, billable: 0 };
      let url: string | null = '/notifications';
      let first = true;
      let lastModified = cursor.lastModified;
      let interval: number | undefined;
      const threads: Thread[] = [];
      for (let page = 0; url && page < MAX_PAGES; page++) {
        const answer = await client.get(url, threadsSchema, {
          ...(first ? { query: { per_page: 50 } } : {}),
          ...(first && cursor.lastModified ? { ifModifiedSince: cursor.lastModified } : {}),
          counter,
          what: 'notifications',
        });
        const pollInterval = Number(answer.headers.get('x-poll-interval'));
        if (Number.isFinite(pollInterval) && pollInterval > 0) interval = pollInterval;
        if (answer.status === 304 || !answer.data) break;
        if (first) lastModified = recheckable(answer.headers);
        threads.push(...answer.data);
        url = nextLink(answer.headers);
        first = false;
      }
      const seen = new Set(cursor.seen);
      const items: InboxItem[] = [];
      const handled: string[] = [];
      let changed = false;
      for (const thread of threads) {
        const key = `${thread.id}@${thread.updated_at}`;
        handled.push(key);
        if (seen.has(key)) continue;
        if (raw) changed = true;
        if (Date.parse(thread.updated_at) < cursor.since) continue;
        const item = inboxItem(thread);
        if (item) items.push(item);
      }
      return {
        items,
        cursor: {
          lastModified,
          seen: [...handled, ...cursor.seen.filter((k) => !handled.includes(k))].slice(0, SEEN),
          since: cursor.since,
        } satisfies Cursor,
        changed,
        ...(interval !== undefined ? { minIntervalSeconds: interval } : {}),
        requests: counter,
      };
    },
  };
}

/** Last-Modified to send back; one second earlier when it is the very second of the answer (see createGitHubInbox). */
function recheckable(headers: Headers): string | null {
  const modified = headers.get('last-modified');
  if (!modified) return null;
  const at = Date.parse(modified);
  const date = Date.parse(headers.get('date') ?? '');
  if (!Number.isFinite(at)) return modified;
  return Number.isFinite(date) && date - at < 1000 ? new Date(at - 1000).toUTCString() : modified;
}
