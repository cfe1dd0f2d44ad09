import { FORGE_LABELS } from '../../../contract/vocabulary/forges.js';
import type { ForgeEvent } from '../../events/forge-event.js';
import { actions, urlButton, valueButton } from './block-builders.js';
import type { ActionsBlock, Button } from './block-types.js';
import { isPullLike, subjectKind, subjectNoun } from './forge-links.js';
import { MAX_BUTTON_VALUE } from './limits.js';
import { safeUrl } from './mrkdwn.js';
import { type SubjectState, subjectState } from './subject-state.js';

/** `action_id`s of the buttons on issue and pull/merge request cards. Close/reopen carry the item's web URL as `value`. */
export const ACTION_CLOSE = 'forgebell_close';
export const ACTION_REOPEN = 'forgebell_reopen';
/** A URL button: Slack opens the link and still sends a `block_actions` payload, which only needs an ack. */
export const ACTION_OPEN = 'forgebell_open';

/** Whether cards of this event get buttons: issues and pull/merge requests only. */
export function hasSubjectButtons(event: ForgeEvent): boolean {
  return (
    (event.event === 'issues' || event.event === 'confidential_issues' || event.event === 'pulls') &&
    event.subjectKey !== null
  );
}

/**
 * Buttons for an issue or PR/MR card: `Close` while open, `Reopen` when closed (a merged PR/MR cannot be reopened),
 * and `Open` (a link). Null when the event is not an issue/PR or has no usable web URL. `forThreadParent`: the
 * event may be any event about an issue/PR thread (a comment, a review), not only an issue/PR event.
 */
export function subjectButtons(
  event: ForgeEvent,
  state: SubjectState = subjectState(event),
  forThreadParent = false,
): ActionsBlock | null {
  const kind = subjectKind(event);
  const eligible = forThreadParent
    ? event.subjectKey !== null && (kind === 'issue' || kind === 'pull' || kind === 'mr')
    : hasSubjectButtons(event);
  if (!eligible) return null;
  const url = safeUrl(event.url, MAX_BUTTON_VALUE);
  if (url === null) return null;
  const noun = isPullLike(event) ? (event.forge === 'gitlab' ? 'merge request' : 'pull request') : subjectNoun(event);
  const buttons: Button[] = [];
  const open = urlButton(ACTION_OPEN, 'Open', url);
  if (open !== null) buttons.push(open);
  if (state === 'open' || state === 'draft') {
    const close = valueButton(ACTION_CLOSE, 'Close', url, {
      confirm: {
        title: { type: 'plain_text', text: `Close this ${noun}?` },
        text: {
          type: 'plain_text',
          text: `Forgebell will close it on ${FORGE_LABELS[event.forge]} with the configured account.`,
        },
        confirm: { type: 'plain_text', text: 'Close' },
        deny: { type: 'plain_text', text: 'Cancel' },
        style: 'danger',
      },
    });
    if (close !== null) buttons.push(close);
  } else if (state === 'closed') {
    const reopen = valueButton(ACTION_REOPEN, 'Reopen', url);
    if (reopen !== null) buttons.push(reopen);
  }
  return actions(buttons);
}
