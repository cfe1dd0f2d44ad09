import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConfigFileInput } from '../../electron/core/settings/config-schema.js';
import { DEFAULT_GITHUB_TOKEN, type GitHubFake, startGitHubFake } from '../fakes/github/index.js';
import { type SlackFake, startSlackFake } from '../fakes/slack/index.js';
import { runCli, type ServeProcess, startServe } from '../support/cli-process.js';
import { type EngineHarness, startEngine } from '../support/engine-harness.js';
import { sleep, until } from '../support/wait-until.js';
import { REPO, startTestWorld, type TestWorld, waitPastSubscriptionStart } from '../support/world.js';

/**
 * Scheduled channel and personal digests end to end (docs/cli-and-config.md §5): the engine's digest check, the review
 * queue from the GitHub fake, the message through the outbox to the Slack fake. Posted once per day across a restart
 * and across kill -9 of `serve` right after posting; a channel the bot cannot post in fails with the fix while the
 * others go on; a digest more than 12 hours late is skipped; `/forgebell digest` posts now.
 */

const ALICE = 'U0ALICE001';
const EVERY_DAY = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/** `HH:MM` (UTC) `minutes` from now. */
function hhmm(minutes: number): string {
  const d = new Date(Date.now() + minutes * 60_000);
  return `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
}

const digestsIn = (slack: SlackFake, channel: string) =>
  slack.messagesIn(channel).filter((m) => m.text.startsWith('Review queue for'));

describe('channel and personal digests (in-process engine)', () => {
  let slack: SlackFake;
  let github: GitHubFake;
  let h: EngineHarness | null = null;
  let dataDir: string | null = null;
  afterEach(async () => {
    await h?.stop();
    h = null;
    await Promise.all([slack?.close(), github?.close()]);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('posts each due digest once per day (across a restart), grouped, with mentions; an unpostable channel fails with the fix; a digest 13 hours late is skipped', async () => {
    slack = await startSlackFake({ ackTimeoutMs: 3000 });
    slack.addChannel('secret', { is_private: true, is_member: false });
    slack.addChannel('late', { is_member: true });
    github = await startGitHubFake({ pollIntervalSeconds: 1 });
    github.createRepo(REPO);
    for (const login of ['alice', 'bob', 'carol']) github.world.user(login);
    github.openPull(REPO, { title: 'Waiting one', head: 'w', actor: 'carol', reviewers: ['alice'] });
    const approved = github.openPull(REPO, { title: 'Approved one', head: 'a', actor: 'alice' });
    github.review(REPO, approved.number, { state: 'approved', actor: 'bob' });
    const blocked = github.openPull(REPO, { title: 'Blocked one', head: 'b', actor: 'carol' });
    github.review(REPO, blocked.number, { state: 'changes_requested', actor: 'bob' });
    github.openPull(REPO, { title: 'Draft one', head: 'd', actor: 'carol', draft: true });
    const config: ConfigFileInput = {
      version: 1,
      pollIntervalSeconds: 1,
      slack: { botToken: slack.botToken, appToken: slack.appToken, apiUrl: slack.apiUrl, defaultChannel: 'general' },
      accounts: [{ id: 'github', forge: 'github', apiUrl: github.apiUrl, token: DEFAULT_GITHUB_TOKEN }],
      subscriptions: [{ account: 'github', repo: REPO, events: ['issues'] }],
      people: [{ slack: ALICE, accounts: { github: 'alice' }, digest: { at: hhmm(-2), days: [...EVERY_DAY] } }],
      digests: [
        { channel: 'secret', at: hhmm(-1), days: [...EVERY_DAY], repos: [`github:${REPO}`] },
        { channel: 'general', at: hhmm(-1), days: [...EVERY_DAY] },
        { channel: 'late', at: hhmm(-13 * 60), days: [...EVERY_DAY], repos: [`github:${REPO}`] },
      ],
    };
    dataDir = mkdtempSync(join(tmpdir(), 'forgebell-digests-'));
    const key = randomBytes(32);
    h = await startEngine(config, { dataDir, key });
    await waitPastSubscriptionStart();
    await until(() => digestsIn(slack, 'general').length === 1, 'the #general digest', 15_000);
    const blocks = JSON.stringify(digestsIn(slack, 'general')[0]?.blocks);
    expect(blocks).toMatch(/Waiting for review\* \(1\)[^"]*Waiting one[^"]*reviewers: <@U0ALICE001>/);
    expect(blocks).toMatch(/Changes requested\* \(1\)[^"]*Blocked one/);
    expect(blocks).toMatch(/Approved, not merged\* \(1\)[^"]*Approved one · by <@U0ALICE001>/);
    expect(blocks).not.toContain('Draft one');
    // The personal digest: alice's list as a DM.
    await until(() => slack.dmsTo(ALICE).length === 1, "alice's personal digest");
    expect(JSON.stringify(slack.dmsTo(ALICE)[0]?.blocks)).toMatch(/Your review queue today[\s\S]*Waiting one/);
    // #secret: the bot cannot post there; its feed row failed with the fix, #general was not held up.
    const feed = async () => (await h?.engine.handlers['feed.page']({ limit: 100 }))?.items ?? [];
    const to = (channel: string) => async () =>
      (await feed()).flatMap((f) => f.destinations).filter((d) => d.target === channel);
    for (let i = 0; i < 100 && !(await to('secret')()).some((d) => d.fate === 'failed'); i++) await sleep(100);
    const secret = (await to('secret')())[0];
    expect(`${secret?.reason} ${secret?.fix}`).toMatch(/invite the bot/i);

    // A restart on the same data: a control issue proves the engine runs; no digest is posted a second time.
    await h.stop();
    h = await startEngine(null, { dataDir, key });
    github.openIssue(REPO, { title: 'Control issue', actor: 'carol' });
    await until(() => slack.messagesIn('general').some((m) => m.text.includes('Control issue')), 'the control');
    await sleep(1500);
    expect(digestsIn(slack, 'general')).toHaveLength(1);
    expect(slack.dmsTo(ALICE)).toHaveLength(1);
    expect(digestsIn(slack, 'late')).toHaveLength(0);
    // …and recorded once: one feed row for the day's digest, delivered (no second row left queued).
    const rows = (await feed()).filter(
      (i) => i.action === 'digest' && i.destinations.some((d) => d.target === 'general'),
    );
    expect(rows.map((r) => r.fate)).toEqual(['delivered']);
  }, 60_000);

  it('GitHub’s GraphQL budget spent: the digest waits and says so (never "nothing open"), then posts once it can read', async () => {
    slack = await startSlackFake({ ackTimeoutMs: 3000 });
    github = await startGitHubFake({ pollIntervalSeconds: 1 });
    github.createRepo(REPO);
    github.openPull(REPO, { title: 'Waiting one', head: 'w', actor: 'carol' });
    github.setRateLimit({ remaining: 0, resource: 'graphql', resetInSeconds: 3600 });
    h = await startEngine({
      version: 1,
      pollIntervalSeconds: 1,
      slack: { botToken: slack.botToken, apiUrl: slack.apiUrl, defaultChannel: 'general' },
      accounts: [{ id: 'github', forge: 'github', apiUrl: github.apiUrl, token: DEFAULT_GITHUB_TOKEN }],
      subscriptions: [{ account: 'github', repo: REPO, events: ['issues'] }],
      digests: [{ channel: 'general', at: hhmm(-1), days: [...EVERY_DAY] }],
    });
    await waitPastSubscriptionStart();
    github.openIssue(REPO, { title: 'Control issue', actor: 'carol' });
    await until(() => slack.messagesIn('general').some((m) => m.text.includes('Control issue')), 'the control');
    await until(
      () => (h?.logs ?? []).some((l) => /digest for #general waits: .*rate limit/i.test(l.message)),
      'the wait',
    );
    expect(digestsIn(slack, 'general')).toEqual([]);
    github.setRateLimit({ remaining: 5000, resource: 'graphql' });
    await until(() => digestsIn(slack, 'general').length === 1, 'the digest at the next check', 40_000);
    expect(JSON.stringify(digestsIn(slack, 'general')[0]?.blocks)).toContain('Waiting one');
  }, 60_000);

  it('/forgebell digest posts the channel’s digest now, with the defaults for its subscriptions', async () => {
    slack = await startSlackFake({ ackTimeoutMs: 3000 });
    github = await startGitHubFake({ pollIntervalSeconds: 1 });
    github.createRepo(REPO);
    h = await startEngine({
      version: 1,
      pollIntervalSeconds: 1,
      slack: { botToken: slack.botToken, appToken: slack.appToken, apiUrl: slack.apiUrl, defaultChannel: 'general' },
      accounts: [{ id: 'github', forge: 'github', apiUrl: github.apiUrl, token: DEFAULT_GITHUB_TOKEN }],
      subscriptions: [{ account: 'github', repo: REPO, events: ['issues'] }],
    });
    await until(() => h?.engine.status().slack.socket === 'connected', 'socket connected');
    await waitPastSubscriptionStart();
    // Nothing open: one short line saying so.
    const reply = await slack.sendSlashCommand({
      text: 'digest',
      user_id: 'U0STRANGER',
      channel_id: 'C0GENERAL1',
    });
    expect(JSON.stringify(reply.ackPayload)).toMatch(/Reading the review queue/);
    await until(() => digestsIn(slack, 'general').length === 1, 'the digest');
    expect(JSON.stringify(digestsIn(slack, 'general')[0]?.blocks)).toContain('Nothing open');
    github.openPull(REPO, { title: 'Now open', head: 'n', actor: 'carol' });
    // The pull request reaches the queue with the next poll's events: a control issue shows the poll ran.
    github.openIssue(REPO, { title: 'Control issue', actor: 'carol' });
    await until(() => slack.messagesIn('general').some((m) => m.text.includes('Control issue')), 'the control');
    await slack.sendSlashCommand({
      text: 'digest',
      user_id: 'U0STRANGER',
      channel_id: 'C0GENERAL1',
    });
    await until(() => digestsIn(slack, 'general').length === 2, 'the second digest');
    expect(JSON.stringify(digestsIn(slack, 'general')[1]?.blocks)).toMatch(/Waiting for review\* \(1\)[^"]*Now open/);
  }, 30_000);
});

describe('a digest across kill -9 of serve', () => {
  let world: TestWorld;
  let serve: ServeProcess | null = null;
  afterEach(async () => {
    await serve?.stop('SIGKILL');
    await world?.close();
  });

  it('is posted once for the day when serve is killed right after posting it, and once when killed before', async () => {
    world = await startTestWorld({
      configure: (config) => {
        config.digests = [{ channel: 'general', at: hhmm(-1), days: [...EVERY_DAY] }];
      },
    });
    world.github.openPull(REPO, { title: 'Open one', head: 'o', actor: 'carol' });
    expect(runCli(['import', world.configPath, '--data-dir', world.dataDir]).code).toBe(0);
    // Killed early (maybe before the digest was queued, maybe while it was read): the next start posts it.
    serve = await startServe(['--data-dir', world.dataDir]);
    await serve.stop('SIGKILL');
    serve = await startServe(['--data-dir', world.dataDir]);
    await world.slack.waitFor(() => digestsIn(world.slack, 'general').length === 1, 30_000, 'the digest');
    // Killed right after posting: the next start must not post it again.
    await serve.stop('SIGKILL');
    serve = await startServe(['--data-dir', world.dataDir]);
    world.github.openIssue(REPO, { title: 'Control issue', actor: 'carol' });
    await world.slack.waitFor(
      () => world.slack.messagesIn('general').some((m) => m.text.includes('Control issue')),
      30_000,
      'the control issue',
    );
    await sleep(1500);
    expect(digestsIn(world.slack, 'general')).toHaveLength(1);
  }, 120_000);
});
