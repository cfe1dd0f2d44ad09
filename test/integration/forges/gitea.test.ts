import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConfigFileInput } from '../../../electron/core/settings/config-schema.js';
import { startGiteaFake, type GiteaFake } from '../../fakes/gitea/index.js';
import { type SlackFake, startSlackFake } from '../../fakes/slack/index.js';
import { sleep, until } from '../../support/wait-until.js';
import { type EngineOnDisk, startEngineOnDisk } from './engine-on-disk.js';

const REPO = 'acme/widgets';

let slack: SlackFake | undefined;
let gitea: GiteaFake | undefined;
let engine: EngineOnDisk | undefined;
let dataDir: string | undefined;

afterEach(async () => {
  await engine?.stop();
  await Promise.all([slack?.close(), gitea?.close()]);
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  engine = slack = gitea = dataDir = undefined;
});

function config(events: string[] = ['issues', 'pulls', 'commits', 'releases']): ConfigFileInput {
  return {
    version: 1,
    pollIntervalSeconds: 1,
    slack: {
      botToken: slack!.botToken,
      appToken: slack!.appToken,
      apiUrl: slack!.apiUrl,
      defaultChannel: 'general',
      commandUsers: ['U0ALICE001'],
    },
    accounts: [{ id: 'tea', forge: 'gitea', apiUrl: gitea!.apiUrl, token: gitea!.token }],
    subscriptions: [{ account: 'tea', repo: REPO, events: events as never }],
  };
}

const posted = (text: string) => slack!.messages.filter((m) => m.text.includes(text));

describe('Gitea through the engine', () => {
  it('an issue on Gitea reaches Slack exactly once, and a restart does not post it again', async () => {
    slack = await startSlackFake();
    gitea = await startGiteaFake();
    gitea.createRepo(REPO, { org: true, watchers: ['watcher1', 'watcher2'] });
    gitea.openIssue(REPO, { title: 'History before the import' });
    dataDir = mkdtempSync(join(tmpdir(), 'forgebell-gitea-'));
    const key = randomBytes(32);
    engine = await startEngineOnDisk(dataDir, key, config());
    await sleep(1100);
    gitea.openIssue(REPO, { title: 'Printer on fire', labels: ['bug'], by: 'alice' });
    await until(() => posted('Printer on fire').length > 0, 'the issue in Slack');
    // Control: a later event arrives, so the engine is polling; the first one is still there once.
    gitea.push(REPO, 'main', ['Fix the printer'], { by: 'bob' });
    await until(() => posted('bob pushed 1 commit to main').length > 0, 'the push in Slack');
    expect(posted('Printer on fire')).toHaveLength(1);
    expect(posted('History before the import')).toHaveLength(0);

    await engine.stop();
    engine = await startEngineOnDisk(dataDir, key, null);
    gitea.openIssue(REPO, { title: 'After the restart', by: 'alice' });
    await until(() => posted('After the restart').length > 0, 'the issue after the restart');
    await sleep(1500);
    expect(posted('Printer on fire')).toHaveLength(1);
    expect(posted('bob pushed 1 commit to main')).toHaveLength(1);
    expect(posted('After the restart')).toHaveLength(1);
  });

  it('closes an issue from its card button and previews its link, through the Gitea API', async () => {
    slack = await startSlackFake();
    gitea = await startGiteaFake();
    gitea.createRepo(REPO, { org: true });
    dataDir = mkdtempSync(join(tmpdir(), 'forgebell-gitea-'));
    engine = await startEngineOnDisk(dataDir, randomBytes(32), config(['issues']));
    await until(() => engine!.status().slack.socket === 'connected', 'socket connected');
    await sleep(1100);
    const issue = gitea.openIssue(REPO, { title: 'Close me from Slack' });
    await until(() => posted('Close me from Slack').length > 0, 'the issue card');
    expect(JSON.stringify(posted('Close me from Slack')[0]!.blocks)).toContain('forgebell_close');
    const url = `${gitea.url}/${REPO}/issues/${issue.number}`;
    await slack.sendBlockAction({
      action_id: 'forgebell_close',
      value: url,
      user_id: 'U0ALICE001',
      channel_id: 'C0GENERAL1',
    });
    await until(() => gitea!.world.items[0]!.state === 'closed', 'the issue closed on Gitea');
    await slack.sendLinkShared({ urls: [url], channel: 'C0GENERAL1' });
    await until(() => slack!.unfurls.length > 0, 'chat.unfurl');
    expect(JSON.stringify(slack.unfurls[0])).toContain('Close me from Slack');
  });

  it('refuses events Gitea lacks: in the app, and with /forgebell subscribe', async () => {
    slack = await startSlackFake({ ackTimeoutMs: 3000 });
    gitea = await startGiteaFake();
    gitea.createRepo(REPO, { org: true });
    gitea.createRepo('acme/other', { org: true });
    dataDir = mkdtempSync(join(tmpdir(), 'forgebell-gitea-'));
    engine = await startEngineOnDisk(dataDir, randomBytes(32), config(['issues']));
    const refused = await engine.handlers['subscriptions.add']({
      account: 'tea',
      repo: 'acme/other',
      events: ['issues', 'deployments'],
      channel: 'general',
    }).catch((e: unknown) => e);
    expect(String((refused as Error).message)).toMatch(/"deployments" is not available on Gitea\/Forgejo accounts/);
    // Left out, the events default to what Gitea has (no deployments).
    const sub = await engine.handlers['subscriptions.add']({ account: 'tea', repo: 'acme/other', channel: 'general' });
    expect(sub.events).toEqual(['commits', 'issues', 'pulls', 'releases']);

    await until(() => engine!.status().slack.socket === 'connected', 'socket connected');
    const command = await slack.sendSlashCommand({
      text: 'subscribe acme/widgets confidential_issues',
      user_id: 'U0ALICE001',
      channel_id: 'C0GENERAL1',
    });
    expect(JSON.stringify(command.ackPayload)).toMatch(/confidential_issues.*not available on Gitea\/Forgejo/);
    const subscriptions = await engine.handlers['subscriptions.list']({});
    expect(subscriptions.filter((s) => s.channel === 'C0GENERAL1')).toHaveLength(0);
  });
});
