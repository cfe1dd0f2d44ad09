import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_GITHUB_TOKEN, type GitHubFake, startGitHubFake } from '../fakes/github/index.js';
import { type SlackFake, startSlackFake } from '../fakes/slack/index.js';
import { validateAgainstGitHub } from '../fakes/github/public-graphql-schema.js';
import { type EngineHarness, startEngine } from '../support/engine-harness.js';
import { until } from '../support/wait-until.js';
import { waitPastSubscriptionStart } from '../support/world.js';

/**
 * `/forgebell todo` end to end (docs/cli-and-config.md §5): the slash command through Socket Mode (the official client
 * in the engine, the Slack fake's envelopes), the review queue read from the GitHub fake over GraphQL, the answer
 * through `response_url`, seen only by the caller. After the first read, events keep the queue current: only what
 * changed is read again.
 */

const REPO = 'octo-org/hello-world';
const OTHER = 'octo-org/tools';
const ALICE = 'U0ALICE001';
const BOB = 'U0BOB00001';
const STRANGER = 'U0NOBODY01';

describe('/forgebell todo', () => {
  let slack: SlackFake;
  let github: GitHubFake;
  let h: EngineHarness;
  afterEach(async () => {
    await h?.stop();
    await Promise.all([slack?.close(), github?.close()]);
  });

  async function setup(): Promise<void> {
    slack = await startSlackFake({ ackTimeoutMs: 3000 });
    github = await startGitHubFake({ pollIntervalSeconds: 1 });
    for (const repo of [REPO, OTHER]) github.createRepo(repo);
    for (const login of ['alice', 'bob', 'carol']) github.world.user(login);
    h = await startEngine({
      version: 1,
      pollIntervalSeconds: 1,
      slack: { botToken: slack.botToken, appToken: slack.appToken, apiUrl: slack.apiUrl, defaultChannel: 'general' },
      accounts: [{ id: 'github', forge: 'github', apiUrl: github.apiUrl, token: DEFAULT_GITHUB_TOKEN }],
      subscriptions: [
        { account: 'github', repo: REPO, events: ['issues'] },
        { account: 'github', repo: OTHER, events: ['releases'] },
      ],
      people: [
        { slack: ALICE, accounts: { github: 'alice' } },
        { slack: BOB, accounts: { github: 'bob' } },
      ],
    });
    await until(() => h.engine.status().slack.socket === 'connected', 'socket connected');
    // The first poll sets each feed's position: what happens after it is news (the control issue below), what
    // happened before is history. Waiting for it keeps a fast run from taking the control issue for history.
    await until(() => h.engine.status().accounts.every((a) => a.lastPollAt !== null), 'the first poll');
    await waitPastSubscriptionStart();
  }

  async function todo(user: string): Promise<string> {
    const before = slack.responses.length;
    const reply = await slack.sendSlashCommand({ text: 'todo', user_id: user, channel_id: 'C0GENERAL1' });
    expect(reply.timedOut).toBe(false);
    expect(JSON.stringify(reply.ackPayload)).toMatch(/Looking at your review queue/);
    await until(() => slack.responses.length === before + 1, 'the todo answer');
    const answer = slack.responses[before];
    expect(answer?.body).toMatchObject({ response_type: 'ephemeral' });
    return JSON.stringify(answer?.body);
  }

  it('lists reviews asked of the caller (directly and through a team), their own pulls with state, their issues', async () => {
    await setup();
    github.setTeam('octo-org', 'core', ['alice', 'dave']);
    const direct = github.openPull(REPO, { title: 'Direct ask', head: 'a', actor: 'carol', reviewers: ['alice'] });
    github.openPull(OTHER, { title: 'Team ask', head: 'b', actor: 'carol', teams: ['core'] });
    github.openPull(REPO, { title: 'Not for alice', head: 'c', actor: 'carol', reviewers: ['bob'] });
    const own = github.openPull(REPO, { title: 'Alice work', head: 'd', actor: 'alice', reviewers: ['bob'] });
    github.review(REPO, own.number, { state: 'approved', actor: 'bob' });
    const blocked = github.openPull(OTHER, { title: 'Alice blocked', head: 'e', actor: 'alice' });
    github.review(OTHER, blocked.number, { state: 'changes_requested', actor: 'carol' });
    const issue = github.openIssue(REPO, { title: 'Alice issue', actor: 'carol' });
    github.assign(REPO, issue.number, ['alice']);

    const text = await todo(ALICE);
    expect(text).toContain('Reviews requested from you* (2)');
    expect(text).toContain('Direct ask');
    expect(text).toMatch(/Team ask[^"]*via @octo-org\/core/);
    expect(text).not.toContain('Not for alice');
    expect(text).toContain('Your open pull/merge requests* (2)');
    expect(text).toMatch(/Alice work[^"]*approved/);
    expect(text).toMatch(/Alice blocked[^"]*changes requested/);
    expect(text).toContain('Issues assigned to you* (1)');
    expect(text).toContain('Alice issue');
    // bob is asked about "Not for alice"; his list names the author plainly (carol is not a person).
    expect(await todo(BOB)).toMatch(/Not for alice[^"]*by carol/);
    // Only alice saw her list: nothing was posted in a channel.
    expect(slack.messagesIn('general').filter((m) => !m.text.startsWith(`[${REPO}]`))).toEqual([]);
    for (const query of github.graphqlQueries) expect(validateAgainstGitHub(query)).toEqual([]);

    // An event keeps the queue current: merging the direct ask re-reads that one item, not the repositories.
    const queueReads = () => github.graphqlQueries.filter((q) => q.includes('ForgebellQueue(')).length;
    const itemReads = () => github.graphqlQueries.filter((q) => q.includes('ForgebellQueueItems')).length;
    const fullReads = queueReads();
    github.mergePull(REPO, direct.number, { actor: 'carol' });
    github.openIssue(REPO, { title: 'Control', actor: 'carol' });
    await until(
      () => slack.messagesIn('general').some((m) => m.text.includes('Control')),
      'the control issue (the poll ran)',
    );
    const after = await todo(ALICE);
    expect(after).not.toContain('Direct ask');
    expect(after).toContain('Reviews requested from you* (1)');
    expect(queueReads()).toBe(fullReads);
    // The merged item was read again on its own (twice when the merge's events came in two polls on a loaded machine,
    // each marking it dirty again); what must not happen is a new read of the repositories, checked just above.
    expect(itemReads()).toBeGreaterThanOrEqual(1);
  });

  it('the owner’s "For you" count (tray and feed) is what waits for them in the queue', async () => {
    await setup();
    github.openPull(REPO, { title: 'Asks alice', head: 'a', actor: 'carol', reviewers: ['alice'] });
    github.openPull(REPO, { title: 'Alice own', head: 'b', actor: 'alice' });
    github.openPull(REPO, { title: 'Not hers', head: 'c', actor: 'carol', reviewers: ['bob'] });
    await h.engine.handlers['people.setOwner']({ slack: ALICE });
    await until(() => h.engine.status().forYou === 2, 'the count from the queue');
    await h.engine.handlers['people.setOwner']({ slack: BOB });
    await until(() => h.engine.status().forYou === 1, "bob's count");
  });

  it('GitHub without GraphQL: the list comes over REST and Diagnostics says so for that account', async () => {
    await setup();
    github.openPull(REPO, { title: 'Direct ask', head: 'a', actor: 'carol', reviewers: ['alice'] });
    expect(h.engine.status().accounts[0]?.reading ?? '').not.toMatch(/review queue/);
    // A GitHub Enterprise Server with GraphQL switched off: every GraphQL request is a 404.
    github.failNext(/graphql$/, { status: 404, times: 1000 });
    const text = await todo(ALICE);
    expect(text).toContain('Reviews requested from you* (1)');
    expect(text).toContain('Direct ask');
    expect(h.engine.status().accounts[0]?.reading).toMatch(
      /review queue read over REST, slower \(GraphQL refused: .*; next try \d\d:\d\d UTC\)/,
    );
  });

  it('someone who is not a person is told how to link themselves', async () => {
    await setup();
    expect(await todo(STRANGER)).toMatch(/not linked to a forge login yet.*signin/);
  });
});
