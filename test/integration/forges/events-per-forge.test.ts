import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedItem } from '../../../electron/contract/schemas.js';
import type { EventName } from '../../../electron/contract/vocabulary/event-names.js';
import { DEFAULT_GITHUB_TOKEN, type GitHubFake, startGitHubFake } from '../../fakes/github/index.js';
import { type GitLabFake, startGitLabFake } from '../../fakes/gitlab/index.js';
import { type MessageRecord, type SlackFake, startSlackFake } from '../../fakes/slack/index.js';
import { type EngineHarness, startEngine } from '../../support/engine-harness.js';
import { type EventCase, GITHUB_CASES, GITHUB_EVENTS, GITLAB_CASES, GITLAB_EVENTS } from './event-cases.js';
import { sleep, until } from '../../support/wait-until.js';

/**
 * Every spec event name on GitHub and GitLab, end to end through one real engine: actions on the fakes, polling,
 * filters, the outbox and the Slack fake. Per forge three subscriptions watch the same repository:
 *   all      every event, every branch, drafts, all pipelines; each event posts to its own channel (<p>-all-<event>)
 *   filtered every non-confidential event, default branch only, label "bug" required, no drafts, only broken pipelines
 *   none     no events: every event must show up in its feed as filtered with "<event> are off for <repo>"
 * plus a GitHub Enterprise Server account (API under /api/v3).
 */

const GH_REPO = 'octo-org/hello-world';
const GL_REPO = 'acme/platform/api';
const GHES_REPO = 'enterprise/app';
const BUG_ONLY = { include: ['bug'], exclude: [], match: 'any' as const };

const channelOf = (prefix: string, event: EventName): string => `${prefix}-${event.replace('_', '-')}`;
const perEventChannels = (prefix: string, events: readonly EventName[]): Record<string, string> =>
  Object.fromEntries(events.map((e) => [e, channelOf(prefix, e)]));

let slack: SlackFake;
let github: GitHubFake;
let ghes: GitHubFake;
let gitlab: GitLabFake;
let h: EngineHarness;
/** Shifts the GitLab fake's clock: GitLab records a reopen as "opened", recognisable only by its distance to the creation. */
let gitlabOffsetMs = 0;

const subId = (account: string, channel: string): string => {
  const sub = h.saved().subscriptions.find((s) => s.account === account && s.channel === channel);
  if (!sub) throw new Error(`no subscription ${account} → #${channel}`);
  return sub.id;
};
/** The events one subscription saw, each with that subscription's destination's fate and reason. */
type SubscriptionFeedItem = FeedItem & { reason: string | null; target: string | null };
const feedOf = (subscriptionId: string): SubscriptionFeedItem[] =>
  h.state.feed
    .page({ limit: 1000 })
    .items.flatMap((i) =>
      i.destinations
        .filter((d) => d.subscriptionId === subscriptionId)
        .map((d) => ({ ...i, fate: d.fate, reason: d.reason, target: d.target })),
    )
    .sort((a, b) => a.id - b.id);
const upToWave = (cases: EventCase[], wave: number): number => cases.filter((c) => c.wave <= wave).length;

async function waitForWave(wave: number): Promise<void> {
  const gh = subId('github', 'gh-none');
  const gl = subId('gitlab', 'gl-none');
  await until(
    () => feedOf(gh).length >= upToWave(GITHUB_CASES, wave) && feedOf(gl).length >= upToWave(GITLAB_CASES, wave),
    () =>
      `wave ${wave}: GitHub ${feedOf(gh).length}/${upToWave(GITHUB_CASES, wave)}, GitLab ${feedOf(gl).length}/${upToWave(GITLAB_CASES, wave)} events in the feed`,
  );
}

function expectedMessages(): number {
  const delivered = (cases: EventCase[]): number => cases.length + cases.filter((c) => !c.filtered).length;
  return delivered(GITHUB_CASES) + delivered(GITLAB_CASES) + 2;
}

beforeAll(async () => {
  slack = await startSlackFake();
  [github, ghes, gitlab] = await Promise.all([
    startGitHubFake({ pollIntervalSeconds: 1 }),
    startGitHubFake({ pollIntervalSeconds: 1, prefix: '/api/v3' }),
    startGitLabFake({ now: () => Date.now() + gitlabOffsetMs }),
  ]);
  github.createRepo(GH_REPO);
  ghes.createRepo(GHES_REPO);
  gitlab.createProject(GL_REPO);
  const channels = [
    ...['gh-all', 'gh-filt', 'gh-none', 'gl-all', 'gl-filt', 'gl-none', 'ghes'],
    ...Object.values(perEventChannels('gh-all', GITHUB_EVENTS)),
    ...Object.values(perEventChannels('gh-filt', GITHUB_EVENTS)),
    ...Object.values(perEventChannels('gl-all', GITLAB_EVENTS)),
    ...Object.values(perEventChannels('gl-filt', GITLAB_EVENTS)),
  ];
  for (const name of channels) slack.addChannel(name, { is_member: true });
  const nonConfidential = GITLAB_EVENTS.filter((e) => !e.startsWith('confidential_'));
  h = await startEngine({
    version: 1,
    pollIntervalSeconds: 1,
    slack: { botToken: slack.botToken, apiUrl: slack.apiUrl, defaultChannel: 'general' },
    accounts: [
      { id: 'github', forge: 'github', apiUrl: github.apiUrl, token: DEFAULT_GITHUB_TOKEN },
      { id: 'ghes', forge: 'github', apiUrl: ghes.apiUrl, token: DEFAULT_GITHUB_TOKEN },
      { id: 'gitlab', forge: 'gitlab', apiUrl: gitlab.apiUrl, token: gitlab.token },
    ],
    subscriptions: [
      {
        account: 'github',
        repo: GH_REPO,
        channel: 'gh-all',
        channels: perEventChannels('gh-all', GITHUB_EVENTS),
        events: [...GITHUB_EVENTS],
        branches: 'all',
        onlyBrokenPipelines: false,
        drafts: true,
        threads: false,
      },
      {
        account: 'github',
        repo: GH_REPO,
        channel: 'gh-filt',
        channels: perEventChannels('gh-filt', GITHUB_EVENTS),
        events: [...GITHUB_EVENTS],
        branches: 'default',
        labels: BUG_ONLY,
        threads: false,
      },
      { account: 'github', repo: GH_REPO, channel: 'gh-none', events: [], threads: false },
      { account: 'ghes', repo: GHES_REPO, channel: 'ghes', events: ['commits', 'issues'], threads: false },
      {
        account: 'gitlab',
        repo: GL_REPO,
        channel: 'gl-all',
        channels: perEventChannels('gl-all', GITLAB_EVENTS),
        events: [...GITLAB_EVENTS],
        branches: 'all',
        onlyBrokenPipelines: false,
        drafts: true,
        threads: false,
      },
      {
        account: 'gitlab',
        repo: GL_REPO,
        channel: 'gl-filt',
        channels: perEventChannels('gl-filt', nonConfidential),
        events: nonConfidential,
        branches: 'default',
        labels: BUG_ONLY,
        threads: false,
      },
      { account: 'gitlab', repo: GL_REPO, channel: 'gl-none', events: [], threads: false },
    ],
  });
  // The first poll baselines every repository; only what happens after it is news.
  await sleep(1200);

  // Wave 1: something of every kind.
  const pushed = github.push(GH_REPO, 'main', ['Fix the flux capacitor']);
  github.createBranch(GH_REPO, 'feature/x');
  github.push(GH_REPO, 'feature/x', ['Work in progress']);
  github.createTag(GH_REPO, 'v0.9');
  const ghBug = github.openIssue(GH_REPO, { title: 'Login fails on Safari', labels: ['bug'] });
  github.openIssue(GH_REPO, { title: 'Unlabelled chore' });
  const ghDraft = github.openPull(GH_REPO, { title: 'New parser', head: 'feature/x', draft: true, labels: ['bug'] });
  const ghPull = github.openPull(GH_REPO, { title: 'Refactor config', head: 'feature/x', labels: ['bug'] });
  github.publishRelease(GH_REPO, { tag: 'v0.9', name: 'Version 0.9' });
  github.editWiki(GH_REPO, ['Home']);
  const discussion = github.startDiscussion(GH_REPO, { title: 'Roadmap ideas' });
  github.workflowRun(GH_REPO, { branch: 'main', conclusion: 'success', name: 'Lint' });
  github.deploy(GH_REPO, { environment: 'production', ref: 'main', state: 'success' });
  github.deploy(GH_REPO, { environment: 'staging', ref: 'feature/x', state: 'success' });
  github.comment(GH_REPO, { issue: ghBug.number }, 'Can reproduce');
  github.comment(GH_REPO, { commit: pushed.head }, 'Nice commit');

  ghes.push(GHES_REPO, 'main', ['Enterprise change']);
  ghes.openIssue(GHES_REPO, { title: 'GHES issue' });

  gitlab.push(GL_REPO, { branch: 'main', commits: ['Tune the cache', 'Tidy up'] });
  gitlab.createBranch(GL_REPO, 'feature/y');
  gitlab.push(GL_REPO, { branch: 'feature/y', commits: ['Work in progress'] });
  gitlab.createTag(GL_REPO, 'v2.0');
  const glBug = gitlab.openIssue(GL_REPO, { title: 'Crash on start', labels: ['bug'] });
  gitlab.openIssue(GL_REPO, { title: 'Unlabelled chore' });
  gitlab.openIssue(GL_REPO, { title: 'Secret leak', labels: ['bug'], confidential: true });
  const glDraft = gitlab.openMergeRequest(GL_REPO, {
    title: 'New parser',
    sourceBranch: 'feature/y',
    draft: true,
    labels: ['bug'],
  });
  const glMr = gitlab.openMergeRequest(GL_REPO, { title: 'Cache tweaks', sourceBranch: 'feature/y', labels: ['bug'] });
  gitlab.comment(GL_REPO, { issue: glBug.iid, body: 'Seen it too' });
  gitlab.comment(GL_REPO, { issue: glBug.iid, body: 'Internal note', internal: true });
  gitlab.editWiki(GL_REPO, { title: 'Home', content: 'Welcome' });
  gitlab.publishRelease(GL_REPO, { tag: 'v2.0', name: 'Version 2.0' });
  gitlab.runPipeline(GL_REPO, { ref: 'main', status: 'success' });
  gitlab.deploy(GL_REPO, { environment: 'production', ref: 'main', status: 'success' });
  gitlab.deploy(GL_REPO, { environment: 'review', ref: 'feature/y', status: 'success' });
  await waitForWave(1);

  // Wave 2: follow-ups whose hydration must see the state after wave 1 (ready for review, approvals, failures).
  github.markReady(GH_REPO, ghDraft.number);
  github.review(GH_REPO, ghDraft.number, { state: 'approved', body: 'LGTM' });
  github.comment(GH_REPO, { pull: ghDraft.number, path: 'src/parser.ts', line: 3 }, 'Nit: naming');
  github.closeIssue(GH_REPO, ghBug.number);
  github.closePull(GH_REPO, ghPull.number);
  github.workflowRun(GH_REPO, { branch: 'main', conclusion: 'failure', name: 'CI', jobs: [{ name: 'unit tests' }] });
  github.workflowRun(GH_REPO, { branch: 'feature/x', conclusion: 'failure', name: 'CI' });
  github.comment(GH_REPO, { discussion: discussion.number }, 'Ship it');

  gitlab.approve(GL_REPO, glMr.iid, { author: 'reviewer' });
  gitlab.closeIssue(GL_REPO, glBug.iid);
  gitlab.closeMergeRequest(GL_REPO, glMr.iid);
  gitlab.runPipeline(GL_REPO, {
    ref: 'main',
    status: 'failed',
    jobs: [{ name: 'rspec', stage: 'test', status: 'failed' }],
  });
  gitlab.runPipeline(GL_REPO, { ref: 'feature/y', status: 'failed' });
  gitlab.comment(GL_REPO, { mergeRequest: glMr.iid, body: 'Looks fine' });
  await waitForWave(2);

  // Wave 3: reopen, merge, green again ("fixed"), branch deleted.
  gitlabOffsetMs = 120_000;
  github.reopenIssue(GH_REPO, ghBug.number);
  github.reopenIssue(GH_REPO, ghPull.number);
  github.mergePull(GH_REPO, ghDraft.number);
  github.workflowRun(GH_REPO, { branch: 'main', conclusion: 'success', name: 'CI' });
  github.deleteBranch(GH_REPO, 'feature/x');

  gitlab.reopenIssue(GL_REPO, glBug.iid);
  gitlab.reopenMergeRequest(GL_REPO, glMr.iid);
  gitlab.mergeMergeRequest(GL_REPO, glDraft.iid);
  gitlab.runPipeline(GL_REPO, { ref: 'main', status: 'success' });
  gitlab.deleteBranch(GL_REPO, 'feature/y');
  await waitForWave(3);

  await until(
    () => slack.messages.length >= expectedMessages(),
    () => `${expectedMessages()} Slack messages (have ${slack.messages.length})`,
  );
  // Anything extra (a duplicate, an unexpected event) would arrive within a poll or two.
  await sleep(1500);
}, 60_000);

afterAll(async () => {
  await h?.stop();
  await Promise.all([slack?.close(), github?.close(), ghes?.close(), gitlab?.close()]);
});

/** Each case in order takes the first unclaimed feed item of its event, action and summary. */
function matchFeed(items: SubscriptionFeedItem[], cases: EventCase[]): Map<EventCase, SubscriptionFeedItem> {
  const left = [...items];
  const out = new Map<EventCase, SubscriptionFeedItem>();
  for (const c of cases) {
    const index = left.findIndex((i) => i.event === c.event && i.action === c.action && c.summary.test(i.summary));
    if (index < 0)
      throw new Error(
        `no feed item for ${c.event}/${c.action} ${c.summary} among: ${left.map((i) => `${i.event}/${i.action} "${i.summary}"`).join('; ')}`,
      );
    out.set(c, left.splice(index, 1)[0] as SubscriptionFeedItem);
  }
  expect(
    left.map((i) => `${i.event}/${i.action} ${i.summary}`),
    'feed items no case expects',
  ).toEqual([]);
  return out;
}

/** For a delivering subscription: one feed item per case with the right fate, and exactly one matching message per delivered case. */
function verifyDelivering(
  account: string,
  prefix: string,
  repoUrl: string,
  cases: EventCase[],
  filteredSub: boolean,
): void {
  const items = matchFeed(feedOf(subId(account, prefix)), cases);
  const claimed = new Set<MessageRecord>();
  const expectedPerChannel = new Map<string, number>();
  for (const c of cases) {
    const item = items.get(c) as SubscriptionFeedItem;
    const reason = filteredSub ? c.filtered : undefined;
    if (reason) {
      expect(item, `${c.event}/${c.action} ${c.summary}`).toMatchObject({
        fate: 'filtered',
        reason: expect.stringMatching(reason),
        // Where it would have gone: the subscription's channel for this event.
        target: expect.stringMatching(new RegExp(`^${prefix}-`)),
      });
      continue;
    }
    const channel = channelOf(prefix, c.event);
    expect(item, `${c.event}/${c.action} ${c.summary}`).toMatchObject({ fate: 'delivered', reason: null });
    expectedPerChannel.set(channel, (expectedPerChannel.get(channel) ?? 0) + 1);
    const message = slack.messagesIn(channel).find((m) => !claimed.has(m) && c.text.test(m.text));
    expect(
      message,
      `#${channel}: a message matching ${c.text}; have ${JSON.stringify(slack.messagesIn(channel).map((m) => m.text))}`,
    ).toBeDefined();
    claimed.add(message as MessageRecord);
    // The card links to what happened (the branch in a tree link may be left unescaped), and to the repository.
    const blocks = decodeURIComponent(JSON.stringify(message?.blocks));
    expect(blocks).toContain(c.unlinked ? `<${repoUrl}|` : decodeURIComponent(item.url));
  }
  for (const [channel, count] of expectedPerChannel) {
    expect(
      slack.messagesIn(channel).map((m) => m.text),
      `#${channel} has exactly the expected messages`,
    ).toHaveLength(count);
  }
  expect(slack.messagesIn(prefix), `#${prefix} itself gets nothing: every event has its own channel`).toHaveLength(0);
}

function verifyNone(account: string, channel: string, repo: string, cases: EventCase[]): void {
  const items = matchFeed(feedOf(subId(account, channel)), cases);
  for (const c of cases) {
    expect(items.get(c), `${c.event}/${c.action} ${c.summary}`).toMatchObject({
      fate: 'filtered',
      reason: `${c.event.replace('_', ' ')} are off for ${repo}`,
    });
  }
  expect(slack.messagesIn(channel)).toHaveLength(0);
}

describe('every event name, end to end through the engine', () => {
  it('covers every spec event name the forge has', () => {
    expect(new Set(GITHUB_CASES.map((c) => c.event))).toEqual(new Set(GITHUB_EVENTS));
    expect(new Set(GITLAB_CASES.map((c) => c.event))).toEqual(new Set(GITLAB_EVENTS));
  });

  it('GitHub: each enabled event posts exactly one message with the right content', () => {
    verifyDelivering('github', 'gh-all', `${github.webUrl}/${GH_REPO}`, GITHUB_CASES, false);
  });

  it('GitHub: branches, labels, drafts and onlyBrokenPipelines filter with a reason; "fixed" gets through', () => {
    verifyDelivering('github', 'gh-filt', `${github.webUrl}/${GH_REPO}`, GITHUB_CASES, true);
  });

  it('GitHub: events that are off post nothing and are filtered in the feed', () => {
    verifyNone('github', 'gh-none', GH_REPO, GITHUB_CASES);
  });

  it('GitLab (subgroup project): each enabled event posts exactly one message with the right content', () => {
    verifyDelivering('gitlab', 'gl-all', `${gitlab.url}/${GL_REPO}`, GITLAB_CASES, false);
    const issue = slack.messagesIn(channelOf('gl-all', 'issues'))[0];
    expect(JSON.stringify(issue?.blocks)).toContain(`${gitlab.url}/acme/platform/api/-/issues/1`);
  });

  it('GitLab: branches, labels, drafts, confidential and onlyBrokenPipelines filter with a reason', () => {
    verifyDelivering('gitlab', 'gl-filt', `${gitlab.url}/${GL_REPO}`, GITLAB_CASES, true);
  });

  it('GitLab: events that are off post nothing and are filtered in the feed', () => {
    verifyNone('gitlab', 'gl-none', GL_REPO, GITLAB_CASES);
  });

  it('GitHub Enterprise Server: polls under /api/v3 and links to the GHES host', () => {
    const texts = slack.messagesIn('ghes').map((m) => m.text);
    expect(texts).toHaveLength(2);
    expect(texts).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^\[enterprise\/app\] octocat pushed 1 commit to main$/),
        expect.stringMatching(/^\[enterprise\/app\] octocat opened issue #1 GHES issue$/),
      ]),
    );
    const issue = slack.messagesIn('ghes').find((m) => m.text.includes('GHES issue'));
    expect(JSON.stringify(issue?.blocks)).toContain(`${ghes.webUrl}/enterprise/app/issues/1`);
    expect(ghes.stats.byPath['/api/v3/repos/enterprise/app/events']).toBeGreaterThan(1);
    expect(Object.keys(ghes.stats.byPath).every((p) => p.startsWith('/api/v3/'))).toBe(true);
  });

  it('nothing went to the default channel and every account is healthy', () => {
    expect(slack.messagesIn('general')).toHaveLength(0);
    expect(slack.messages).toHaveLength(expectedMessages());
    expect(h.engine.status().accounts.map((a) => [a.id, a.state, a.error])).toEqual([
      ['github', 'ok', null],
      ['ghes', 'ok', null],
      ['gitlab', 'ok', null],
    ]);
  });
});
