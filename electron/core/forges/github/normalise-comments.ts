import { z } from 'zod';
import type { FeedEntry } from './feed-entry.js';
import { hasNamelessLabels, labelsSchema } from './schemas.js';
import { feedEvent, malformed, skip, type NormaliseContext, type Normalised } from './normalise-context.js';
import { pullData } from './normalise-pulls.js';
import { pullSubject } from './subject-events.js';

const commentSchema = z.object({ body: z.string().nullish(), html_url: z.string().nullish() });
const created = (action: string | null | undefined): boolean =>
  action === undefined || action === null || action === 'created';

const issueCommentPayload = z.object({
  action: z.string().nullish(),
  issue: z.object({
    number: z.number(),
    title: z.string().nullish(),
    state: z.string().nullish(),
    html_url: z.string().nullish(),
    labels: z.unknown().optional(),
    draft: z.boolean().nullish(),
    pull_request: z.unknown().optional(),
  }),
  comment: commentSchema,
});

/** IssueCommentEvent → `comments` on an issue or on a pull request's conversation. */
export async function normaliseIssueComment(ctx: NormaliseContext, entry: FeedEntry): Promise<Normalised> {
  const parsed = issueCommentPayload.safeParse(entry.payload);
  if (!parsed.success) return malformed('IssueCommentEvent without issue/comment');
  const { action, issue, comment } = parsed.data;
  if (!created(action)) return skip(`comment action ${action} is not notified`);
  const isPull = issue.pull_request !== undefined && issue.pull_request !== null;
  let { title, state, labels } = {
    title: issue.title ?? null,
    state: issue.state ?? null,
    labels: labelsSchema.parse(issue.labels),
  };
  if (title === null || hasNamelessLabels(issue.labels)) {
    const hydrated = await ctx.hydrator.issue(issue.number);
    title = hydrated?.title ?? title ?? `#${issue.number}`;
    state = hydrated?.state ?? state;
    labels = hydrated?.labels ?? labels;
  }
  const subjectUrl = issue.html_url ?? `${ctx.repo.repoUrl}/${isPull ? 'pull' : 'issues'}/${issue.number}`;
  return feedEvent(ctx, entry, {
    event: 'comments',
    action: 'commented',
    title,
    url: comment.html_url ?? subjectUrl,
    subjectKey: `${isPull ? 'pull' : 'issue'}:${issue.number}`,
    number: issue.number,
    state: isPull && state === 'open' && issue.draft ? 'draft' : state,
    labels,
    draft: isPull && issue.draft === true,
    details: { kind: 'comment', body: comment.body ?? '', on: isPull ? 'pull' : 'issue' },
  });
}

const reviewCommentPayload = z.object({
  action: z.string().nullish(),
  comment: commentSchema,
  pull_request: z.object({ number: z.number() }).and(z.record(z.string(), z.unknown())),
});

/** PullRequestReviewCommentEvent → `comments` on a pull request's code (details.on = 'review'). */
export async function normaliseReviewComment(ctx: NormaliseContext, entry: FeedEntry): Promise<Normalised> {
  const parsed = reviewCommentPayload.safeParse(entry.payload);
  if (!parsed.success) return malformed('PullRequestReviewCommentEvent without comment/pull_request');
  const { action, comment, pull_request: thin } = parsed.data;
  if (!created(action)) return skip(`review comment action ${action} is not notified`);
  const pull = await pullData(ctx, thin);
  return feedEvent(ctx, entry, {
    event: 'comments',
    action: 'commented',
    ...pullSubject(pull),
    url: comment.html_url ?? pull.html_url,
    details: { kind: 'comment', body: comment.body ?? '', on: 'review' },
  });
}

/** Every field of a commit comment is optional in GitHub's description (thinned Events API payloads). */
const commitCommentPayload = z.object({
  action: z.string().nullish(),
  comment: commentSchema.extend({ commit_id: z.string().nullish() }).nullish(),
});

/** CommitCommentEvent → `comments` on a commit (the commit named by `commit_id`, else by the comment's URL). */
export function normaliseCommitComment(ctx: NormaliseContext, entry: FeedEntry): Normalised {
  const parsed = commitCommentPayload.safeParse(entry.payload);
  if (!parsed.success) return malformed('CommitCommentEvent with an unreadable comment');
  const { action } = parsed.data;
  const comment = parsed.data.comment ?? {};
  if (!created(action)) return skip(`commit comment action ${action} is not notified`);
  const sha = comment.commit_id ?? /\/commit\/([0-9a-f]{7,64})(?:[#?/]|$)/i.exec(comment.html_url ?? '')?.[1] ?? null;
  return feedEvent(ctx, entry, {
    event: 'comments',
    action: 'commented',
    title: sha ? `Commit ${sha.slice(0, 7)}` : 'A commit',
    url: comment.html_url ?? (sha ? `${ctx.repo.repoUrl}/commit/${sha}` : `${ctx.repo.repoUrl}/commits`),
    details: { kind: 'comment', body: comment.body ?? '', on: 'commit' },
  });
}
