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

  it('/forgebell subscribe octo-org/* follows the whole organisation in that channel; an empty one is accepted with a warning', async () => {
    await setup();
    slack.addChannel('ops', { id: 'C0OPS00001', is_member: true });
    github.createRepo('octo-org/third');
    github.createRepo('octo-org/attic');
    github.archiveRepo('octo-org/attic');
    await until(() => h.engine.status().slack.socket === 'connected', 'socket connected');
    const answer = await slack.sendSlashCommand({
      text: 'subscribe octo-org/* pipelines',
      user_id: 'U0ALICE001',
      channel_id: 'C0OPS00001',
    });
    expect(answer.timedOut).toBe(false);
    await until(() => slack.responses.length > 0, 'the response_url answer');
    expect(JSON.stringify(slack.responses[0])).toMatch(
      /subscribed this channel to every repository of octo-org \(3 repositories now\): new ones are picked up within 10 minutes, archived ones are skipped/,
    );
    const created = h.saved().subscriptions.find((s) => s.repo === 'octo-org/*');
    expect(created).toMatchObject({ channel: 'C0OPS00001' });
    expect(created?.events).toContain('pipelines');

    // Heard from then on, in #ops: an issue in a repository the pattern follows.
    await new Promise((r) => setTimeout(r, 1100));
    github.openIssue('octo-org/third', { title: 'Seen through the pattern' });
    await until(
      () => slack.messages.some((m) => m.channel === 'C0OPS00001' && m.text.includes('Seen through the pattern')),
      'the issue in #ops',
    );

    github.createUser('mona');
    const empty = await slack.sendSlashCommand({
      text: 'subscribe mona/*',
      user_id: 'U0ALICE001',
      channel_id: 'C0OPS00001',
    });
    expect(empty.timedOut).toBe(false);
    await until(() => slack.responses.length > 1, 'the second answer');
    expect(JSON.stringify(slack.responses[1])).toMatch(/mona\/\* matches no repository yet/);

    const refused = await slack.sendSlashCommand({
      text: 'subscribe nobody-here/*',
      user_id: 'U0ALICE001',
      channel_id: 'C0OPS00001',
    });
    expect(refused.timedOut).toBe(false);
    await until(() => slack.responses.length > 2, 'the refusal');
    expect(JSON.stringify(slack.responses[2])).toMatch(
      /Cannot subscribe: There is no organisation or user .{1,4}nobody-here/,
    );

    const list = await slack.sendSlashCommand({ text: 'list', user_id: 'U0BOB00001', channel_id: 'C0OPS00001' });
    expect(JSON.stringify(list.ackPayload)).toContain('octo-org/*');
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

  it('reconnects after refresh_requested on a new connection that carries commands', async () => {
    await setup();
    await until(() => h.engine.status().slack.socket === 'connected', 'socket connected');
    const opens = slack.calledMethods('apps.connections.open').length;
    const accepted = slack.connectionsOpened;
    slack.disconnect('refresh_requested');
    // A second apps.connections.open, a second WebSocket accepted by the fake, and the engine says connected.
    await until(
      () =>
        slack.calledMethods('apps.connections.open').length === opens + 1 &&
        slack.connectionsOpened === accepted + 1 &&
        slack.connections === 1 &&
        h.engine.status().slack.socket === 'connected',
      () =>
        `a new connection (opens ${slack.calledMethods('apps.connections.open').length}, accepted ${slack.connectionsOpened})`,
      20_000,
    );
    const help = await slack.sendSlashCommand({ text: 'help', user_id: 'U0BOB00001' });
    expect(help).toMatchObject({ acked: true, timedOut: false, attempts: 1 });
    expect(slack.envelopes.at(-1)!.attempts[0]!.connectionId).toBeDefined();
  });

  it('gives up clearly on a bad app token, and stops asking for connections', async () => {
    await setup('xapp-not-a-real-token');
    await until(() => h.engine.status().slack.socket === 'failed', 'socket failed');
    expect(h.engine.status().slack.socketError).toMatch(/app-level token \(invalid_auth\)/);
    const opened = slack.calledMethods('apps.connections.open').length;
    // Control: the engine is alive meanwhile (it polls and delivers with the bot token).
    await new Promise((r) => setTimeout(r, 1500));
    github.openIssue(REPO, { title: 'Delivered while Socket Mode is off' });
    await slack.waitFor(() => slack.messages.length >= 1, 20_000, 'the control message');
    expect(slack.calledMethods('apps.connections.open')).toHaveLength(opened);
  });

  it('stopping while Socket Mode is still connecting is not a failure and leaves no unhandled rejection', async () => {
    // The WebSocket opens but Slack's hello is late: the engine stops while its client is still starting, and the
    // Socket Mode client then rejects its start() with no reason at all.
    slack = await startSlackFake({ ackTimeoutMs: 3000, helloDelayMs: 60_000 });
    github = await startGitHubFake({ pollIntervalSeconds: 1 });
    github.createRepo(REPO);
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown): void => void rejections.push(reason);
    process.on('unhandledRejection', onRejection);
    try {
      h = await startEngine({
        version: 1,
        pollIntervalSeconds: 1,
        slack: { botToken: slack.botToken, appToken: slack.appToken, apiUrl: slack.apiUrl, defaultChannel: 'general' },
        accounts: [{ id: 'github', forge: 'github', apiUrl: github.apiUrl, token: DEFAULT_GITHUB_TOKEN }],
        subscriptions: [{ account: 'github', repo: REPO, events: ['issues'] }],
      });
      await until(() => slack.connections === 1, 'the WebSocket opened (no hello yet)');
      const states: string[] = [];
      h.engine.onPush((event, payload) => {
        if (event === 'status') states.push((payload as { slack: { socket: string } }).slack.socket);
      });
      await h.stop();
      await new Promise((r) => setTimeout(r, 300));
      expect(states).not.toContain('failed');
      expect(rejections).toEqual([]);
    } finally {
      process.off('unhandledRejection', onRejection);
    }
  });
});

describe('Socket Mode hardening (#10.2, #10.5, #10.15)', () => {
  let slack: SlackFake;
  let github: GitHubFake;
  let h: EngineHarness;
  afterEach(async () => {
    await h?.stop();
    await slack?.close();
    await github?.close();
  });

  async function setup(options: { failSettingsWrites?: () => boolean } = {}): Promise<void> {
    slack = await startSlackFake({ ackTimeoutMs: 3000 });
    slack.addChannel('ops', { is_member: true });
    github = await startGitHubFake({ pollIntervalSeconds: 1 });
    github.createRepo(REPO);
    github.createRepo('octo-org/private-here', { private: true });
    github.createRepo('octo-org/private-elsewhere', { private: true });
    github.createRepo('octo-org/private-unsubscribed', { private: true });
    for (const repo of ['octo-org/private-here', 'octo-org/private-elsewhere', 'octo-org/private-unsubscribed'])
      github.openIssue(repo, { title: `Secret plans of ${repo}` });
    github.openIssue(REPO, { title: 'Public issue' });
    const fail = options.failSettingsWrites;
    h = await startEngine(
      {
        version: 1,
        pollIntervalSeconds: 1,
        slack: {
          botToken: slack.botToken,
          appToken: slack.appToken,
          apiUrl: slack.apiUrl,
          defaultChannel: 'general',
          commandUsers: ['U0ALICE001'],
        },
        accounts: [{ id: 'github', forge: 'github', apiUrl: github.apiUrl, token: DEFAULT_GITHUB_TOKEN }],
        subscriptions: [
          { account: 'github', repo: 'octo-org/private-here', events: ['issues'] },
          { account: 'github', repo: 'octo-org/private-elsewhere', channel: 'ops', events: ['issues'] },
        ],
      },
      fail
        ? {
            wrapStore: (store) => ({
              path: store.path,
              read: () => store.read(),
              write: (doc) => {
                if (fail())
                  throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
                store.write(doc);
              },
            }),
          }
        : {},
    );
    await until(() => h.engine.status().slack.socket === 'connected', 'socket connected');
  }

  it('link previews: a private repository is previewed only in a channel subscribed to it; public ones anywhere', async () => {
    await setup();
    const url = (repo: string): string => `${github.webUrl}/${repo}/issues/1`;
    await slack.sendLinkShared({
      channel: 'C0GENERAL1',
      urls: [
        url('octo-org/private-here'),
        url('octo-org/private-elsewhere'),
        url('octo-org/private-unsubscribed'),
        url(REPO),
      ],
    });
    // The control: the public issue's preview proves previews work at all.
    await until(() => slack.unfurls.length > 0, 'chat.unfurl');
    const shown = JSON.stringify(slack.unfurls);
    expect(shown).toContain('Public issue');
    expect(shown).toContain('Secret plans of octo-org/private-here');
    expect(shown).not.toContain('private-elsewhere');
    expect(shown).not.toContain('private-unsubscribed');
    // In #ops, only the repository subscribed there (and the public one).
    await slack.sendLinkShared({
      channel: 'ops',
      urls: [url('octo-org/private-here'), url('octo-org/private-elsewhere'), url(REPO)],
    });
    await until(() => slack.unfurls.length > 1, 'the second chat.unfurl');
    const inOps = JSON.stringify(slack.unfurls[1]);
    expect(inOps).toContain('Secret plans of octo-org/private-elsewhere');
    expect(inOps).not.toContain('private-here');
    expect(h.logs.map((l) => l.message).join('\n')).toMatch(
      /no preview for a link to github:octo-org\/private-unsubscribed: not subscribed in that channel and not public/,
    );
  });

  it('pairing: the fifth wrong code invalidates the code; attempts are logged, the code never', async () => {
    await setup();
    const { code } = await h.engine.handlers['pairing.start']({});
    const wrong = code === 'AAAAAA' ? 'BBBBBB' : 'AAAAAA';
    for (let i = 0; i < 4; i++) {
      const r = await slack.sendSlashCommand({ text: `link ${wrong}`, user_id: 'U0BOB00001' });
      expect(JSON.stringify(r.ackPayload)).toMatch(/unknown or expired/);
    }
    const fifth = await slack.sendSlashCommand({ text: `link ${wrong}`, user_id: 'U0BOB00001' });
    expect(JSON.stringify(fifth.ackPayload)).toMatch(/too many wrong codes/);
    const right = await slack.sendSlashCommand({ text: `link ${code}`, user_id: 'U0BOB00001' });
    expect(JSON.stringify(right.ackPayload)).toMatch(/unknown or expired/);
    expect((await h.engine.handlers['pairing.status']({})).paired).toEqual(['U0ALICE001']);
    const log = h.logs.map((l) => l.message).join('\n');
    expect(log).toMatch(/pairing attempt by Slack user U0BOB00001: wrong code \(1 of 5/);
    expect(log).toMatch(/wrong code \(5 of 5\); the code is invalidated/);
    expect(log).not.toContain(code);
  });

  it('pairing when the settings cannot be saved: Slack never says "Paired", the app shows why, a retry works', async () => {
    let failing = false;
    await setup({ failSettingsWrites: () => failing });
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown): void => void rejections.push(reason);
    process.on('unhandledRejection', onRejection);
    try {
      const { code } = await h.engine.handlers['pairing.start']({});
      failing = true;
      const refused = await slack.sendSlashCommand({ text: `link ${code}`, user_id: 'U0BOB00001' });
      expect(refused.timedOut).toBe(false);
      expect(JSON.stringify(refused.ackPayload)).toMatch(
        /could not save the pairing \(ENOSPC: no space left on device/,
      );
      expect(JSON.stringify(refused.ackPayload)).not.toMatch(/Paired/);
      expect((await h.engine.handlers['pairing.status']({})).paired).toEqual(['U0ALICE001']);
      expect(h.engine.status().problem).toMatch(/The disk holding .* is full: Forgebell cannot keep saving settings/);
      failing = false;
      const paired = await slack.sendSlashCommand({ text: `link ${code}`, user_id: 'U0BOB00001' });
      expect(JSON.stringify(paired.ackPayload)).toMatch(/Paired: <@U0BOB00001>/);
      expect(h.saved().slack.commandUsers).toEqual(['U0ALICE001', 'U0BOB00001']);
      expect(h.engine.status().problem).toBeNull();
      expect(rejections).toEqual([]);
    } finally {
      process.off('unhandledRejection', onRejection);
    }
  });
});
