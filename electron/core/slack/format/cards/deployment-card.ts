import type { ForgeEvent } from '../../../events/forge-event.js';
import { type Card, emptyCard } from '../card.js';
import { branchLink, plural, rawAction, who } from '../card-parts.js';
import { commitUrl, shortSha } from '../forge-links.js';
import { clipLine, escapeMrkdwn, escapeTruncated, link, truncate } from '../mrkdwn.js';

function statusOf(status: string): { word: string; emoji: string } {
  switch (status) {
    case 'success':
    case 'succeeded':
    case 'active':
      return { word: 'succeeded', emoji: ':rocket:' };
    case 'failure':
    case 'failed':
      return { word: 'failed', emoji: ':x:' };
    case 'error':
      return { word: 'errored', emoji: ':x:' };
    case 'in_progress':
    case 'running':
      return { word: 'is in progress', emoji: ':hourglass_flowing_sand:' };
    case 'queued':
    case 'pending':
    case 'created':
    case 'waiting':
    case 'blocked':
      return { word: 'is queued', emoji: ':hourglass:' };
    case 'inactive':
      return { word: 'is inactive', emoji: ':zzz:' };
    case 'canceled':
    case 'cancelled':
      return { word: 'was canceled', emoji: ':no_entry_sign:' };
    default:
      return { word: `is ${rawAction(status)}`, emoji: ':package:' };
  }
}

/** Card for `deployments`: environment and status, ref and commit (a deployment waiting for approval says so). */
export function deploymentCard(event: ForgeEvent): Card {
  const d = event.details.kind === 'deployment' ? event.details : null;
  const environment = clipLine(d?.environment ?? '', 200);
  const status = (d?.status || event.action).toLowerCase();
  // Waiting for a required reviewer (GitHub) or a deployment approval (GitLab): the card carries Approve / Reject.
  // Waiting only for a wait timer (GitHub): nobody can approve it; the card says how long.
  const waiting = status === 'waiting' || status === 'blocked';
  const { word, emoji } =
    d?.approval && waiting
      ? { word: 'is waiting for approval', emoji: ':raised_hand:' }
      : d?.waitTimer && waiting
        ? { word: `waits ${plural(d.waitTimer.minutes, 'minute')} (wait timer)`, emoji: ':hourglass:' }
        : statusOf(status);
  const target = environment ? ` to *${escapeTruncated(environment, 100)}*` : '';
  const card = emptyCard(
    emoji,
    `Deployment${target} ${escapeMrkdwn(word)}`,
    `Deployment${environment ? ` to ${truncate(environment, 100)}` : ''} ${word}`,
  );
  const title = clipLine(event.title, 200);
  if (title) card.subject = link(event.url, truncate(title, 200));
  const sha = clipLine(d?.sha ?? '', 80);
  card.fields = [
    environment ? `*Environment*\n${escapeTruncated(environment, 200)}` : '',
    event.branch ? `*Ref*\n${branchLink(event, event.branch)}` : '',
    sha ? `*Commit*\n${link(commitUrl(event, sha), shortSha(event, sha))}` : '',
    event.actor.trim() ? `*By*\n${who(event)}` : '',
  ].filter((f) => f !== '');
  return card;
}
