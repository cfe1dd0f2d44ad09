import { afterEach, describe, expect, it } from 'vitest';
import type { ConfigFileInput } from '../../electron/core/settings/config-schema.js';
import { DEFAULT_GITHUB_TOKEN, type GitHubFake, startGitHubFake } from '../fakes/github/index.js';
import { type GitLabFake, startGitLabFake } from '../fakes/gitlab/index.js';
import { type SlackFake, startSlackFake } from '../fakes/slack/index.js';
import { type EngineHarness, startEngine } from '../support/engine-harness.js';
import { sleep, until } from '../support/wait-until.js';

/**
 * Personal DMs end to end: forge activity on the GitHub fake → the engine's poll, ingest and delivery → DMs in people's
 * IM channels on the Slack fake; Slack mentions on channel cards; refused DMs; the inbox of a signed-in person.
 */

const REPO = 'octo-org/hello-world';
const ALICE = 'U0ALICE001';
const BOB = 'U0BOB00001';
const BOB_TOKEN = 'ghp_bobsOwnClassicToken000000000000000000';

describe('personal notifications', () => {
  let slack: SlackFake;
  let github: GitHubFake;
  let h: EngineHarness;
  afterEach(async () => {
    await h?.stop();
    await Promise.all([slack?.close(), github?.close()]);
  });

  async function setup(
    options: {
      people?: ConfigFileInput['people'];
      subscriptions?: ConfigFileInput['subscriptions'];
      /** bob's own token, as the fake knows it (`null` scopes: fine-grained). */
      bobToken?: string[] | null;
    } = {},
  ): Promise<void> {
    slack = await startSlackFake();
    github = await startGitHubFake({ pollIntervalSeconds: 1 });
    if (options.bobToken !== undefined) github.addToken(BOB_TOKEN, { login: 'bob', scopes: options.bobToken });
    github.createRepo(REPO);
    github.createRepo('octo-org/elsewhere');
    for (const login of ['alice', 'bob', 'carol']) github.world.user(login);
    h = await startEngine({
      version: 1,
      pollIntervalSeconds: 1,
      slack: { botToken: slack.botToken, apiUrl: slack.apiUrl, defaultChannel: 'general' },
      accounts: [{ id: 'github', forge: 'github', apiUrl: github.apiUrl, token: DEFAULT_GITHUB_TOKEN }],
      subscriptions: options.subscriptions ?? [{ account: 'github', repo: REPO, events: ['issues'] }],
      people: options.people ?? [
        { slack: ALICE, accounts: { github: 'alice' } },
        { slack: BOB, accounts: { github: 'bob' } },
      ],
    });
    await sleep(1200);
  }

  const dmText = (user: string): string => JSON.stringify(slack.dmsTo(user));

  it('review requests, assignments, mentions and reviews DM the people concerned — never for their own action', async () => {
    await setup();
    // Pull requests are not posted to the channel (the subscription wants issues only), yet read for people.
    const pull = github.openPull(REPO, { title: 'Faster cache', head: 'cache', actor: 'carol', reviewers: ['alice'] });
    await until(() => slack.dmsTo(ALICE).length === 1, "alice's review request");
    expect(slack.dmsTo(ALICE)[0]?.text).toMatch(/^You were asked to review: octo-org\/hello-world #1 Faster cache/);
    expect(dmText(ALICE)).toContain('reviewers <@U0ALICE001>');
    // Control: the channel still hears issues, which proves the poll ran; bob got nothing.
    github.openIssue(REPO, { title: 'Control issue', actor: 'carol', body: 'cc @bob' });
    await until(() => slack.messagesIn('general').length === 1, 'the control issue in the channel');
    await until(() => slack.dmsTo(BOB).length === 1, "bob's mention");
    expect(slack.dmsTo(BOB)[0]?.text).toMatch(/^You were mentioned: .*Control issue/);

    // bob requests his own review and alice's: alice is told, bob is not (his own action).
    github.requestReview(REPO, pull.number, { reviewers: ['bob'], actor: 'bob' });
    github.assign(REPO, pull.number, ['bob'], { actor: 'alice' });
    await until(() => slack.dmsTo(BOB).length === 2, "bob's assignment");
    expect(slack.dmsTo(BOB)[1]?.text).toMatch(/^You were assigned/);
    // alice reviews carol's PR: carol is nobody; bob merges: carol is nobody either; alice's own PR reviewed by bob.
    const own = github.openPull(REPO, {
      title: "Alice's work",
      head: 'alice-work',
      actor: 'alice',
      reviewers: ['bob'],
    });
    await until(() => slack.dmsTo(BOB).length === 3, "bob's review request");
    github.review(REPO, own.number, { state: 'approved', actor: 'bob', body: 'LGTM' });
    github.mergePull(REPO, own.number, { actor: 'bob' });
    await until(() => slack.dmsTo(ALICE).length === 3, "alice's reviewed and merged DMs");
    expect(slack.dmsTo(ALICE).map((m) => m.text.split(':')[0])).toEqual([
      'You were asked to review',
      'Your pull/merge request was reviewed',
      'Your pull/merge request was merged or closed',
    ]);
    await sleep(2500);
    expect(slack.dmsTo(ALICE)).toHaveLength(3);
    expect(slack.dmsTo(BOB)).toHaveLength(3);
    // Review requests are never posted to the channel; the feed shows them filtered for it, and the DMs.
    expect(JSON.stringify(slack.messagesIn('general'))).not.toMatch(/Faster cache/);
    const feed = h.engine.handlers['feed.page']({ limit: 100 });
    const items = (await feed).items;
    // Each DM is a destination of its event's row, with its own fate.
    const toAlice = items.flatMap((i) => i.destinations.filter((d) => d.kind === 'dm' && d.target === ALICE));
    expect(toAlice.map((d) => d.fate)).toEqual(['delivered', 'delivered', 'delivered']);
  });

  it('channel cards name people as Slack mentions, unless the subscription says mentions: false', async () => {
    await setup({
      subscriptions: [
        { account: 'github', repo: REPO, events: ['issues', 'pulls'] },
        { account: 'github', repo: 'octo-org/elsewhere', events: ['pulls'], mentions: false },
      ],
    });
    github.openPull(REPO, { title: 'Mentioned', head: 'm', actor: 'carol', reviewers: ['alice', 'carol'] });
    github.openPull('octo-org/elsewhere', { title: 'Plain', head: 'p', actor: 'carol', reviewers: ['alice'] });
    await until(() => slack.messagesIn('general').length === 2, 'both cards');
    const [mentioned, plain] = ['Mentioned', 'Plain'].map((t) =>
      JSON.stringify(slack.messagesIn('general').find((m) => m.text.includes(t))?.blocks),
    );
    expect(mentioned).toContain('reviewers <@U0ALICE001>, carol');
    expect(plain).toContain('reviewers alice');
    expect(plain).not.toContain('<@');
  });

  it('a DM Slack refuses marks its person, is not retried, and holds up nothing else', async () => {
    await setup();
    slack.refuseDms(BOB, 'user_disabled');
    github.openPull(REPO, { title: 'Two reviewers', head: 'two', actor: 'carol', reviewers: ['bob', 'alice'] });
    github.openIssue(REPO, { title: 'Still posted', actor: 'carol' });
    await until(() => slack.dmsTo(ALICE).length === 1 && slack.messagesIn('general').length === 1, 'the others');
    await until(() => h.engine.status().people?.problems === 1, 'bob marked');
    const { people } = await h.engine.handlers['people.list']({});
    expect(people.find((p) => p.slack === BOB)?.dmProblem).toMatch(/user_disabled.*deactivated/);
    expect(h.engine.status().slack.error).toBeNull();
    const attempts = slack.calledMethods('chat.postMessage').filter((c) => c.params.channel === BOB).length;
    await sleep(2500);
    expect(slack.calledMethods('chat.postMessage').filter((c) => c.params.channel === BOB)).toHaveLength(attempts);
    // Fixing the person on the People screen clears the mark; the next DM gets through.
    slack.refuseDms(BOB, null);
    await h.engine.handlers['people.save']({
      slack: BOB,
      accounts: { github: 'bob' },
      notify: ['review_requested'],
      timeZone: 'UTC',
      quietHours: null,
    });
    expect(h.engine.status().people?.problems).toBe(0);
  });

  it("a signed-in person's inbox: repositories nobody subscribed count; one DM whichever source saw it first", async () => {
    await setup({
      people: [{ slack: BOB, accounts: { github: 'bob' }, tokens: { github: BOB_TOKEN } }],
      bobToken: ['repo'],
    });
    await until(() => github.stats.byPath['/notifications'] !== undefined, 'the first inbox read');
    const pull = github.openPull('octo-org/elsewhere', { title: 'Unsubscribed', head: 'u', actor: 'carol' });
    github.requestReview('octo-org/elsewhere', pull.number, { reviewers: ['bob'], actor: 'carol' });
    await until(() => slack.dmsTo(BOB).length === 1, 'the DM from the inbox');
    expect(slack.dmsTo(BOB)[0]?.text).toMatch(/^You were asked to review: octo-org\/elsewhere #1 Unsubscribed/);
    expect(dmText(BOB)).toContain('from your forge inbox');
    // In the subscribed repository both sources see the same request: one DM.
    github.openPull(REPO, { title: 'Both sources', head: 'b', actor: 'carol', reviewers: ['bob'] });
    await until(() => slack.dmsTo(BOB).length === 2, 'the second DM');
    await sleep(3000);
    expect(slack.dmsTo(BOB)).toHaveLength(2);
    // An idle inbox costs nothing: If-Modified-Since answers 304.
    const before = { ...github.stats };
    await sleep(2500);
    const reads = github.stats.byPath['/notifications'] ?? 0;
    expect(reads).toBeGreaterThan(2);
    expect(github.stats.notModified).toBeGreaterThan(before.notModified);
  });

  it('a revoked personal token: the inbox stops, the token is forgotten, one DM asks to sign in again', async () => {
    await setup({
      people: [{ slack: BOB, accounts: { github: 'bob' }, tokens: { github: BOB_TOKEN } }],
      bobToken: ['repo'],
    });
    await until(() => github.stats.byPath['/notifications'] !== undefined, 'the first inbox read');
    github.revokeToken(BOB_TOKEN);
    await until(() => slack.dmsTo(BOB).length === 1, 'the DM asking to sign in again');
    expect(slack.dmsTo(BOB)[0]?.text).toMatch(/no longer works.*\/forgebell signin github/);
    await until(() => h.saved().people[0]?.tokens.github === undefined, 'the token forgotten');
    const reads = github.stats.byPath['/notifications'];
    await sleep(2500);
    expect(github.stats.byPath['/notifications']).toBe(reads);
    expect(slack.dmsTo(BOB)).toHaveLength(1);
  });

  it('a fine-grained token cannot read GitHub notifications: said once, nothing crashes, events still DM', async () => {
    await setup({
      people: [{ slack: BOB, accounts: { github: 'bob' }, tokens: { github: BOB_TOKEN } }],
      bobToken: null,
    });
    await until(
      () => h.logs.some((l) => /does not let fine-grained tokens read notifications/.test(l.message)),
      'the explanation in the log',
    );
    const { people } = await h.engine.handlers['people.list']({});
    expect(people[0]?.accounts[0]?.inbox).toMatchObject({
      state: 'unavailable',
      message: expect.stringMatching(/fine-grained/),
    });
    github.openPull(REPO, { title: 'Via events', head: 'e', actor: 'carol', reviewers: ['bob'] });
    await until(() => slack.dmsTo(BOB).length === 1, 'the event-sourced DM');
    expect(h.logs.filter((l) => /fine-grained/.test(l.message))).toHaveLength(1);
  });
});

describe('personal notifications from GitLab', () => {
  let slack: SlackFake;
  let gitlab: GitLabFake;
  let h: EngineHarness;
  afterEach(async () => {
    await h?.stop();
    await Promise.all([slack?.close(), gitlab?.close()]);
  });

  it("merge request reviewers and assignees are DMed from events; a signed-in person's To-Do items from anywhere", async () => {
    slack = await startSlackFake();
    gitlab = await startGitLabFake();
    gitlab.createProject('group/app');
    gitlab.createProject('group/elsewhere');
    for (const user of ['alice.gl', 'bob.gl', 'carol.gl']) gitlab.store.user(user);
    gitlab.addToken('glpat-bobsown0000000000', 'bob.gl', ['read_api']);
    h = await startEngine({
      version: 1,
      pollIntervalSeconds: 1,
      slack: { botToken: slack.botToken, apiUrl: slack.apiUrl, defaultChannel: 'general' },
      accounts: [{ id: 'work', forge: 'gitlab', apiUrl: gitlab.apiUrl, token: gitlab.token }],
      subscriptions: [{ account: 'work', repo: 'group/app', events: ['issues'] }],
      people: [
        { slack: ALICE, accounts: { work: 'alice.gl' } },
        { slack: BOB, accounts: { work: 'bob.gl' }, tokens: { work: 'glpat-bobsown0000000000' } },
      ],
    });
    await sleep(1200);
    gitlab.openMergeRequest('group/app', {
      title: 'Tidy up',
      sourceBranch: 'main',
      author: 'carol.gl',
      reviewers: ['alice.gl'],
      assignees: ['alice.gl'],
    });
    await until(() => slack.dmsTo(ALICE).length === 2, "alice's review request and assignment", 20_000);
    expect(
      slack
        .dmsTo(ALICE)
        .map((m) => m.text.split(':')[0])
        .sort(),
    ).toEqual(['You were asked to review', 'You were assigned']);
    expect(slack.dmsTo(ALICE)[0]?.text).toContain('group/app !1 Tidy up');
    // bob's To-Do list: a mention in a project nobody subscribed.
    gitlab.openIssue('group/elsewhere', {
      title: 'Ping',
      author: 'carol.gl',
      description: 'what do you think, @bob.gl?',
    });
    await until(() => slack.dmsTo(BOB).length === 1, "bob's DM from his To-Do list", 20_000);
    expect(slack.dmsTo(BOB)[0]?.text).toMatch(/^You were mentioned: group\/elsewhere #1 Ping/);
    await sleep(2500);
    expect(slack.dmsTo(BOB)).toHaveLength(1);
    expect(slack.dmsTo(ALICE)).toHaveLength(2);
  });
});
