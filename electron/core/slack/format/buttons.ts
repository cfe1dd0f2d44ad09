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
/**
 * Acting as yourself (docs/cli-and-config.md §4): the value is `<account-id> <web URL>` of the pull/merge request or
 * run. Approve and Re-run act at once; the others open a modal.
 */
export const ACTION_APPROVE = 'forgebell_approve';
export const ACTION_REQUEST_CHANGES = 'forgebell_request_changes';
export const ACTION_COMMENT = 'forgebell_comment';
export const ACTION_MERGE = 'forgebell_merge';
export const ACTION_RERUN = 'forgebell_rerun';
/**
 * A deployment waiting for approval (docs/cli-and-config.md §4): Approve acts at once, Reject… opens a modal for an
 * optional comment. The value is `<account-id> <web URL> <run or deployment id> <environment, URI-encoded>`.
 */
export const ACTION_DEPLOY_APPROVE = 'forgebell_deploy_approve';
export const ACTION_DEPLOY_REJECT = 'forgebell_deploy_reject';

/** Forges whose pull/merge requests and runs Forgebell can act on: all of them (Gitea/Forgejo too, §7). */
function canAct(event: ForgeEvent): boolean {
  return event.forge === 'github' || event.forge === 'gitlab' || event.forge === 'gitea';
}

/** `<account-id> <url>`: which account to act with, and on what. */
export function actionValue(accountId: string, url: string): string {
  return `${accountId} ${url}`;
}

/** The account id and URL of an action button's value (null when malformed). */
export function parseActionValue(value: string | undefined): { accountId: string; url: string } | null {
  const m = /^(\S+) (https?:\/\/\S+)$/.exec(value ?? '');
  return m ? { accountId: m[1] as string, url: m[2] as string } : null;
}

/** The value of a deployment's Approve / Reject: which account, the card's link, the run or deployment, the environment. */
export function deployValue(accountId: string, url: string, id: number, environment: string): string {
  return `${accountId} ${url} ${id} ${encodeURIComponent(environment)}`;
}

export function parseDeployValue(
  value: string | undefined,
): { accountId: string; url: string; id: number; environment: string } | null {
  const m = /^(\S+) (https?:\/\/\S+) (\d+) (\S+)$/.exec(value ?? '');
  if (!m) return null;
  try {
    return {
      accountId: m[1] as string,
      url: m[2] as string,
      id: Number(m[3]),
      environment: decodeURIComponent(m[4] as string),
    };
  } catch {
    return null;
  }
}

/** Approve / Reject… on a deployment still waiting for a required reviewer (GitHub and GitLab). */
export function deploymentButtons(event: ForgeEvent): ActionsBlock | null {
  // GitHub and GitLab only: Gitea/Forgejo have no deployments (§7).
  if (event.event !== 'deployments' || event.details.kind !== 'deployment') return null;
  if (event.forge !== 'github' && event.forge !== 'gitlab') return null;
  const d = event.details;
  const status = d.status.toLowerCase();
  if (!d.approval || (status !== 'waiting' && status !== 'blocked')) return null;
  const url = safeUrl(event.url, MAX_BUTTON_VALUE - 300);
  if (url === null) return null;
  const value = deployValue(event.accountId, url, d.approval.id, d.environment);
  if (value.length > MAX_BUTTON_VALUE) return null;
  const approve = valueButton(ACTION_DEPLOY_APPROVE, 'Approve', value, { style: 'primary' });
  const reject = valueButton(ACTION_DEPLOY_REJECT, 'Reject…', value, { style: 'danger' });
  const buttons = [approve, reject].filter((b): b is Button => b !== null);
  return buttons.length ? actions(buttons) : null;
}

/** Approve, Request changes…, Comment…, Merge… for an open (or draft) pull/merge request. */
function reviewButtons(event: ForgeEvent, url: string): Button[] {
  if (!canAct(event)) return [];
  const value = actionValue(event.accountId, url);
  return [
    valueButton(ACTION_APPROVE, 'Approve', value, { style: 'primary' }),
    valueButton(ACTION_REQUEST_CHANGES, 'Request changes…', value),
    valueButton(ACTION_COMMENT, 'Comment…', value),
    valueButton(ACTION_MERGE, 'Merge…', value),
  ].filter((b): b is Button => b !== null);
}

/** `Re-run failed jobs` on a failed run/pipeline card (GitHub and Gitea/Forgejo workflow runs, GitLab pipelines). */
export function rerunButtons(event: ForgeEvent): ActionsBlock | null {
  if (event.event !== 'pipelines' || event.details.kind !== 'pipeline' || !canAct(event)) return null;
  if (event.details.rerunnable === false) return null;
  const status = (event.details.status || event.action).toLowerCase();
  if (!['failed', 'failure', 'timed_out'].includes(status)) return null;
  const url = safeUrl(event.url, MAX_BUTTON_VALUE);
  if (url === null || !/\/(?:actions\/runs|-\/pipelines)\/\d+/.test(url)) return null;
  const rerun = valueButton(ACTION_RERUN, 'Re-run failed jobs', actionValue(event.accountId, url));
  return rerun ? actions([rerun]) : null;
}

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
  if ((state === 'open' || state === 'draft') && isPullLike(event)) buttons.push(...reviewButtons(event, url));
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
