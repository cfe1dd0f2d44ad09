import { DEFAULT_EVENTS, EVENT_NAMES, type EventName } from '../../../../electron/contract/vocabulary/event-names.js';
import type { BranchPreset } from '../../../../electron/contract/vocabulary/subscription-filters.js';
import type { Subscription, SubscriptionInput } from '../../../../electron/contract/schemas.js';
import { PEOPLE_WORD } from '../../../../electron/contract/vocabulary/people.js';
import {
  excludeGlobProblem,
  isRepoPattern,
  repoPatternProblem,
} from '../../../../electron/contract/vocabulary/repo-pattern.js';
import { parseBranchList } from './branch-list.js';

export type BranchMode = BranchPreset | 'custom';

/** The editor's state: text fields stay text until saved, so half-typed input is never lost. */
export interface SubscriptionForm {
  account: string;
  repo: string;
  /** For a pattern: the repositories it leaves out, globs separated by commas or new lines. */
  excludeRepos: string;
  enabled: boolean;
  events: EventName[];
  channel: string;
  channels: Partial<Record<EventName, string>>;
  branchMode: BranchMode;
  branchText: string;
  labelsInclude: string;
  labelsMatch: 'any' | 'all';
  labelsExclude: string;
  onlyBrokenPipelines: boolean;
  drafts: boolean;
  threads: boolean;
  /** People on cards as Slack mentions. */
  mentions: boolean;
  /** Thread parents carry a reaction for the item's state. */
  reactions: boolean;
  /** Actor filter (docs/cli-and-config.md §4): bots on, and comma-separated logins or globs. */
  actorsBots: boolean;
  actorsExclude: string;
  actorsOnly: string;
}

export type FormErrors = Partial<
  Record<
    | 'account'
    | 'repo'
    | 'excludeRepos'
    | 'events'
    | 'channel'
    | 'branches'
    | 'labels'
    | 'actors'
    | `channels.${EventName}`,
    string
  >
>;

export const BRANCH_PRESET_LABELS: Record<BranchPreset, string> = {
  default: 'Default branch',
  protected: 'Protected branches',
  default_and_protected: 'Default and protected',
  all: 'All branches',
};

export function newForm(account: string, channel = ''): SubscriptionForm {
  return {
    account,
    repo: '',
    excludeRepos: '',
    enabled: true,
    events: [...DEFAULT_EVENTS],
    channel,
    channels: {},
    branchMode: 'default',
    branchText: '',
    labelsInclude: '',
    labelsMatch: 'any',
    labelsExclude: '',
    onlyBrokenPipelines: true,
    drafts: false,
    threads: true,
    mentions: true,
    reactions: true,
    actorsBots: true,
    actorsExclude: '',
    actorsOnly: '',
  };
}

export function formFromSubscription(sub: Subscription): SubscriptionForm {
  return {
    account: sub.account,
    repo: sub.repo,
    excludeRepos: (sub.excludeRepos ?? []).join(', '),
    enabled: sub.enabled,
    events: EVENT_NAMES.filter((e) => sub.events.includes(e)),
    channel: sub.channel ?? '',
    channels: { ...sub.channels },
    branchMode: typeof sub.branches === 'string' ? sub.branches : 'custom',
    branchText: Array.isArray(sub.branches) ? sub.branches.join('\n') : '',
    labelsInclude: sub.labels.include.join(', '),
    labelsMatch: sub.labels.match,
    labelsExclude: sub.labels.exclude.join(', '),
    onlyBrokenPipelines: sub.onlyBrokenPipelines,
    drafts: sub.drafts,
    threads: sub.threads,
    mentions: sub.mentions,
    reactions: sub.reactions,
    actorsBots: sub.actors.bots,
    actorsExclude: sub.actors.exclude.join(', '),
    actorsOnly: sub.actors.only.join(', '),
  };
}

export function splitLabels(text: string): string[] {
  return [
    ...new Set(
      text
        .split(',')
        .map((l) => l.trim())
        .filter(Boolean),
    ),
  ];
}

function cleanChannel(value: string): string {
  return value.trim().replace(/^#/, '');
}

/** `owner/name`, or a GitLab path with subgroups. */
export const REPO_PATTERN = /^[^\s/]+(\/[^\s/]+)+$/;

/** The globs of an `excludeRepos` text (commas or new lines). */
export function splitGlobs(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[,\n]/)
        .map((g) => g.trim())
        .filter(Boolean),
    ),
  ];
}

/** Channel names as Slack allows them: lower case letters, digits, "-" and "_" (or a channel ID). */
const CHANNEL_PATTERN = /^([a-z0-9][a-z0-9_-]{0,79}|[CG][A-Z0-9]{6,})$/;

function channelProblem(value: string): string | undefined {
  const name = cleanChannel(value);
  if (!name) return undefined;
  if (/\s/.test(name)) return 'Channel names have no spaces.';
  if (!CHANNEL_PATTERN.test(name)) return 'Slack channel names use lower-case letters, digits, “-” and “_”.';
  return undefined;
}

export function validateForm(form: SubscriptionForm, options: { needsChannel?: boolean } = {}): FormErrors {
  const errors: FormErrors = {};
  if (!form.account) errors.account = 'Choose the forge account that can read this repository.';
  const repo = form.repo.trim();
  if (!repo) errors.repo = 'Choose or type a repository.';
  else if (isRepoPattern(repo)) {
    const problem = repoPatternProblem(repo, null);
    if (problem) errors.repo = `${problem[0]?.toUpperCase()}${problem.slice(1)}.`;
    const glob = splitGlobs(form.excludeRepos).find((g) => excludeGlobProblem(g) !== null);
    if (glob) errors.excludeRepos = `“${glob}”: ${excludeGlobProblem(glob)}.`;
  } else if (!REPO_PATTERN.test(repo)) errors.repo = 'Write owner/name (GitHub) or group/subgroup/project (GitLab).';
  if (form.events.length === 0) errors.events = 'Choose at least one event, or disable the subscription instead.';
  const channel = channelProblem(form.channel);
  if (channel) errors.channel = channel;
  else if (options.needsChannel && !cleanChannel(form.channel))
    errors.channel = 'Choose the channel to post to (there is no default channel).';
  for (const event of form.events) {
    const problem = channelProblem(form.channels[event] ?? '');
    if (problem) errors[`channels.${event}`] = problem;
  }
  if (form.branchMode === 'custom') {
    const { problems } = parseBranchList(form.branchText);
    const first = problems[0];
    if (first)
      errors.branches = first.value
        ? `Line ${first.line} (“${first.value}”): ${first.message}.`
        : `${first.message[0]?.toUpperCase()}${first.message.slice(1)}.`;
  }
  const include = splitLabels(form.labelsInclude);
  const overlap = splitLabels(form.labelsExclude).filter((l) => include.includes(l));
  if (overlap.length > 0)
    errors.labels = `“${overlap[0]}” is both included and excluded; exclude always wins, so remove one.`;
  const actors = [...splitLabels(form.actorsExclude), ...splitLabels(form.actorsOnly)];
  const badActor = actors.find((a) => /\s/.test(a) || (a.startsWith('@') && a !== PEOPLE_WORD));
  if (badActor)
    errors.actors = /\s/.test(badActor)
      ? `“${badActor}”: a login or glob has no spaces.`
      : `“${badActor}”: write logins without “@” (“${PEOPLE_WORD}” is the only word with one).`;
  return errors;
}

/** The contract input for subscriptions.add / subscriptions.update (call only when validateForm is empty). */
export function formToInput(form: SubscriptionForm): SubscriptionInput {
  const channels: Partial<Record<EventName, string>> = {};
  for (const event of form.events) {
    const override = cleanChannel(form.channels[event] ?? '');
    if (override) channels[event] = override;
  }
  const channel = cleanChannel(form.channel);
  const repo = form.repo.trim();
  return {
    account: form.account,
    repo,
    ...(isRepoPattern(repo) ? { excludeRepos: splitGlobs(form.excludeRepos) } : {}),
    enabled: form.enabled,
    events: [...form.events],
    channel: channel || null,
    channels,
    branches: form.branchMode === 'custom' ? parseBranchList(form.branchText).patterns : form.branchMode,
    labels: {
      include: splitLabels(form.labelsInclude),
      exclude: splitLabels(form.labelsExclude),
      match: form.labelsMatch,
    },
    onlyBrokenPipelines: form.onlyBrokenPipelines,
    drafts: form.drafts,
    threads: form.threads,
    mentions: form.mentions,
    reactions: form.reactions,
    actors: { bots: form.actorsBots, exclude: splitLabels(form.actorsExclude), only: splitLabels(form.actorsOnly) },
  };
}

/** One line for the list: "default branch · labels: bug or ui · not: wontfix · broken pipelines only". */
export function filterSummary(
  sub: Pick<Subscription, 'branches' | 'labels' | 'onlyBrokenPipelines' | 'drafts' | 'events'> &
    Partial<Pick<Subscription, 'actors'>>,
): string {
  const parts: string[] = [];
  const branchEvents = sub.events.some((e) => e === 'commits' || e === 'pipelines' || e === 'deployments');
  if (branchEvents)
    parts.push(
      typeof sub.branches === 'string'
        ? BRANCH_PRESET_LABELS[sub.branches].toLowerCase()
        : `branches ${sub.branches.join(', ')}`,
    );
  if (sub.labels.include.length > 0)
    parts.push(`labels: ${sub.labels.include.join(sub.labels.match === 'all' ? ' and ' : ' or ')}`);
  if (sub.labels.exclude.length > 0) parts.push(`not: ${sub.labels.exclude.join(', ')}`);
  if (sub.events.includes('pipelines') && sub.onlyBrokenPipelines) parts.push('broken pipelines only');
  if (sub.events.includes('pulls') && sub.drafts) parts.push('includes drafts');
  if (sub.actors && !sub.actors.bots) parts.push('no bots');
  if (sub.actors?.only.length) parts.push(`only by ${sub.actors.only.join(', ')}`);
  if (sub.actors?.exclude.length) parts.push(`not by ${sub.actors.exclude.join(', ')}`);
  return parts.length > 0 ? parts.join(' · ') : 'no filters';
}
