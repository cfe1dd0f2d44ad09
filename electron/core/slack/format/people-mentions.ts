import type { ForgeEvent } from '../../events/forge-event.js';
import { clipLine, escapeTruncated } from './mrkdwn.js';
import { NAME_MAX } from './card-parts.js';

/**
 * Slack mentions on cards (docs/cli-and-config.md §4 "Mentions"): a forge login that is a person becomes `<@U…>`,
 * looked up when the message is sent. Everyone else stays their (escaped) login.
 */
export type MentionLookup = (account: string, login: string) => string | null;

/** A login as shown on a card: the person's Slack mention, or the escaped login. */
export function personRef(event: Pick<ForgeEvent, 'accountId'>, login: string, lookup: MentionLookup | null): string {
  const mention = lookup?.(event.accountId, login);
  return mention ?? escapeTruncated(clipLine(login, NAME_MAX), NAME_MAX);
}

const MENTION_IN_TEXT =
  /(^|[^A-Za-z0-9_.`/@-])@([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9_])?(?:\[bot\])?)(?![A-Za-z0-9_/-])/g;

/** `@login`s of people in already-escaped text become their Slack mentions (escaping leaves `@login` untouched). */
export function mentionPeopleIn(
  escaped: string,
  event: Pick<ForgeEvent, 'accountId'>,
  lookup: MentionLookup | null,
): string {
  if (!lookup || !escaped.includes('@')) return escaped;
  return escaped.replace(MENTION_IN_TEXT, (whole, before: string, login: string) => {
    const mention = lookup(event.accountId, login);
    return mention ? `${before}${mention}` : whole;
  });
}

const MAX_NAMES = 8;

function names(event: ForgeEvent, logins: readonly string[] | undefined, lookup: MentionLookup | null): string {
  const list = [...new Set(logins ?? [])];
  const shown = list.slice(0, MAX_NAMES).map((login) => personRef(event, login, lookup));
  return list.length > MAX_NAMES ? `${shown.join(', ')} +${list.length - MAX_NAMES} more` : shown.join(', ');
}

const OPEN_ACTIONS = new Set(['opened', 'reopened', 'ready_for_review', 'review_requested']);

/**
 * The card's line of people: the author when someone else acted, requested reviewers while a pull/merge request asks
 * for review, assignees, and who started a failed pipeline. '' when there is nobody to name.
 */
export function peopleLine(event: ForgeEvent, lookup: MentionLookup | null): string {
  const involved = event.involved;
  if (!involved) return '';
  const parts: string[] = [];
  const actor = event.actor.toLowerCase();
  const authors = (involved.authors ?? []).filter((a) => a.toLowerCase() !== actor || event.event === 'pipelines');
  if (event.event === 'pipelines') {
    if (/fail/i.test(event.details.kind === 'pipeline' ? event.details.status : event.action) && authors.length)
      parts.push(`started by ${names(event, authors, lookup)}`);
  } else if (authors.length) parts.push(`author ${names(event, authors, lookup)}`);
  if (
    event.event === 'pulls' &&
    OPEN_ACTIONS.has(event.action) &&
    (involved.reviewers?.length || involved.reviewerTeams?.length)
  ) {
    const teams = (involved.reviewerTeams ?? []).map((t) => `team ${escapeTruncated(clipLine(t, NAME_MAX), NAME_MAX)}`);
    parts.push(`reviewers ${[names(event, involved.reviewers, lookup), ...teams].filter(Boolean).join(', ')}`);
  }
  if (involved.assignees?.length && event.event !== 'pipelines')
    parts.push(`assigned ${names(event, involved.assignees, lookup)}`);
  return parts.join(' · ');
}
