import type { ForgeEvent } from '../../events/forge-event.js';
import type { Logger } from '../../runtime/logger.js';
import { ForgeError } from '../forge-error.js';
import { approvalsSchema, mergeRequestSchema, type GitLabEvent, type GitLabMergeRequest } from './schemas.js';
import type { ApprovalsState, Approver, TrackedMr } from './cursor.js';
import { projectSegment } from './web-urls.js';
import { buildEvent } from './normalise-event.js';
import type { PollContext } from './poll-context.js';
import { mergeRequestSubject } from './subjects.js';

/**
 * GitLab writes an `approved` row to the events feed but nothing when an approval is revoked. To report
 * "unapproved", the merge requests with approvals are followed: their approver list is kept in the cursor and
 * read again (`GET …/merge_requests/:iid/approvals`) when the MR changed, and a user who disappeared from it
 * becomes one `reviews` event with action `unapproved`.
 *
 * Change gate: revoking an approval writes a system note, and a note touches its merge request's `updated_at`,
 * throttled to once a minute (ThrottledTouch). So a followed MR is read again when its `updated_at` moved, or
 * while it is still within that minute (plus clock skew) of the last read. One list request (`iids[]` of the
 * followed MRs, `updated_after`) tells which ones moved; MRs the feed hydration already read need none.
 * Not seen: approvals removed without a note (`PUT …/reset_approvals` by a bot), until the MR changes otherwise.
 */

/** Most merge requests followed per project; beyond it the least recently active are dropped (logged). */
export const MAX_TRACKED_MRS = 50;
/** An MR left without approvers is forgotten after this long; a new approval is in the feed and starts over. */
const EMPTY_TTL_MS = 24 * 3_600_000;
/** GitLab's ThrottledTouch interval plus a margin for the skew between our clock and the server's. */
const UNMOVED_WINDOW_MS = 60_000 + 60_000;
/** The gate lists MRs updated this long before the previous cycle (throttled touches, clock skew). */
const GATE_OVERLAP_MS = 10 * 60_000;

/** An approval change the events feed reported this cycle (`approved`; `unapproved` if a GitLab version writes one). */
export interface FeedApproval {
  iid: number;
  user: Approver;
  action: 'approved' | 'unapproved';
  /** created_at of the feed row, ms. */
  at: number;
}

/** The approval rows of this cycle's new feed events, oldest first. */
export function feedApprovals(events: readonly GitLabEvent[]): FeedApproval[] {
  return events.flatMap((event): FeedApproval[] => {
    const action = event.action_name;
    if (
      event.target_type !== 'MergeRequest' ||
      event.target_iid == null ||
      (action !== 'approved' && action !== 'unapproved')
    )
      return [];
    const username = event.author?.username ?? event.author_username;
    if (!username) return [];
    return [
      {
        iid: event.target_iid,
        user: { id: event.author?.id ?? null, username },
        action,
        at: Date.parse(event.created_at),
      },
    ];
  });
}

export interface ApprovalsPollInput {
  state: ApprovalsState;
  feed: readonly FeedApproval[];
  /** MRs the feed hydration read this cycle (title, labels, state, updated_at): no gate request needed for them. */
  known: ReadonlyMap<number, GitLabMergeRequest>;
  since: number;
  now: number;
  logger: Logger;
}

export interface ApprovalsPollResult {
  events: ForgeEvent[];
  state: ApprovalsState;
}

const iso = (ms: number): string => new Date(ms).toISOString();
const sameUser = (a: Approver, b: Approver): boolean =>
  a.id !== null && b.id !== null ? a.id === b.id : a.username === b.username;

/** One approvals cycle of one project. Requests: none without followed MRs; else ≤ 1 gate list + 1 per MR that changed. */
export async function pollApprovals(ctx: PollContext, input: ApprovalsPollInput): Promise<ApprovalsPollResult> {
  const { logger, now } = input;
  let generation = input.state.generation;
  const tracked = new Map<number, TrackedMr>(
    input.state.tracked.map((t) => [t.iid, { ...t, approvers: [...t.approvers] }]),
  );
  const feedByMr = new Map<number, FeedApproval[]>();
  for (const row of input.feed) feedByMr.set(row.iid, [...(feedByMr.get(row.iid) ?? []), row]);
  for (const iid of feedByMr.keys()) {
    if (!tracked.has(iid))
      tracked.set(iid, {
        iid,
        approvers: [],
        generation: ++generation,
        updatedAt: null,
        checkedAt: iso(now),
        emptySince: null,
        retry: false,
      });
  }
  capTracked(ctx, tracked, feedByMr, logger);
  const mustRead = (t: TrackedMr): boolean => feedByMr.has(t.iid) || t.retry;

  const details = await mergeRequestDetails(ctx, input, tracked, mustRead);
  const segment = projectSegment(ctx.path);
  const events: ForgeEvent[] = [];
  for (const entry of [...tracked.values()]) {
    const mr = details.get(entry.iid);
    if (!mr || (!mustRead(entry) && !moved(entry, mr))) continue;
    const feedRows = feedByMr.get(entry.iid) ?? [];
    const previous = applyFeed(entry.approvers, feedRows);
    let current: Approver[];
    try {
      const answer = await ctx.client.get(
        `/projects/${segment}/merge_requests/${entry.iid}/approvals`,
        approvalsSchema,
        { meter: ctx.meter },
      );
      current = answer.approved_by.map((a) => ({ id: a.user.id ?? null, username: a.user.username }));
    } catch (error) {
      if (!(error instanceof ForgeError)) throw error;
      if (error.code === 'not_found' || error.code === 'forbidden') {
        logger.warn('gitlab: stopped following the approvals of a merge request that cannot be read', {
          repo: ctx.repo,
          iid: entry.iid,
          reason: error.message,
        });
        tracked.delete(entry.iid);
        continue;
      }
      if (error.code === 'bad_response' || error.code === 'server_error') {
        logger.warn('gitlab: skipped the approvals of a merge request this cycle; reading them again next cycle', {
          repo: ctx.repo,
          iid: entry.iid,
          reason: error.message,
        });
        Object.assign(entry, { approvers: previous, retry: true });
        continue;
      }
      throw error;
    }

    // The API does not say who revoked an approval. Normally approvers remove their own (a maintainer resetting
    // approvals is the exception), so the user who disappeared is the actor.
    const gone = previous.filter((p) => !current.some((c) => sameUser(p, c)));
    for (const user of gone) {
      const at = revokedAt(entry, mr, now, feedRows, user);
      if (at >= input.since) events.push(unapprovedEvent(ctx, mr, user, entry.generation, at));
    }
    // New approvers seen only here add no event: their `approved` feed row already produced one.
    Object.assign(entry, {
      approvers: current,
      generation: gone.length > 0 ? ++generation : entry.generation,
      updatedAt: mr.updated_at ?? null,
      checkedAt: iso(now),
      emptySince: current.length > 0 ? null : (entry.emptySince ?? iso(now)),
      retry: false,
    });
    if (mr.state !== 'opened') {
      logger.debug('gitlab: stopped following the approvals of a merge request that is no longer open', {
        repo: ctx.repo,
        iid: entry.iid,
        state: mr.state,
      });
      tracked.delete(entry.iid);
    }
  }
  for (const entry of tracked.values()) {
    if (entry.emptySince !== null && now - Date.parse(entry.emptySince) > EMPTY_TTL_MS) tracked.delete(entry.iid);
  }
  return { events, state: { checkedAt: iso(now), generation, tracked: [...tracked.values()] } };
}

/** Keeps the MRs with approvals in this cycle's feed (newest first), then the most recently read ones. */
function capTracked(
  ctx: PollContext,
  tracked: Map<number, TrackedMr>,
  feedByMr: ReadonlyMap<number, FeedApproval[]>,
  logger: Logger,
): void {
  if (tracked.size <= MAX_TRACKED_MRS) return;
  const activity = (t: TrackedMr): [number, number] => {
    const rows = feedByMr.get(t.iid);
    return rows ? [1, Math.max(...rows.map((r) => r.at))] : [0, Date.parse(t.checkedAt)];
  };
  const ranked = [...tracked.values()].sort((a, b) => {
    const [fa, ta] = activity(a);
    const [fb, tb] = activity(b);
    return fb - fa || tb - ta;
  });
  const dropped = ranked.slice(MAX_TRACKED_MRS).map((t) => t.iid);
  for (const iid of dropped) tracked.delete(iid);
  logger.warn(
    `gitlab: following the approvals of at most ${MAX_TRACKED_MRS} merge requests per project; dropped the least recently active`,
    { repo: ctx.repo, dropped },
  );
}

/**
 * Title, state and updated_at of each followed MR: from the feed hydration when it read the MR, else from one
 * `?iids[]=…&updated_after=` list (only MRs that moved). When an MR must be read regardless (new in the feed, failed
 * last time) the list has no `updated_after`, and an MR it does not return is gone or hidden: no longer followed.
 */
async function mergeRequestDetails(
  ctx: PollContext,
  input: ApprovalsPollInput,
  tracked: Map<number, TrackedMr>,
  mustRead: (t: TrackedMr) => boolean,
): Promise<Map<number, GitLabMergeRequest>> {
  const details = new Map(input.known);
  const missing = [...tracked.values()].filter((t) => !details.has(t.iid));
  if (missing.length === 0) return details;
  const previousCycle = input.state.checkedAt === null ? null : Date.parse(input.state.checkedAt);
  const full = previousCycle === null || missing.some(mustRead);
  const path = `/projects/${projectSegment(ctx.path)}/merge_requests?${missing.map((t) => `iids[]=${t.iid}`).join('&')}`;
  const query = full ? { state: 'all' } : { state: 'all', updated_after: iso(previousCycle - GATE_OVERLAP_MS) };
  const { items } = await ctx.client.list(path, mergeRequestSchema, { query, meter: ctx.meter });
  for (const mr of items) details.set(mr.iid, mr);
  if (full) {
    for (const t of missing) {
      if (details.has(t.iid)) continue;
      input.logger.warn('gitlab: stopped following the approvals of a merge request that is gone or hidden', {
        repo: ctx.repo,
        iid: t.iid,
      });
      tracked.delete(t.iid);
    }
  }
  return details;
}

/** Whether a followed MR may have changed approvals since the last read. */
function moved(entry: TrackedMr, mr: GitLabMergeRequest): boolean {
  if (!mr.updated_at || entry.updatedAt === null) return true;
  const updated = Date.parse(mr.updated_at);
  if (updated !== Date.parse(entry.updatedAt)) return true;
  // Unchanged updated_at: a revocation within a minute of the last touch does not move it (throttled touch).
  return Date.parse(entry.checkedAt) - updated <= UNMOVED_WINDOW_MS;
}

/** Known approvers before this read: the stored list with this cycle's feed rows applied in order. */
function applyFeed(stored: readonly Approver[], rows: readonly FeedApproval[]): Approver[] {
  let approvers = [...stored];
  for (const row of rows) {
    // An `unapproved` feed row is reported by the feed itself: drop the user so it is not reported twice.
    approvers = approvers.filter((a) => !sameUser(a, row.user));
    if (row.action === 'approved') approvers.push(row.user);
  }
  return approvers;
}

/**
 * When the approval went away, as well as we know: the MR's new `updated_at` (the unapproval note touched it),
 * else the start of this cycle; never before the user's `approved` row of this cycle.
 */
function revokedAt(
  entry: TrackedMr,
  mr: GitLabMergeRequest,
  now: number,
  feedRows: readonly FeedApproval[],
  user: Approver,
): number {
  const touched = mr.updated_at ? Date.parse(mr.updated_at) : NaN;
  const touchedSinceRead =
    Number.isFinite(touched) && (entry.updatedAt === null || touched !== Date.parse(entry.updatedAt));
  const approvedAt = Math.max(
    -Infinity,
    ...feedRows.filter((r) => r.action === 'approved' && sameUser(r.user, user)).map((r) => r.at),
  );
  return Math.max(touchedSinceRead ? Math.min(touched, now) : now, approvedAt + 1);
}

function unapprovedEvent(
  ctx: PollContext,
  mr: GitLabMergeRequest,
  user: Approver,
  generation: number,
  at: number,
): ForgeEvent {
  return buildEvent(
    ctx,
    `${ctx.accountId}:gl-unapproved:${mr.iid}:${user.id ?? user.username}:${generation}`,
    user.username,
    iso(at),
    {
      ...mergeRequestSubject(mr),
      event: 'reviews',
      action: 'unapproved',
      details: { kind: 'review', state: 'unapproved', body: null },
    },
  );
}
