import type { EventName } from '../../../electron/contract/vocabulary/event-names.js';

/**
 * One expected notification of the per-forge event matrix: the event the action on the fake must produce, how the
 * feed summarises it, the Slack text it must be posted with, and (when set) why the filtered subscription skips it.
 */
export interface EventCase {
  wave: 1 | 2 | 3;
  event: EventName;
  action: string;
  /** Tells this case apart from others with the same event and action in the feed. */
  summary: RegExp;
  /** The Slack fallback text of the message. */
  text: RegExp;
  /** Reason the "filtered" subscription (branches default, labels include bug, drafts off, only broken pipelines, no confidential events) gives; absent = delivered there too. */
  filtered?: RegExp;
  /** The card does not link to the event's URL (a deleted branch has no page left), only to the repository. */
  unlinked?: true;
}

export const GITHUB_EVENTS = [
  'commits',
  'tags',
  'branches',
  'issues',
  'pulls',
  'reviews',
  'comments',
  'pipelines',
  'deployments',
  'releases',
  'wiki',
  'discussions',
] as const satisfies readonly EventName[];
export const GITLAB_EVENTS = [
  'commits',
  'tags',
  'branches',
  'issues',
  'confidential_issues',
  'pulls',
  'reviews',
  'comments',
  'confidential_comments',
  'pipelines',
  'deployments',
  'releases',
  'wiki',
] as const satisfies readonly EventName[];

const OTHER_BRANCH_GH = /branch feature\/x not in default branch/;
const OTHER_BRANCH_GL = /branch feature\/y not in default branch/;
const UNLABELLED = /unlabelled, and only "bug" are included/;
const DRAFT = /draft pull\/merge requests are off \(drafts: false\)/;
const ONLY_BROKEN = /pipeline success; only broken pipelines are reported/;

/** GitHub, repo octo-org/hello-world; the actions are in events-per-forge.test.ts, wave by wave. */
export const GITHUB_CASES: EventCase[] = [
  {
    wave: 1,
    event: 'commits',
    action: 'pushed',
    summary: /pushed 1 commit to main$/,
    text: /^\[octo-org\/hello-world\] octocat pushed 1 commit to main$/,
  },
  {
    wave: 1,
    event: 'branches',
    action: 'created',
    summary: /created branch feature\/x$/,
    text: /octocat created branch feature\/x$/,
  },
  {
    wave: 1,
    event: 'commits',
    action: 'pushed',
    summary: /pushed 1 commit to feature\/x$/,
    text: /octocat pushed 1 commit to feature\/x$/,
    filtered: OTHER_BRANCH_GH,
  },
  { wave: 1, event: 'tags', action: 'created', summary: /created tag v0\.9$/, text: /octocat pushed tag v0\.9$/ },
  {
    wave: 1,
    event: 'issues',
    action: 'opened',
    summary: /opened issue #1 Login fails on Safari$/,
    text: /octocat opened issue #1 Login fails on Safari$/,
  },
  {
    wave: 1,
    event: 'issues',
    action: 'opened',
    summary: /opened issue #2 Unlabelled chore$/,
    text: /octocat opened issue #2 Unlabelled chore$/,
    filtered: UNLABELLED,
  },
  {
    wave: 1,
    event: 'pulls',
    action: 'opened',
    summary: /opened pull request #3 New parser$/,
    text: /octocat opened pull request #3 New parser$/,
    filtered: DRAFT,
  },
  {
    wave: 1,
    event: 'pulls',
    action: 'opened',
    summary: /opened pull request #4 Refactor config$/,
    text: /octocat opened pull request #4 Refactor config$/,
  },
  {
    wave: 1,
    event: 'releases',
    action: 'published',
    summary: /published release Version 0\.9$/,
    text: /octocat published release Version 0\.9$/,
  },
  {
    wave: 1,
    event: 'wiki',
    action: 'created',
    summary: /created wiki page Home$/,
    text: /octocat created wiki page Home$/,
  },
  {
    wave: 1,
    event: 'discussions',
    action: 'opened',
    summary: /#5 Roadmap ideas$/,
    text: /octocat started a discussion #5 Roadmap ideas$/,
  },
  {
    wave: 1,
    event: 'comments',
    action: 'commented',
    summary: /commented on issue #1 Login fails on Safari$/,
    text: /octocat commented on issue #1 Login fails on Safari$/,
  },
  {
    wave: 1,
    event: 'comments',
    action: 'commented',
    summary: /commented on commit/,
    text: /octocat commented on commit/,
    filtered: UNLABELLED,
  },
  {
    wave: 1,
    event: 'pipelines',
    action: 'success',
    summary: /^Lint success on main$/,
    text: /Lint passed on main$/,
    filtered: ONLY_BROKEN,
  },
  {
    wave: 1,
    event: 'deployments',
    action: 'success',
    summary: /Deployment to production success$/,
    text: /Deployment to production succeeded$/,
  },
  {
    wave: 1,
    event: 'deployments',
    action: 'success',
    summary: /Deployment to staging success$/,
    text: /Deployment to staging succeeded$/,
    filtered: OTHER_BRANCH_GH,
  },
  {
    wave: 2,
    event: 'pulls',
    action: 'ready_for_review',
    summary: /pull request #3 New parser$/,
    text: /octocat marked pull request ready for review #3 New parser$/,
  },
  {
    wave: 2,
    event: 'reviews',
    action: 'submitted',
    summary: /pull request #3 New parser$/,
    text: /octocat approved pull request #3 New parser$/,
  },
  {
    wave: 2,
    event: 'comments',
    action: 'commented',
    summary: /commented on review #3 New parser$/,
    text: /octocat commented on review of pull request #3 New parser$/,
  },
  {
    wave: 2,
    event: 'issues',
    action: 'closed',
    summary: /closed issue #1 Login fails on Safari$/,
    text: /octocat closed issue #1 Login fails on Safari$/,
  },
  {
    wave: 2,
    event: 'pulls',
    action: 'closed',
    summary: /closed pull request #4 Refactor config$/,
    text: /octocat closed pull request #4 Refactor config$/,
  },
  { wave: 2, event: 'pipelines', action: 'failed', summary: /^CI failed on main$/, text: /CI failed on main$/ },
  {
    wave: 2,
    event: 'pipelines',
    action: 'failed',
    summary: /^CI failed on feature\/x$/,
    text: /CI failed on feature\/x$/,
    filtered: OTHER_BRANCH_GH,
  },
  {
    wave: 2,
    event: 'discussions',
    action: 'commented',
    summary: /#5 Roadmap ideas$/,
    text: /octocat commented on a discussion #5 Roadmap ideas$/,
  },
  {
    wave: 3,
    event: 'issues',
    action: 'reopened',
    summary: /reopened issue #1 Login fails on Safari$/,
    text: /octocat reopened issue #1 Login fails on Safari$/,
  },
  {
    wave: 3,
    event: 'pulls',
    action: 'reopened',
    summary: /reopened pull request #4 Refactor config$/,
    text: /octocat reopened pull request #4 Refactor config$/,
  },
  {
    wave: 3,
    event: 'commits',
    action: 'pushed',
    summary: /pushed 2 commits to main$/,
    text: /octocat pushed 2 commits to main$/,
  },
  {
    wave: 3,
    event: 'pulls',
    action: 'merged',
    summary: /merged pull request #3 New parser$/,
    text: /octocat merged pull request #3 New parser$/,
  },
  { wave: 3, event: 'pipelines', action: 'success', summary: /^CI success on main$/, text: /CI is fixed on main$/ },
  {
    wave: 3,
    event: 'branches',
    action: 'deleted',
    summary: /deleted branch feature\/x$/,
    text: /octocat deleted branch feature\/x$/,
    unlinked: true,
  },
];

/** GitLab, project acme/platform/api (a subgroup project). */
export const GITLAB_CASES: EventCase[] = [
  {
    wave: 1,
    event: 'commits',
    action: 'pushed',
    summary: /pushed 2 commits to main$/,
    text: /^\[acme\/platform\/api\] fake-user pushed 2 commits to main$/,
  },
  {
    wave: 1,
    event: 'branches',
    action: 'created',
    summary: /created branch feature\/y$/,
    text: /fake-user created branch feature\/y$/,
  },
  {
    wave: 1,
    event: 'commits',
    action: 'pushed',
    summary: /pushed 1 commit to feature\/y$/,
    text: /fake-user pushed 1 commit to feature\/y$/,
    filtered: OTHER_BRANCH_GL,
  },
  { wave: 1, event: 'tags', action: 'created', summary: /created tag v2\.0$/, text: /fake-user pushed tag v2\.0$/ },
  {
    wave: 1,
    event: 'issues',
    action: 'opened',
    summary: /opened issue #1 Crash on start$/,
    text: /fake-user opened issue #1 Crash on start$/,
  },
  {
    wave: 1,
    event: 'issues',
    action: 'opened',
    summary: /opened issue #2 Unlabelled chore$/,
    text: /fake-user opened issue #2 Unlabelled chore$/,
    filtered: UNLABELLED,
  },
  {
    wave: 1,
    event: 'confidential_issues',
    action: 'opened',
    summary: /opened confidential issue #3 Secret leak$/,
    text: /fake-user opened confidential issue #3 Secret leak$/,
    filtered: /confidential issues are off for acme\/platform\/api/,
  },
  {
    wave: 1,
    event: 'pulls',
    action: 'opened',
    summary: /opened merge request #1 Draft: New parser$/,
    text: /fake-user opened merge request !1 Draft: New parser$/,
    filtered: DRAFT,
  },
  {
    wave: 1,
    event: 'pulls',
    action: 'opened',
    summary: /opened merge request #2 Cache tweaks$/,
    text: /fake-user opened merge request !2 Cache tweaks$/,
  },
  {
    wave: 1,
    event: 'comments',
    action: 'commented',
    summary: /commented on issue #1 Crash on start$/,
    text: /fake-user commented on issue #1 Crash on start$/,
  },
  {
    wave: 1,
    event: 'confidential_comments',
    action: 'commented',
    summary: /commented on issue #1 Crash on start$/,
    text: /fake-user left a confidential comment on issue #1 Crash on start$/,
    filtered: /confidential comments are off for acme\/platform\/api/,
  },
  {
    wave: 1,
    event: 'wiki',
    action: 'created',
    summary: /created wiki page Home$/,
    text: /fake-user created wiki page Home$/,
  },
  {
    wave: 1,
    event: 'releases',
    action: 'published',
    summary: /published release Version 2\.0$/,
    text: /fake-user published release Version 2\.0$/,
  },
  {
    wave: 1,
    event: 'pipelines',
    action: 'success',
    summary: /^Pipeline success on main$/,
    text: /Pipeline passed on main$/,
    filtered: ONLY_BROKEN,
  },
  {
    wave: 1,
    event: 'deployments',
    action: 'success',
    summary: /Deployment to production success$/,
    text: /Deployment to production succeeded$/,
  },
  {
    wave: 1,
    event: 'deployments',
    action: 'success',
    summary: /Deployment to review success$/,
    text: /Deployment to review succeeded$/,
    filtered: OTHER_BRANCH_GL,
  },
  {
    wave: 2,
    event: 'pulls',
    action: 'approved',
    summary: /reviewer approved merge request #2 Cache tweaks$/,
    text: /reviewer approved merge request !2 Cache tweaks$/,
  },
  {
    wave: 2,
    event: 'reviews',
    action: 'approved',
    summary: /reviewer approved merge request #2 Cache tweaks$/,
    text: /reviewer approved merge request !2 Cache tweaks$/,
  },
  {
    wave: 2,
    event: 'issues',
    action: 'closed',
    summary: /closed issue #1 Crash on start$/,
    text: /fake-user closed issue #1 Crash on start$/,
  },
  {
    wave: 2,
    event: 'pulls',
    action: 'closed',
    summary: /closed merge request #2 Cache tweaks$/,
    text: /fake-user closed merge request !2 Cache tweaks$/,
  },
  {
    wave: 2,
    event: 'pipelines',
    action: 'failed',
    summary: /^Pipeline failed on main$/,
    text: /Pipeline failed on main$/,
  },
  {
    wave: 2,
    event: 'pipelines',
    action: 'failed',
    summary: /^Pipeline failed on feature\/y$/,
    text: /Pipeline failed on feature\/y$/,
    filtered: OTHER_BRANCH_GL,
  },
  {
    wave: 2,
    event: 'comments',
    action: 'commented',
    summary: /commented on merge_request #2 Cache tweaks$/,
    text: /fake-user commented on merge request !2 Cache tweaks$/,
  },
  {
    wave: 3,
    event: 'issues',
    action: 'reopened',
    summary: /reopened issue #1 Crash on start$/,
    text: /fake-user reopened issue #1 Crash on start$/,
  },
  {
    wave: 3,
    event: 'pulls',
    action: 'reopened',
    summary: /reopened merge request #2 Cache tweaks$/,
    text: /fake-user reopened merge request !2 Cache tweaks$/,
  },
  {
    wave: 3,
    event: 'commits',
    action: 'pushed',
    summary: /pushed 1 commit to main$/,
    text: /fake-user pushed 1 commit to main$/,
  },
  {
    wave: 3,
    event: 'pulls',
    action: 'merged',
    summary: /merged merge request #1 Draft: New parser$/,
    text: /fake-user merged merge request !1 Draft: New parser$/,
  },
  {
    wave: 3,
    event: 'pipelines',
    action: 'success',
    summary: /^Pipeline success on main$/,
    text: /Pipeline is fixed on main$/,
  },
  {
    wave: 3,
    event: 'branches',
    action: 'deleted',
    summary: /deleted branch feature\/y$/,
    text: /fake-user deleted branch feature\/y$/,
    unlinked: true,
  },
];
