import type { ForgeEvent } from '../../../events/forge-event.js';
import { quoteExcerpt } from '../block-builders.js';
import { type Card, emptyCard } from '../card.js';
import {
  CONFIDENTIAL,
  labelsText,
  rawAction,
  rawActor,
  rawSubjectLabel,
  refCode,
  subjectLink,
  who,
} from '../card-parts.js';
import { isPullLike, subjectNoun } from '../forge-links.js';
import { escapeMrkdwn } from '../mrkdwn.js';
import { type SubjectState, stateBadge, subjectState } from '../subject-state.js';

/** Cards for issues and pull/merge requests (event names issues, confidential_issues, pulls). */

function isMerged(event: ForgeEvent): boolean {
  const action = event.action.toLowerCase();
  return (
    action === 'merged' ||
    action === 'accepted' ||
    (action === 'closed' && event.details.kind === 'pull' && event.details.merged)
  );
}

function emojiFor(event: ForgeEvent, pullLike: boolean): string {
  if (event.confidential) return ':lock:';
  if (isMerged(event)) return ':large_purple_circle:';
  switch (event.action.toLowerCase()) {
    case 'opened':
      return pullLike ? ':twisted_rightwards_arrows:' : ':large_green_circle:';
    case 'reopened':
      return ':arrows_counterclockwise:';
    case 'closed':
      return pullLike ? ':red_circle:' : ':white_check_mark:';
    case 'ready_for_review':
      return ':eyes:';
    case 'converted_to_draft':
      return ':pencil2:';
    case 'approved':
      return ':white_check_mark:';
    case 'unapproved':
      return ':leftwards_arrow_with_hook:';
    default:
      return ':memo:';
  }
}

/** Raw verb phrase with the noun: "opened issue", "marked pull request ready for review". */
function phrase(event: ForgeEvent, noun: string): string {
  if (isMerged(event)) return `merged ${noun}`;
  switch (event.action.toLowerCase()) {
    case 'ready_for_review':
      return `marked ${noun} ready for review`;
    case 'converted_to_draft':
      return `marked ${noun} as draft`;
    case 'unapproved':
      return `removed their approval from ${noun}`;
    default:
      return `${rawAction(event.action)} ${noun}`;
  }
}

function branchesText(event: ForgeEvent): string {
  if (event.details.kind !== 'pull') return '';
  const { sourceBranch, targetBranch } = event.details;
  if (sourceBranch && targetBranch) return `${refCode(sourceBranch)} → ${refCode(targetBranch)}`;
  if (targetBranch) return `→ ${refCode(targetBranch)}`;
  return '';
}

function bodyOf(event: ForgeEvent): string | null {
  return event.details.kind === 'issue' || event.details.kind === 'pull' ? event.details.body : null;
}

/** The state the headline already tells (opened → open, closed → closed, merged → merged), so the badge can be left out. */
function impliedState(event: ForgeEvent): SubjectState | null {
  if (isMerged(event)) return 'merged';
  const action = event.action.toLowerCase();
  if (action === 'opened' || action === 'reopened' || action === 'ready_for_review') return 'open';
  if (action === 'closed') return 'closed';
  if (action === 'converted_to_draft') return 'draft';
  return null;
}

export function issueCard(event: ForgeEvent): Card {
  const pullLike = isPullLike(event);
  const noun = `${event.confidential ? 'confidential ' : ''}${subjectNoun(event)}`;
  const verbPhrase = phrase(event, noun);
  const card = emptyCard(
    emojiFor(event, pullLike),
    `${who(event)} ${escapeMrkdwn(verbPhrase)}`,
    `${rawActor(event)} ${verbPhrase} ${rawSubjectLabel(event)}`,
  );
  card.subject = subjectLink(event);
  const action = event.action.toLowerCase();
  if (action === 'opened' || action === 'created') card.excerpt = quoteExcerpt(bodyOf(event));
  const state = subjectState(event);
  card.context = [
    impliedState(event) === state ? '' : stateBadge(state, pullLike),
    branchesText(event),
    state !== 'draft' && event.draft && pullLike ? ':white_circle: Draft' : '',
    labelsText(event.labels),
    event.confidential ? CONFIDENTIAL : '',
  ];
  return card;
}
