import type { LabelFilter } from '../../contract/vocabulary/subscription-filters.js';
import type { StoredSubscription } from '../settings/settings-model.js';
import { type BranchContext, branchAllowed, describeBranches } from './branch-match.js';
import type { EventName } from '../../contract/vocabulary/event-names.js';
import type { ForgeEvent } from './forge-event.js';
import { actorProblem } from './actor-filter.js';
import { checksPassed } from './pipeline-outcome.js';

/**
 * `checksPassed`: a passing run/pipeline left out by `onlyBrokenPipelines` — not posted, but the pull/merge requests
 * it checked still lose the `x` of an earlier failure (docs/cli-and-config.md §4 "State reactions").
 */
export type Decision =
  { deliver: true; channel: string; fixed: boolean } | { deliver: false; reason: string; checksPassed?: boolean };

export interface FilterContext extends BranchContext {
  defaultChannel: string | null;
  /** Last finished pipeline status on this ref ("failed" / "success"), for onlyBrokenPipelines. */
  previousPipelineStatus: string | null;
  /** Every person's login on the event's account, lower case (actor filters' "@people"). */
  people?: ReadonlySet<string>;
}

/** Actions Forgebell reads for personal notifications only: never posted to a channel. */
const PERSONAL_ONLY = new Set(['review_requested', 'assigned']);

const LABELLED: ReadonlySet<EventName> = new Set([
  'issues',
  'confidential_issues',
  'pulls',
  'reviews',
  'comments',
  'confidential_comments',
]);
const BRANCH_BOUND: ReadonlySet<EventName> = new Set(['commits', 'pipelines', 'deployments']);

export function labelsPass(labels: readonly string[], filter: LabelFilter): string | null {
  const have = new Set(labels.map((l) => l.toLowerCase()));
  const excluded = filter.exclude.find((l) => have.has(l.toLowerCase()));
  if (excluded) return `label "${excluded}" is excluded`;
  if (filter.include.length === 0) return null;
  if (labels.length === 0)
    return `unlabelled, and only ${filter.include.map((l) => `"${l}"`).join(filter.match === 'all' ? ' + ' : ' or ')} are included`;
  const hits = filter.include.filter((l) => have.has(l.toLowerCase()));
  if (filter.match === 'all' ? hits.length === filter.include.length : hits.length > 0) return null;
  return `labels [${labels.join(', ')}] do not match ${filter.match} of [${filter.include.join(', ')}]`;
}

/**
 * The channel a subscription sends this event to: its per-event channel (confidential events fall back to the issue or
 * comment channel), else its channel, else the default. Also named for a filtered event: where it would have gone.
 */
export function channelFor(
  event: Pick<ForgeEvent, 'event'>,
  sub: Pick<StoredSubscription, 'channel' | 'channels'>,
  defaultChannel: string | null,
): string | null {
  return (
    sub.channels[event.event] ??
    (event.event === 'confidential_issues' ? sub.channels.issues : undefined) ??
    (event.event === 'confidential_comments' ? sub.channels.comments : undefined) ??
    sub.channel ??
    defaultChannel
  );
}

/**
 * Decides whether one subscription hears about one event, and why not. The reason is shown in the
 * feed ("comments are off for octo/app", "branch feature/x not in default").
 */
export function decide(event: ForgeEvent, sub: StoredSubscription, ctx: FilterContext): Decision {
  if (!sub.enabled) return { deliver: false, reason: `subscription to ${sub.repo} is turned off` };
  if (!sub.events.includes(event.event))
    return { deliver: false, reason: `${event.event.replace('_', ' ')} are off for ${sub.repo}` };
  if (PERSONAL_ONLY.has(event.action))
    return {
      deliver: false,
      reason: `${event.action === 'assigned' ? 'assignments' : 'review requests'} go to the people concerned as DMs, not to channels`,
    };
  const actorWhy = actorProblem(event, sub.actors, ctx.people ?? new Set());
  if (actorWhy) return { deliver: false, reason: actorWhy };
  if (BRANCH_BOUND.has(event.event) && event.branch !== null && !branchAllowed(event.branch, sub.branches, ctx)) {
    return { deliver: false, reason: `branch ${event.branch} not in ${describeBranches(sub.branches)}` };
  }
  if (LABELLED.has(event.event)) {
    const why = labelsPass(event.labels, sub.labels);
    if (why) return { deliver: false, reason: why };
  }
  if ((event.event === 'pulls' || event.event === 'reviews') && event.draft && !sub.drafts) {
    return { deliver: false, reason: 'draft pull/merge requests are off (drafts: false)' };
  }
  let fixed = false;
  if (event.event === 'pipelines') {
    const status = event.details.kind === 'pipeline' ? event.details.status : event.action;
    const failed = /fail/i.test(status);
    if (sub.onlyBrokenPipelines && !failed) {
      if (ctx.previousPipelineStatus !== null && /fail/i.test(ctx.previousPipelineStatus)) fixed = true;
      else
        return {
          deliver: false,
          reason: `pipeline ${status}; only broken pipelines are reported`,
          ...(checksPassed(status) ? { checksPassed: true } : {}),
        };
    } else if (!failed && ctx.previousPipelineStatus !== null && /fail/i.test(ctx.previousPipelineStatus)) fixed = true;
  }
  const channel = channelFor(event, sub, ctx.defaultChannel);
  if (!channel)
    return { deliver: false, reason: 'no channel: set a channel on the subscription or slack.defaultChannel' };
  return { deliver: true, channel, fixed };
}
