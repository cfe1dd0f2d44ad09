import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_GITHUB_TOKEN, type GitHubFake, startGitHubFake } from '../fakes/github/index.js';
import { type SlackFake, startSlackFake } from '../fakes/slack/index.js';
import { type EngineHarness, startEngine } from '../support/engine-harness.js';
import { sleep, until } from '../support/wait-until.js';

const REPO = 'octo-org/hello-world';

/**
 * Failures fixed in one place (#12.2) and a broken channel marking only its subscription (#12.5), through the real
 * engine against the Slack and GitHub fakes.
 */
describe('failed deliveries: grouped by cause, sent again when the cause is fixed', () => {
  let slack: SlackFake;
  let github: GitHubFake;
  let h: EngineHarness;
  afterEach(async () => {
    await h?.stop();
    await slack?.close();
    await github?.close();
  });

  async function setup(botToken: string | null, subscriptions: Record<string, unknown>[]): Promise<void> {
    slack = await startSlackFake();
    slack.addChannel('ci-alerts', { is_member: true });
    github = await startGitHubFake({ pollIntervalSeconds: 1 });
    github.createRepo(REPO);
    h = await startEngine({
      version: 1,
      pollIntervalSeconds: 1,
      slack: { botToken: botToken ?? slack.botToken, apiUrl: slack.apiUrl, defaultChannel: 'general' },
      accounts: [{ id: 'github', forge: 'github', apiUrl: github.apiUrl, token: DEFAULT_GITHUB_TOKEN }],
      subscriptions: subscriptions.map((s) => ({ account: 'github', repo: REPO, events: ['issues'], ...s })),
    });
    await sleep(1200);
  }

  it('a wrong bot token: every delivery fails with one cause; a working token sends them all, once', async () => {
    await setup('xoxb-wrong-token', [{}]);
    for (const title of ['One', 'Two', 'Three']) github.openIssue(REPO, { title: `Token test ${title}` });
    await until(() => h.engine.status().outbox.failed === 3, 'three failed deliveries');
    expect(h.engine.status().failures).toEqual([
      expect.objectContaining({ code: 'invalid_auth', count: 3, fixAt: 'slack', targets: ['general'] }),
    ]);
    expect(slack.messages).toHaveLength(0);
    // The fix: a working token. Nobody presses Retry.
    await h.engine.handlers['slack.save']({ botToken: slack.botToken });
    await until(() => slack.messages.length === 3, 'the three messages after the fix');
    await until(() => h.engine.status().outbox.failed === 0, 'nothing failed any more');
    expect(h.engine.status().failures).toEqual([]);
    await sleep(1500);
    expect(slack.messages).toHaveLength(3);
    expect(h.logs.map((l) => l.message)).toContain('sent 3 failed deliveries again: the Slack bot token works now');
  });

  it('a channel that does not exist breaks only its subscription, not Slack; pointing it elsewhere sends what failed', async () => {
    await setup(null, [{}, { channel: 'nope-channel' }]);
    const [working, broken] = h.saved().subscriptions;
    const slackErrors: (string | null)[] = [];
    h.engine.onPush((event, payload) => {
      if (event === 'status') slackErrors.push((payload as { slack: { error: string | null } }).slack.error);
    });
    github.openIssue(REPO, { title: 'Goes to two channels' });
    await until(() => h.engine.status().outbox.failed === 1, 'the failed delivery');
    expect(slack.messages.map((m) => slack.channel(m.channel)?.name)).toEqual(['general']);
    // Slack as a whole is fine: the indicator stays green, not even for a moment red.
    expect(h.engine.status().slack.error).toBeNull();
    expect(slackErrors.length).toBeGreaterThan(0);
    expect(slackErrors.filter((e) => e !== null)).toEqual([]);
    const views = await h.engine.handlers['subscriptions.list']({});
    expect(views.find((v) => v.id === working!.id)?.channelProblems).toBeUndefined();
    expect(views.find((v) => v.id === broken!.id)?.channelProblems).toEqual([
      {
        channel: 'nope-channel',
        problem: 'The channel does not exist or the bot cannot see it.',
        fix: expect.stringMatching(/Check the channel name/),
      },
    ]);
    // The user points the subscription at an existing channel: what failed there goes there, once.
    const saved = await h.engine.handlers['subscriptions.update']({ id: broken!.id, patch: { channel: 'ci-alerts' } });
    expect(saved.channelProblems).toBeUndefined();
    await until(() => slack.messagesIn('ci-alerts').length === 1, 'the failed message in its new channel');
    await until(() => h.engine.status().outbox.failed === 0, 'nothing failed any more');
    const [item] = (await h.engine.handlers['feed.page']({ limit: 5 })).items;
    expect(item?.destinations.map((d) => [d.target, d.fate])).toEqual([
      ['general', 'delivered'],
      ['ci-alerts', 'delivered'],
    ]);
  });

  it('saving a subscription checks its channels: a missing one marks it broken with the fix at once', async () => {
    await setup(null, [{}]);
    await until(() => h.engine.status().slack.team !== null, 'the bot identified');
    const added = await h.engine.handlers['subscriptions.add']({
      account: 'github',
      repo: REPO,
      events: ['pulls'],
      channel: 'missing-one',
      channels: { pulls: 'ci-alerts' },
    });
    expect(added.channelProblems).toEqual([
      {
        channel: 'missing-one',
        problem: 'There is no channel #missing-one that Forgebell can see.',
        fix: 'Check the name, or create #missing-one in Slack; for a private channel, type /invite @Forgebell there first.',
      },
    ]);
    // Created in Slack, and saved again: no longer broken.
    slack.addChannel('missing-one', { is_member: true });
    const fixed = await h.engine.handlers['subscriptions.update']({
      id: added.id,
      patch: { events: ['pulls', 'issues'] },
    });
    expect(fixed.channelProblems).toBeUndefined();
  });
});
