import type { EventName } from '../../../contract/vocabulary/event-names.js';
import type { ForgeEvent } from '../../events/forge-event.js';
import { ForgeError } from '../forge-error.js';
import type { FeedEntry } from './feed-entry.js';
import type { NormaliseContext, Normalised } from './normalise-context.js';
import { normaliseCommitComment, normaliseIssueComment, normaliseReviewComment } from './normalise-comments.js';
import { normaliseDiscussion, normaliseRelease, normaliseWiki } from './normalise-content.js';
import { normaliseIssue } from './normalise-issues.js';
import { normalisePull, normaliseReview } from './normalise-pulls.js';
import { normalisePush, normaliseRef } from './normalise-refs.js';

interface Family {
  /** Event names the type can become: nothing is fetched for it when none is wanted. */
  events: readonly EventName[];
  normalise(ctx: NormaliseContext, entry: FeedEntry): Normalised | Promise<Normalised>;
}

const FAMILIES: Record<string, Family> = {
  PushEvent: { events: ['commits'], normalise: normalisePush },
  CreateEvent: { events: ['tags', 'branches'], normalise: (ctx, entry) => normaliseRef(ctx, entry, 'created') },
  DeleteEvent: { events: ['branches'], normalise: (ctx, entry) => normaliseRef(ctx, entry, 'deleted') },
  IssuesEvent: { events: ['issues'], normalise: normaliseIssue },
  PullRequestEvent: { events: ['pulls'], normalise: normalisePull },
  PullRequestReviewEvent: { events: ['reviews'], normalise: normaliseReview },
  IssueCommentEvent: { events: ['comments'], normalise: normaliseIssueComment },
  PullRequestReviewCommentEvent: { events: ['comments'], normalise: normaliseReviewComment },
  CommitCommentEvent: { events: ['comments'], normalise: normaliseCommitComment },
  ReleaseEvent: { events: ['releases'], normalise: normaliseRelease },
  GollumEvent: { events: ['wiki'], normalise: normaliseWiki },
  DiscussionEvent: { events: ['discussions'], normalise: normaliseDiscussion },
  DiscussionCommentEvent: { events: ['discussions'], normalise: normaliseDiscussion },
};

/** Feed types GitHub documents that no Forgebell event covers. */
const NOT_NOTIFIED = new Set(['ForkEvent', 'WatchEvent', 'MemberEvent', 'PublicEvent', 'SponsorshipEvent']);

/**
 * One feed entry → a ForgeEvent, or null (not wanted, not notified, unknown or malformed: always with a log line).
 * Forge failures while hydrating (rate limit, 5xx, auth) propagate so the whole poll is retried; a bug in a
 * normaliser only costs that one event.
 */
export async function normaliseFeedEntry(
  ctx: NormaliseContext,
  entry: FeedEntry,
  wanted: ReadonlySet<EventName>,
): Promise<ForgeEvent | null> {
  const where = { repo: ctx.repo.repo, id: entry.id, type: entry.type };
  const family = FAMILIES[entry.type];
  if (!family) {
    if (NOT_NOTIFIED.has(entry.type)) ctx.logger.debug('github: feed event type is not notified', where);
    else ctx.logger.info('github: skipped an unknown feed event type', where);
    return null;
  }
  if (!family.events.some((name) => wanted.has(name))) return null;
  let result: Normalised;
  try {
    result = await family.normalise(ctx, entry);
  } catch (error) {
    if (error instanceof ForgeError) throw error;
    ctx.logger.warn('github: could not turn a feed event into a notification', { ...where, error });
    return null;
  }
  if ('skip' in result) {
    if (result.malformed) ctx.logger.warn(`github: skipped a malformed feed event: ${result.skip}`, where);
    else ctx.logger.debug(`github: skipped: ${result.skip}`, where);
    return null;
  }
  if (!wanted.has(result.event)) return null;
  return entry.public === true ? { ...result, repoPublic: true } : result;
}
