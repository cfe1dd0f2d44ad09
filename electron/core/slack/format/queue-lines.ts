import {
  ageLabel,
  isStale,
  reviewState,
  workingDaysBetween,
  type QueuePull,
  type QueueItem,
} from '../../queue/queue-model.js';
import type { ForgeKind } from '../../../contract/vocabulary/forges.js';
import { escapeMrkdwn, link, oneLine } from './mrkdwn.js';

/**
 * One line per item of the review queue (docs/cli-and-config.md §5): a link to it, its title, author, age, reviewers
 * (people as Slack mentions), and marks for stale, draft and failing checks. Escaped mrkdwn; the formatter cuts it.
 */

export interface LineContext {
  now: number;
  /** `<@U…>` for a login that is a person on the account, else null. */
  mention: (account: string, login: string) => string | null;
  staleAfterDays: number;
  /** Whose weekends do not count (the digest's or the person's time zone). */
  timeZone?: string;
  /** GitLab numbers merge requests `!7`; everyone else `#7`. */
  forgeOf: (account: string) => ForgeKind | undefined;
}

const TITLE_MAX = 120;

function who(account: string, login: string, ctx: LineContext): string {
  return ctx.mention(account, login) ?? escapeMrkdwn(login);
}

function titlePart(item: QueueItem, account: string, ctx: LineContext): string {
  const ref = `${item.repo}${item.kind === 'pull' && ctx.forgeOf(account) === 'gitlab' ? '!' : '#'}${item.number}`;
  const title = oneLine(item.title);
  return `${link(item.url, ref)} ${escapeMrkdwn(title.length > TITLE_MAX ? `${title.slice(0, TITLE_MAX - 1)}…` : title)}`;
}

function staleMark(item: QueueItem, ctx: LineContext): string | null {
  if (!isStale(item, ctx.now, ctx.staleAfterDays, ctx.timeZone)) return null;
  const days = Math.floor(workingDaysBetween(Date.parse(item.updatedAt), ctx.now, ctx.timeZone));
  return `:hourglass: stale (${days} working day${days === 1 ? '' : 's'} quiet)`;
}

export function reviewersPart(account: string, pull: QueuePull, ctx: LineContext): string | null {
  const names = [...pull.reviewers.map((r) => who(account, r, ctx)), ...pull.teams.map((t) => escapeMrkdwn(`@${t}`))];
  return names.length > 0 ? `reviewers: ${names.join(', ')}` : null;
}

/** A pull/merge request in a channel digest: who opened it, how old, who is asked, and its marks. */
export function pullLine(account: string, pull: QueuePull, ctx: LineContext): string {
  const parts = [
    titlePart(pull, account, ctx),
    pull.author ? `by ${who(account, pull.author, ctx)}` : null,
    ageLabel(pull.createdAt, ctx.now),
    reviewersPart(account, pull, ctx),
    pull.draft ? 'draft' : null,
    pull.checks === 'failure' ? ':x: checks failing' : null,
    staleMark(pull, ctx),
  ];
  return `• ${parts.filter((p): p is string => p !== null).join(' · ')}`;
}

const STATE_WORDS = {
  waiting: 'waiting for review',
  changes_requested: ':warning: changes requested',
  approved: ':white_check_mark: approved',
} as const;

/** One of the caller's own pull/merge requests (`/forgebell todo`): its state first. */
export function ownPullLine(account: string, pull: QueuePull, ctx: LineContext): string {
  const parts = [
    titlePart(pull, account, ctx),
    pull.draft ? 'draft' : STATE_WORDS[reviewState(pull.reviews)],
    pull.checks === 'failure' ? ':x: checks failing' : pull.checks === 'pending' ? 'checks running' : null,
    reviewersPart(account, pull, ctx),
    ageLabel(pull.createdAt, ctx.now),
    staleMark(pull, ctx),
  ];
  return `• ${parts.filter((p): p is string => p !== null).join(' · ')}`;
}

/** A review asked of the caller: through which team, when that is how. */
export function reviewRequestLine(account: string, pull: QueuePull, via: string | null, ctx: LineContext): string {
  const parts = [
    titlePart(pull, account, ctx),
    pull.author ? `by ${who(account, pull.author, ctx)}` : null,
    ageLabel(pull.createdAt, ctx.now),
    via ? escapeMrkdwn(`via @${via}`) : null,
    pull.draft ? 'draft' : null,
    staleMark(pull, ctx),
  ];
  return `• ${parts.filter((p): p is string => p !== null).join(' · ')}`;
}

export function issueLine(account: string, item: QueueItem, ctx: LineContext): string {
  return `• ${[titlePart(item, account, ctx), ageLabel(item.createdAt, ctx.now), staleMark(item, ctx)].filter((p): p is string => p !== null).join(' · ')}`;
}
