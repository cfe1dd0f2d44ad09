import { z } from 'zod';
import type { FeedEntry } from './feed-entry.js';
import { feedEvent, feedSeq, malformed, skip, type NormaliseContext, type Normalised } from './normalise-context.js';
import { pullEvent, pullSubject, type PullView } from './subject-events.js';

/** Posted to channels; `review_requested` and `assigned` are read for personal notifications only (filters.ts). */
const ACTIONS = new Set(['opened', 'closed', 'reopened', 'ready_for_review', 'review_requested', 'assigned']);

const thinPull = z.object({
  number: z.number(),
  head: z.object({ ref: z.string(), sha: z.string().nullish() }).nullish(),
  base: z.object({ ref: z.string(), sha: z.string().nullish() }).nullish(),
  html_url: z.string().nullish(),
  title: z.string().nullish(),
  state: z.string().nullish(),
  draft: z.boolean().nullish(),
  merged: z.boolean().nullish(),
});

const loginOf = z
  .object({ login: z.string() })
  .nullish()
  .catch(null)
  .transform((user) => user?.login ?? null);
const slugOf = z
  .object({ slug: z.string() })
  .nullish()
  .catch(null)
  .transform((team) => team?.slug ?? null);

/** `requested_reviewer`/`requested_team` (review_requested) and `assignee` (assigned) may be thinned away. */
const pullPayload = z.object({
  action: z.string(),
  pull_request: thinPull,
  requested_reviewer: loginOf.optional(),
  requested_team: slugOf.optional(),
  assignee: loginOf.optional(),
});

/**
 * Current PR data, or a stand-in built from the thin payload when the PR cannot be read (404, 410, 403): its state
 * is then what the payload says, or unknown (null) — a thin payload carries none, and an unreadable pull request is
 * not shown as open.
 */
export async function pullData(ctx: NormaliseContext, thin: z.output<typeof thinPull>): Promise<PullView> {
  const hydrated = await ctx.hydrator.pull(thin.number);
  if (hydrated) return hydrated;
  return {
    number: thin.number,
    title: thin.title ?? `Pull request #${thin.number}`,
    body: null,
    state: thin.state ?? null,
    draft: thin.draft ?? false,
    merged: thin.merged ?? false,
    merged_at: null,
    html_url: thin.html_url ?? `${ctx.repo.repoUrl}/pull/${thin.number}`,
    labels: [],
    user: null,
    head: { ref: thin.head?.ref ?? '', sha: thin.head?.sha ?? null },
    base: { ref: thin.base?.ref ?? '', sha: thin.base?.sha ?? null },
    updated_at: null,
    assignees: [],
    requested_reviewers: [],
    requested_teams: [],
  };
}

/** PullRequestEvent opened / ready_for_review / closed (→ merged or closed) / reopened → `pulls`. */
export async function normalisePull(ctx: NormaliseContext, entry: FeedEntry): Promise<Normalised> {
  const parsed = pullPayload.safeParse(entry.payload);
  if (!parsed.success) return malformed('PullRequestEvent without action/pull_request number');
  const { action, pull_request: thin } = parsed.data;
  if (!ACTIONS.has(action)) return skip(`pull request action ${action} is not notified`);
  const pull = await pullData(ctx, thin);
  const finalAction = action === 'closed' && pull.merged ? 'merged' : action;
  const event = pullEvent(ctx.repo, pull, {
    id: `${ctx.repo.accountId}:gh:${entry.id}`,
    action: finalAction,
    actor: entry.actor.login,
    createdAt: entry.created_at,
    ...feedSeq(entry),
  });
  const target =
    action === 'review_requested'
      ? parsed.data.requested_reviewer
      : action === 'assigned'
        ? parsed.data.assignee
        : null;
  if (target) event.involved = { ...event.involved, targets: [target] };
  // A team request names no user: its members hear of it from their own inbox (GitHub knows the team).
  if (action === 'review_requested' && !target && parsed.data.requested_team)
    event.involved = { ...event.involved, targets: [], reviewers: [] };
  return event;
}

/** Every field of the payload's review is optional in GitHub's description (thinned Events API payloads). */
const reviewPayload = z.object({
  action: z.string(),
  review: z
    .object({
      id: z.number().nullish(),
      state: z.string().nullish(),
      body: z.string().nullish(),
      html_url: z.string().nullish(),
    })
    .nullish(),
  pull_request: thinPull,
});

/**
 * PullRequestReviewEvent (created/submitted) → `reviews`. A review without its state is read back (by id) for it;
 * when it cannot be, the card says "reviewed" rather than dropping the event.
 */
export async function normaliseReview(ctx: NormaliseContext, entry: FeedEntry): Promise<Normalised> {
  const parsed = reviewPayload.safeParse(entry.payload);
  if (!parsed.success) return malformed('PullRequestReviewEvent without pull_request');
  const { action, pull_request: thin } = parsed.data;
  if (action !== 'created' && action !== 'submitted') return skip(`review action ${action} is not notified`);
  let review = parsed.data.review ?? {};
  if (!review.state && typeof review.id === 'number') {
    const read = await ctx.hydrator.review(thin.number, review.id);
    review = {
      ...review,
      state: read?.state,
      body: review.body ?? read?.body,
      html_url: review.html_url ?? read?.html_url,
    };
  }
  const pull = await pullData(ctx, thin);
  return feedEvent(ctx, entry, {
    event: 'reviews',
    action: 'submitted',
    ...pullSubject(pull),
    url: review.html_url ?? pull.html_url,
    details: { kind: 'review', state: (review.state ?? '').toLowerCase(), body: review.body ?? null },
  });
}
