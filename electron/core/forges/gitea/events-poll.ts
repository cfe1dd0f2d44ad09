import { createHash } from 'node:crypto';
import type { GiteaClient, Meter } from './client.js';
import type { GiteaCursor } from './cursor.js';
import { activitySchema, type GiteaActivity } from './schemas.js';

/** Paging stops once a page reaches this far before the previous poll (late inserts, clock skew between hosts). */
const OVERLAP_MS = 10 * 60_000;
const MAX_PAGES = 20;
const MAX_SEEN = 5_000;
const DAY_MS = 86_400_000;

/** One action as Forgebell sees it: Gitea's per-receiver copies folded into one. */
export interface FeedAction {
  /** Stable across polls and restarts (the ForgeEvent id is built from it). */
  key: string;
  /** The lowest row id of the action: rows are numbered as they are written, so it orders actions within a second. */
  seq: number;
  row: GiteaActivity;
  createdMs: number;
}

export interface FeedRead {
  /** New actions (from `since`'s second on, never returned before), oldest first. */
  actions: FeedAction[];
  seen: Record<string, number>;
  warnings: string[];
}

/** Ref operations can be written twice for one change (DeleteRef and PushCommits); their content is not part of the key. */
const REF_OPS = new Set(['push_tag', 'delete_tag', 'delete_branch', 'mirror_sync_create', 'mirror_sync_delete']);

/**
 * The logical identity of an action: what every receiver's copy shares (op, actor, second, comment, ref, content).
 * Gitea stores one row per receiver (actor, owning organisation, each watcher), each with its own id.
 */
export function actionKey(row: GiteaActivity): string {
  const created = Math.floor(Date.parse(row.created) / 1000);
  const content = REF_OPS.has(row.op_type) ? '' : (row.content ?? '');
  const digest = createHash('sha256')
    .update(
      [
        row.op_type,
        row.act_user_id ?? row.act_user?.login ?? '',
        created,
        row.comment_id ?? 0,
        row.ref_name ?? '',
        content,
      ].join('\u0000'),
    )
    .digest('hex')
    .slice(0, 20);
  return `${row.op_type}:${created}:${digest}`;
}

/** Folds receiver copies: one FeedAction per key, the actor's own row preferred, the lowest id as its sequence. */
export function foldActions(rows: readonly GiteaActivity[]): FeedAction[] {
  const byKey = new Map<string, FeedAction>();
  for (const row of rows) {
    const key = actionKey(row);
    const known = byKey.get(key);
    if (!known) {
      byKey.set(key, { key, seq: row.id, row, createdMs: Date.parse(row.created) });
      continue;
    }
    known.seq = Math.min(known.seq, row.id);
    const own = (r: GiteaActivity) => r.user_id != null && r.user_id === r.act_user_id;
    if (own(row) && !own(known.row)) known.row = row;
  }
  return [...byKey.values()];
}

/**
 * Reads `GET /repos/{owner}/{repo}/activities/feeds` newest first, page by page, until a page reaches back past the
 * previous poll (minus an overlap), and returns the actions not seen before. The `date` filter is not used: it
 * selects a day in the server's own time zone, which a client cannot know.
 */
export async function readFeed(
  client: GiteaClient,
  repoPath: string,
  cursor: GiteaCursor,
  since: number,
  now: number,
  meter: Meter,
): Promise<FeedRead> {
  // Gitea stamps whole seconds: an action in the subscription's own second may be news (the engine decides by seq).
  const sinceSecond = Math.floor(since / 1000) * 1000;
  const from = Math.max(sinceSecond, cursor.lastPollAt ? Date.parse(cursor.lastPollAt) : sinceSecond);
  const stopBefore = from - OVERLAP_MS;
  const { items, truncated } = await client.list(`${repoPath}/activities/feeds`, activitySchema, {
    meter,
    maxPages: MAX_PAGES,
    stopAfter: (page) => page.some((row) => Date.parse(row.created) < stopBefore),
  });
  const actions = foldActions(items);
  const fresh = actions
    .filter((a) => a.createdMs >= sinceSecond && !(a.key in cursor.seen))
    .sort((a, b) => a.createdMs - b.createdMs || a.seq - b.seq);
  const keepFrom = Math.min(stopBefore, now - OVERLAP_MS) - DAY_MS;
  const seen = Object.fromEntries(
    [...Object.entries(cursor.seen), ...actions.map((a): [string, number] => [a.key, a.createdMs])]
      .filter(([, at]) => at >= keepFrom)
      .sort((a, b) => a[1] - b[1])
      .slice(-MAX_SEEN),
  );
  return {
    actions: fresh,
    seen,
    warnings: truncated
      ? [
          `${repoPath.replace(/^\/repos\//, '')}: more activity since the last poll than ${MAX_PAGES} pages of the feed; the oldest was not read.`,
        ]
      : [],
  };
}

/** The newest row id of the feed right now (a new subscription's starting position), 0 for an empty feed. */
export async function newestFeedId(client: GiteaClient, repoPath: string): Promise<number> {
  const { items } = await client.list(`${repoPath}/activities/feeds`, activitySchema, { query: { limit: 1 } });
  return items.reduce((max, row) => Math.max(max, row.id), 0);
}
