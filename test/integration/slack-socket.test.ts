import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_GITHUB_TOKEN, type GitHubFake, startGitHubFake } from '../fakes/github/index.js';
import { type SlackFake, startSlackFake } from '../fakes/slack/index.js';
import { type EngineHarness, startEngine } from '../support/engine-harness.js';
import { until } from '../support/wait-until.js';

const REPO = 'octo-org/hello-world';

describe('Socket Mode: commands, authorization, buttons, link previews', () => {
  let slack: SlackFake;
  let github: GitHubFake;
  let h: EngineHarness;
  afterEach(async () => {
    await h?.stop();
    await slack?.close();
    await github?.close();
  });

  async function setup(appToken?: string): Promise<void> {
    slack = await startSlackFake({ ackTimeoutMs: 3000 });
    github = await startGitHubFake({ pollIntervalSeconds: 1 });
    github.createRepo(REPO);
    github.createRepo('octo-org/other');
    h = await startEngine({
      version: 1,
      pollIntervalSeconds: 1,
      slack: {
        botToken: slack.botToken,
        appToken: appToken ?? slack.appToken,
        apiUrl: slack.apiUrl,
        defaultChannel: 'general',
        commandUsers: ['U0ALICE001'],
      },
      accounts: [{ id: 'github', forge: 'github', apiUrl: github.apiUrl, token: DEFAULT_GITHUB_TOKEN }],
      subscriptions: [{ account: 'github', repo: REPO, events: ['issues'] }],
    });
  }

  it('acks every command within 3 s, refuses strangers, subscribes the channel for allowed users', async () => {
    await setup();
    await until(() => h.engine.status().slack.socket === 'connected', 'socket connected');

    const help = await slack.sendSlashCommand({ text: 'help', user_id: 'U0BOB00001' });
    expect(help.timedOut).toBe(false);
    expect(help.ackMs).toBeLessThan(3000);
    expect(JSON.stringify(help.ackPayload)).toContain('subscribe <repo>');

    const refused = await slack.sendSlashCommand({
      text: 'subscribe octo-org/other',
      user_id: 'U0BOB00001',
      channel_id: 'C0GENERAL1',
    });
    expect(JSON.stringify(refused.ackPayload)).toMatch(/not allowed/);
    expect(h.saved().subscriptions).toHaveLength(1);

    const sub = await slack.sendSlashCommand({
      text: 'subscribe octo-org/other reviews +label:"bug"',
      user_id: 'U0ALICE001',
      channel_id: 'C0GENERAL1',
    });
    expect(sub.timedOut).toBe(false);
    await until(() => slack.responses.length > 0, 'the response_url answer');
    expect(JSON.stringify(slack.responses)).toMatch(/subscribed this channel to octo-org\/other/);
    const created = h.saved().subscriptions.find((s) => s.repo === 'octo-org/other');
    expect(created).toMatchObject({ channel: 'C0GENERAL1', labels: { include: ['bug'] } });
    expect(created?.events).toContain('reviews');

    const list = await slack.sendSlashCommand({ text: 'list', user_id: 'U0BOB00001', channel_id: 'C0GENERAL1' });
    expect(JSON.stringify(list.ackPayload)).toContain('octo-org/other');

    const unknown = await slack.sendSlashCommand({ text: 'frobnicate', user_id: 'U0BOB00001' });
    expect(JSON.stringify(unknown.ackPayload)).toMatch(/Unknown command/);
  });

  it('pairs a user with a one-time code', async () => {
    await setup();
    await until(() => h.engine.status().slack.socket === 'connected', 'socket connected');
    const { code } = await h.engine.handlers['pairing.start']({});
    const wrong = await slack.sendSlashCommand({ text: 'link WRONG1', user_id: 'U0BOB00001' });
    expect(JSON.stringify(wrong.ackPayload)).toMatch(/unknown or expired/);
    const ok = await slack.sendSlashCommand({ text: `link ${code}`, user_id: 'U0BOB00001' });
    expect(JSON.stringify(ok.ackPayload)).toMatch(/Paired/);
    await until(() => h.saved().slack.commandUsers.includes('U0BOB00001'), 'bob in commandUsers');
    const reuse = await slack.sendSlashCommand({ text: `link ${code}`, user_id: 'U0BOB00002' });
    expect(JSON.stringify(reuse.ackPayload)).toMatch(/unknown or expired/);
  });

  it('closes an issue from its card button and previews forge links', async () => {
    await setup();
    await until(() => h.engine.status().slack.socket === 'connected', 'socket connected');
    await new Promise((r) => setTimeout(r, 1500));
    const issue = github.openIssue(REPO, { title: 'Button target' });
    await slack.waitFor(() => slack.messages.length >= 1, 20_000, 'the issue card');
    const blocks = JSON.stringify(slack.messages[0]!.blocks);
    expect(blocks).toContain('forgebell_close');
    const url = `${github.webUrl}/${REPO}/issues/${issue.number}`;

    await slack.sendBlockAction({
      action_id: 'forgebell_close',
      value: url,
      user_id: 'U0BOB00001',
      channel_id: 'C0GENERAL1',
    });
    await until(() => slack.responses.length > 0, 'refusal');
    expect(JSON.stringify(slack.responses)).toMatch(/not allowed/);
    expect(github.world.repo(REPO).issues.get(issue.number)?.state).toBe('open');

    await slack.sendBlockAction({
      action_id: 'forgebell_close',
      value: url,
      user_id: 'U0ALICE001',
      channel_id: 'C0GENERAL1',
    });
    await until(
      () => github.world.repo(REPO).issues.get(issue.number)?.state === 'closed',
      'issue closed on the forge',
    );

    await slack.sendLinkShared({ urls: [url], channel: 'C0GENERAL1' });
    await until(() => slack.unfurls.length > 0, 'chat.unfurl');
    expect(JSON.stringify(slack.unfurls[0])).toContain('Button target');
  });

  it('opens the new-issue form and creates the issue on the forge', async () => {
    await setup();
    await until(() => h.engine.status().slack.socket === 'connected', 'socket connected');
    await slack.sendSlashCommand({ text: `open ${REPO}`, user_id: 'U0ALICE001', channel_id: 'C0GENERAL1' });
    await until(() => slack.views.length === 1, 'views.open');
    const before = github.world.repo(REPO).issues.size;
    await slack.sendViewSubmission({
      view_id: slack.views[0]!.id,
      user_id: 'U0ALICE001',
      values: {
        title: { value: { type: 'plain_text_input', value: 'Made in Slack' } },
        body: { value: { type: 'plain_text_input', value: 'Steps…' } },
      },
    });
    await until(() => github.world.repo(REPO).issues.size === before + 1, 'the issue on the forge');
    expect([...github.world.repo(REPO).issues.values()].some((i) => i.title === 'Made in Slack')).toBe(true);
    await until(() => slack.messages.some((m) => m.text.includes('Made in Slack')), 'the confirmation in the channel');
  });

  it('reconnects after refresh_requested and gives up clearly on a bad app token', async () => {
    await setup();
    await until(() => h.engine.status().slack.socket === 'connected', 'socket connected');
    slack.disconnect('refresh_requested');
    await until(() => h.engine.status().slack.socket !== 'connected', 'socket dropped', 5000).catch(() => undefined);
    await until(() => h.engine.status().slack.socket === 'connected', 'socket reconnected', 20_000);
    await h.stop();
    await slack.close();
    await github.close();

    await setup('xapp-not-a-real-token');
    await until(() => h.engine.status().slack.socket === 'failed', 'socket failed');
    expect(h.engine.status().slack.socketError).toMatch(/app-level token \(invalid_auth\)/);
    const opened = slack.calls.filter((c) => c.method === 'apps.connections.open').length;
    await new Promise((r) => setTimeout(r, 1500));
    expect(slack.calls.filter((c) => c.method === 'apps.connections.open').length).toBe(opened);
  });
});
