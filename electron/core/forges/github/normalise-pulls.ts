import { z } from 'zod';
import type { FeedEntry } from './feed-entry.js';
import type { PullData } from './schemas.js';
import { feedEvent, feedSeq, malformed, skip, type NormaliseContext, type Normalised } from './normalise-context.js';
import { pullEvent, pullSubject } from './subject-events.js';

const ACTIONS = new Set(['opened', 'closed', 'reopened', 'ready_for_review']);

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

const pullPayload = z.object({ action: z.string(), pull_request: thinPull });

/** Current PR data, or a stand-in built from the thin payload when the PR cannot be read. */
export async function pullData(ctx: NormaliseContext, thin: z.output<typeof thinPull>): Promise<PullData> {
  const hydrated = await ctx.hydrator.pull(thin.number);
  if (hydrated) return hydrated;
  return {
    number: thin.number,
    title: thin.title ?? `Pull request #${thin.number}`,
    body: null,
    state: thin.state ?? 'open',
    draft: thin.draft ?? false,
    merged: thin.merged ?? false,
    merged_at: null,
    html_url: thin.html_url ?? `${ctx.repo.repoUrl}/pull/${thin.number}`,
    labels: [],
    user: null,
    head: { ref: thin.head?.ref ?? '', sha: thin.head?.sha ?? null },
    base: { ref: thin.base?.ref ?? '', sha: thin.base?.sha ?? null },
    updated_at: null,
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
  return pullEvent(ctx.repo, pull, {
    id: `${ctx.repo.accountId}:gh:${entry.id}`,
    action: finalAction,
    actor: entry.actor.login,
    createdAt: entry.created_at,
    ...feedSeq(entry),
  });
}

const reviewPayload = z.object({
  action: z.string(),
  review: z.object({ state: z.string(), body: z.string().nullish(), html_url: z.string().nullish() }),
  pull_request: thinPull,
});

/** PullRequestReviewEvent (created/submitted) → `reviews`. */
export async function normaliseReview(ctx: NormaliseContext, entry: FeedEntry): Promise<Normalised> {
  const parsed = reviewPayload.safeParse(entry.payload);
  if (!parsed.success) return malformed('PullRequestReviewEvent without review/pull_request');
  const { action, review, pull_request: thin } = parsed.data;
  if (action !== 'created' && action !== 'submitted') return skip(`review action ${action} is not notified`);
  const pull = await pullData(ctx, thin);
  return feedEvent(ctx, entry, {
    event: 'reviews',
    action: 'submitted',
    ...pullSubject(pull),
    url: review.html_url ?? pull.html_url,
    details: { kind: 'review', state: review.state.toLowerCase(), body: review.body ?? null },
  });
}
