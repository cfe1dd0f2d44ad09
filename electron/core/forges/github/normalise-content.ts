import { z } from 'zod';
import type { FeedEntry } from './feed-entry.js';
import { feedEvent, feedSeq, malformed, skip, type NormaliseContext, type Normalised } from './normalise-context.js';
import { releaseEvent } from './subject-events.js';

const releasePayload = z.object({
  action: z.string(),
  release: z.object({
    tag_name: z.string(),
    name: z.string().nullish(),
    body: z.string().nullish(),
    html_url: z.string().nullish(),
    draft: z.boolean().nullish(),
  }),
});

/** ReleaseEvent published → `releases`. */
export function normaliseRelease(ctx: NormaliseContext, entry: FeedEntry): Normalised {
  const parsed = releasePayload.safeParse(entry.payload);
  if (!parsed.success) return malformed('ReleaseEvent without action/release tag');
  const { action, release } = parsed.data;
  if (action !== 'published' || release.draft) return skip(`release action ${action} is not notified`);
  return releaseEvent(ctx.repo, release, {
    id: `${ctx.repo.accountId}:gh:${entry.id}`,
    actor: entry.actor.login,
    createdAt: entry.created_at,
    ...feedSeq(entry),
  });
}

/** Every field of a page is optional in GitHub's description: a page without its action counts as edited. */
const gollumPayload = z.object({
  pages: z
    .array(
      z
        .object({
          title: z.string().nullish(),
          page_name: z.string().nullish(),
          action: z.string().nullish(),
          html_url: z.string().nullish(),
        })
        .nullable(),
    )
    .nullish(),
});

/** GollumEvent → `wiki` (created when every page is new, else edited; no page listed: "the wiki was edited"). */
export function normaliseWiki(ctx: NormaliseContext, entry: FeedEntry): Normalised {
  const parsed = gollumPayload.safeParse(entry.payload);
  if (!parsed.success) return malformed('GollumEvent with unreadable pages');
  const wikiUrl = `${ctx.repo.repoUrl}/wiki`;
  const pages = (parsed.data.pages ?? []).flatMap((page) => {
    if (!page) return [];
    const title = page.title ?? page.page_name ?? 'Untitled';
    return [
      {
        title,
        action: page.action ?? 'edited',
        url: page.html_url ?? `${wikiUrl}/${encodeURIComponent(page.page_name ?? title)}`,
      },
    ];
  });
  const action = pages.length > 0 && pages.every((page) => page.action === 'created') ? 'created' : 'edited';
  const first = pages[0];
  return feedEvent(ctx, entry, {
    event: 'wiki',
    action,
    title: first && pages.length === 1 ? first.title : pages.length > 1 ? `${pages.length} wiki pages` : 'Wiki',
    url: first && pages.length === 1 ? first.url : wikiUrl,
    details: { kind: 'wiki', pages },
  });
}

const discussionSchema = z.object({
  number: z.number(),
  title: z.string(),
  body: z.string().nullish(),
  html_url: z.string().nullish(),
  category: z.object({ name: z.string() }).nullish(),
});

const discussionPayload = z.object({ action: z.string(), discussion: discussionSchema });
const discussionCommentPayload = z.object({
  action: z.string(),
  discussion: discussionSchema,
  comment: z.object({ body: z.string().nullish(), html_url: z.string().nullish() }),
});

/** DiscussionEvent created → `discussions` opened; DiscussionCommentEvent created → `discussions` commented. */
export function normaliseDiscussion(ctx: NormaliseContext, entry: FeedEntry): Normalised {
  if (entry.type === 'DiscussionCommentEvent') {
    const parsed = discussionCommentPayload.safeParse(entry.payload);
    if (!parsed.success) return malformed('DiscussionCommentEvent without action/discussion/comment');
    const { action, discussion, comment } = parsed.data;
    if (action !== 'created') return skip(`discussion comment action ${action} is not notified`);
    const url = comment.html_url ?? discussionUrl(ctx, discussion);
    return feedEvent(ctx, entry, {
      ...discussionSubject(discussion),
      action: 'commented',
      url,
      details: { kind: 'comment', body: comment.body ?? '', on: 'discussion' },
    });
  }
  const parsed = discussionPayload.safeParse(entry.payload);
  if (!parsed.success) return malformed('DiscussionEvent without action/discussion');
  const { action, discussion } = parsed.data;
  if (action !== 'created') return skip(`discussion action ${action} is not notified`);
  return feedEvent(ctx, entry, {
    ...discussionSubject(discussion),
    action: 'opened',
    url: discussionUrl(ctx, discussion),
    details: { kind: 'discussion', body: discussion.body ?? null, category: discussion.category?.name ?? null },
  });
}

type Discussion = z.output<typeof discussionSchema>;

function discussionUrl(ctx: NormaliseContext, discussion: Discussion): string {
  return discussion.html_url ?? `${ctx.repo.repoUrl}/discussions/${discussion.number}`;
}

function discussionSubject(discussion: Discussion) {
  return {
    event: 'discussions' as const,
    title: discussion.title,
    subjectKey: `discussion:${discussion.number}`,
    number: discussion.number,
  };
}
