import type { ForgeEvent } from '../../events/forge-event.js';
import { context, joinLines, quoteExcerpt, section } from './block-builders.js';
import type { Block, SlackMessage } from './block-types.js';
import { subjectButtons } from './buttons.js';
import {
  CONFIDENTIAL,
  NAME_MAX,
  labelsText,
  rawAction,
  rawSubjectLabel,
  refCode,
  repoLink,
  subjectLink,
} from './card-parts.js';
import { isPullLike, subjectNoun } from './forge-links.js';
import { MAX_FALLBACK_TEXT, MAX_SECTION_TEXT, enforceLimits } from './limits.js';
import { clipLine, escapeTruncated } from './mrkdwn.js';
import { type SubjectState, stateBadge, subjectState } from './subject-state.js';

/** What the thread map knows about an issue/PR thread, beyond the latest event. */
export interface ThreadParentState {
  /** Current state: open, draft, closed, merged (also accepts opened/reopened/ready_for_review). Null: from the event. */
  state: string | null;
  /** Who opened the issue/PR, when known. */
  author?: string | null;
  /** The description from the opening event, shown as a short excerpt. */
  body?: string | null;
  /** The latest activity in the thread. */
  last?: { actor: string; action: string } | null;
}

export interface ThreadParentOptions {
  /** Close/Reopen/Open buttons matching the current state. */
  buttons?: boolean;
}

function stateWord(state: SubjectState): string {
  return { open: 'Open', draft: 'Draft', closed: 'Closed', merged: 'Merged' }[state];
}

/**
 * The parent message of an issue/PR thread, showing its current state (open → merged/closed, draft → ready);
 * post it first, then keep it current with `chat.update`. `event` is the latest event about the subject (its title,
 * labels and URL are the freshest known).
 */
export function formatThreadParent(
  event: ForgeEvent,
  state: ThreadParentState,
  options: ThreadParentOptions = {},
): SlackMessage {
  const current = subjectState(event, state.state);
  const pullLike = isPullLike(event);
  const noun = `${event.confidential ? 'confidential ' : ''}${subjectNoun(event)}`;
  const nounTitle = noun.charAt(0).toUpperCase() + noun.slice(1);
  const author = clipLine(state.author ?? '', NAME_MAX);
  const lines = [
    `${stateBadge(current, pullLike)} · ${nounTitle} in ${repoLink(event)}`,
    `*${subjectLink(event) || nounTitle}*`,
    author ? `Opened by *${escapeTruncated(author, NAME_MAX)}*` : '',
  ];
  const blocks: Block[] = [section(joinLines(lines, MAX_SECTION_TEXT))];
  const excerpt = current === 'open' || current === 'draft' ? quoteExcerpt(state.body, 200, 3) : '';
  if (excerpt) blocks.push(section(excerpt));
  const pull = event.details.kind === 'pull' ? event.details : null;
  const last = state.last
    ? `Latest: *${escapeTruncated(clipLine(state.last.actor, NAME_MAX) || 'Someone', NAME_MAX)}* ${escapeTruncated(rawAction(state.last.action), 60)}`
    : '';
  const small = context([
    pull?.sourceBranch && pull.targetBranch ? `${refCode(pull.sourceBranch)} → ${refCode(pull.targetBranch)}` : '',
    labelsText(event.labels),
    event.confidential ? CONFIDENTIAL : '',
    last,
  ]);
  if (small !== null) blocks.push(small);
  if (options.buttons) {
    const buttons = subjectButtons(event, current, true);
    if (buttons !== null) blocks.push(buttons);
  }
  const text = `[${clipLine(event.repo, 150)}] ${nounTitle} ${rawSubjectLabel(event)} — ${stateWord(current)}`;
  return { text: escapeTruncated(text, MAX_FALLBACK_TEXT), blocks: enforceLimits(blocks) };
}
