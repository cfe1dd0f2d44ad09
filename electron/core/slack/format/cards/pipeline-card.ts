import type { FailedJob, ForgeEvent } from '../../../events/forge-event.js';
import { type Card, emptyCard } from '../card.js';
import { branchLink, formatDuration, rawAction, who } from '../card-parts.js';
import { commitUrl, shortSha } from '../forge-links.js';
import { clipLine, escapeMrkdwn, escapeTruncated, link } from '../mrkdwn.js';

/** Failed jobs listed on a pipeline card (as GitLab's integration does). */
export const FAILED_JOBS_SHOWN = 10;

function statusOf(status: string): { word: string; emoji: string } {
  switch (status) {
    case 'success':
    case 'succeeded':
    case 'passed':
    case 'completed':
      return { word: 'passed', emoji: ':white_check_mark:' };
    case 'failed':
    case 'failure':
      return { word: 'failed', emoji: ':x:' };
    case 'fixed':
      return { word: 'is fixed', emoji: ':white_check_mark:' };
    case 'canceled':
    case 'cancelled':
      return { word: 'was canceled', emoji: ':no_entry_sign:' };
    case 'running':
    case 'in_progress':
      return { word: 'is running', emoji: ':hourglass_flowing_sand:' };
    case 'pending':
    case 'queued':
    case 'waiting':
    case 'created':
    case 'requested':
    case 'preparing':
    case 'waiting_for_resource':
    case 'scheduled':
      return { word: 'is pending', emoji: ':hourglass:' };
    case 'skipped':
      return { word: 'was skipped', emoji: ':fast_forward:' };
    case 'manual':
    case 'action_required':
      return { word: 'needs a manual action', emoji: ':raised_hand:' };
    case 'timed_out':
      return { word: 'timed out', emoji: ':alarm_clock:' };
    default:
      return { word: `is ${rawAction(status)}`, emoji: ':grey_question:' };
  }
}

function jobLine(job: FailedJob): string {
  const name = clipLine(job.name, 100) || 'job';
  const stage = clipLine(job.stage ?? '', 60);
  return `• ${link(job.url, name)}${stage ? ` (${escapeTruncated(stage, 60)})` : ''}`;
}

/** Card for `pipelines` (GitLab pipelines, GitHub workflow runs); `fixed` = green again after a failure. */
export function pipelineCard(event: ForgeEvent, fixed: boolean): Card {
  const p = event.details.kind === 'pipeline' ? event.details : null;
  const isFixed = fixed || event.action.toLowerCase() === 'fixed';
  const status = isFixed ? 'fixed' : (p?.status || event.action).toLowerCase();
  const { word, emoji } = statusOf(status);
  const number = event.number !== null && Number.isFinite(event.number) ? ` #${event.number}` : '';
  const label = `${clipLine(p?.name ?? '', 100) || 'Pipeline'}${number}`;
  const card = emptyCard(
    emoji,
    `${link(event.url, label)} ${escapeMrkdwn(word)}`,
    `${label} ${word}${event.branch ? ` on ${clipLine(event.branch, 100)}` : ''}`,
  );
  const title = clipLine(event.title, 200);
  if (title && title !== label) card.subject = escapeTruncated(title, 200);
  if (isFixed) card.lines.push('Back to green after a failure.');
  const sha = clipLine(p?.sha ?? '', 80);
  const duration = formatDuration(p?.durationSeconds ?? null);
  card.fields = [
    event.branch ? `*Ref*\n${branchLink(event, event.branch)}` : '',
    sha ? `*Commit*\n${link(commitUrl(event, sha), shortSha(event, sha))}` : '',
    duration ? `*Duration*\n${duration}` : '',
    event.actor.trim() ? `*Triggered by*\n${who(event)}` : '',
  ].filter((f) => f !== '');
  const stages = (p?.failedStages ?? []).filter((s) => s.trim() !== '');
  if (stages.length > 0) {
    const shown = stages.slice(0, 10).map((s) => escapeTruncated(clipLine(s, 60), 60));
    card.lines.push(
      `*Failed stages:* ${shown.join(', ')}${stages.length > shown.length ? ` +${stages.length - shown.length} more` : ''}`,
    );
  }
  const jobs = p?.failedJobs ?? [];
  if (jobs.length > 0 && !isFixed) {
    const shown = jobs.slice(0, FAILED_JOBS_SHOWN);
    card.list = { title: '*Failed jobs*', items: shown.map(jobLine), hidden: jobs.length - shown.length };
  }
  return card;
}
