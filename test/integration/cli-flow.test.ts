import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startGitHubFake } from '../fakes/github/index.js';
import { runCli, runCliAsync, type ServeProcess, startServe } from '../support/cli-process.js';
import { REPO, startTestWorld, type TestWorld } from '../support/world.js';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe('import → serve → a forge event reaches Slack exactly once', () => {
  let world: TestWorld;
  const serves: ServeProcess[] = [];
  afterEach(async () => {
    for (const s of serves.splice(0)) await s.stop('SIGKILL');
    await world?.close();
  });

  it('delivers one message per new issue, none for history, none again after a restart', async () => {
    world = await startTestWorld();
    world.github.openIssue(REPO, { title: 'Old issue from before the subscription' });
    const imported = runCli(['import', world.configPath, '--data-dir', world.dataDir]);
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(/Subscriptions: 1 added/);

    const serve = await startServe(['--data-dir', world.dataDir]);
    serves.push(serve);
    expect(serve.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);

    // Let the first poll baseline the repo, then open an issue.
    await new Promise((r) => setTimeout(r, 1500));
    world.github.openIssue(REPO, { title: 'Login <fails> & @channel', labels: ['bug'] });
    await world.slack.waitFor(() => world.slack.messages.length >= 1, 20_000, 'the issue message');
    await new Promise((r) => setTimeout(r, 2500));
    expect(world.slack.messages).toHaveLength(1);
    const msg = world.slack.messages[0]!;
    expect(msg.text).toContain('Login');
    expect(JSON.stringify(msg.blocks)).toContain('&lt;fails&gt; &amp;');
    expect(JSON.stringify(msg.blocks)).not.toContain('Old issue');

    // Graceful stop and restart: nothing is posted again.
    expect(await serve.stop('SIGTERM')).toBe(0);
    serves.pop();
    const again = await startServe(['--data-dir', world.dataDir]);
    serves.push(again);
    await new Promise((r) => setTimeout(r, 3000));
    expect(world.slack.messages).toHaveLength(1);

    // A second engine on the same data dir is refused with a clear message.
    const second = runCli(['serve', '--port', '0', '--data-dir', world.dataDir]);
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(/already running/);

    // No plaintext secret anywhere under the data dir.
    const secrets = [world.slack.botToken, String((world.config.accounts as { token: string }[])[0]!.token)];
    for (const file of filesUnder(world.dataDir)) {
      const content = readFileSync(file);
      for (const secret of secrets) expect(content.includes(secret), `${secret} in ${file}`).toBe(false);
    }
  }, 90_000);
});

describe('import, export and invalid files', () => {
  let world: TestWorld;
  afterEach(async () => world?.close());

  it('exports every secret as null, and import is idempotent', async () => {
    world = await startTestWorld({ appToken: true });
    expect(runCli(['import', world.configPath, '--data-dir', world.dataDir]).code).toBe(0);
    const second = runCli(['import', world.configPath, '--data-dir', world.dataDir]);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/0 added, 0 updated, 1 unchanged, 0 removed/);
    const exported = runCli(['export', '--data-dir', world.dataDir]);
    expect(exported.code).toBe(0);
    const json = JSON.parse(exported.stdout) as {
      slack: Record<string, unknown>;
      accounts: { token: unknown }[];
      subscriptions: unknown[];
    };
    expect(json.slack.botToken).toBeNull();
    expect(json.slack.appToken).toBeNull();
    expect(json.slack.webhookUrl).toBeNull();
    expect(json.accounts[0]!.token).toBeNull();
    expect(json.subscriptions).toHaveLength(1);
    expect(exported.stdout).not.toContain(world.slack.botToken);
    // Re-importing the export keeps the stored secrets (null means "keep").
    writeFileSync(world.configPath, exported.stdout);
    expect(runCli(['import', world.configPath, '--data-dir', world.dataDir]).stdout).toMatch(/bot token set/);
  });

  it('lists every problem with its JSON path, exits 2 and changes nothing', async () => {
    world = await startTestWorld({
      configure: (c) => {
        (c.slack as Record<string, unknown>).botToken = 'xapp-wrong-kind';
        (c.subscriptions as Record<string, unknown>[])[0]!.events = ['issues', 'nonsense'];
        c.pollIntervalSeconds = 0;
        c.surprise = true;
      },
    });
    const r = runCli(['import', world.configPath, '--data-dir', world.dataDir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('slack.botToken');
    expect(r.stderr).toContain('subscriptions[0].events[1]');
    expect(r.stderr).toContain('pollIntervalSeconds');
    expect(r.stderr).toContain('surprise');
    expect(r.stderr).toContain('nothing was changed');
    const exported = JSON.parse(runCli(['export', '--data-dir', world.dataDir]).stdout) as { accounts: unknown[] };
    expect(exported.accounts).toHaveLength(0);
  });

  it('doctor passes against healthy services and names the cause and fix of a failure', async () => {
    world = await startTestWorld({ appToken: true });
    expect(runCli(['import', world.configPath, '--data-dir', world.dataDir]).code).toBe(0);
    const ok = await runCliAsync(['doctor', '--data-dir', world.dataDir]);
    expect(ok.stdout).toMatch(/All \d+ checks passed/);
    expect(ok.stdout).toMatch(/ok {3}Socket Mode: apps.connections.open OK and the socket said hello/);
    expect(ok.stdout).toMatch(/ok {3}github \(github\): auth: Signed in as octocat/);
    expect(ok.code).toBe(0);

    world.slack.revokeToken('bot');
    const bad = await runCliAsync(['doctor', '--data-dir', world.dataDir]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/FAIL Slack Web API: auth.test failed: token_revoked\. Fix: .*reinstall/i);
    expect(bad.stdout).not.toContain(world.slack.botToken);
  });

  it('an import that moves an account to another host with token null forgets its token, says so, exits 0 (#10.3)', async () => {
    world = await startTestWorld();
    expect(runCli(['import', world.configPath, '--data-dir', world.dataDir]).code).toBe(0);
    const other = await startGitHubFake();
    try {
      const accounts = world.config.accounts as Record<string, unknown>[];
      accounts[0] = { ...accounts[0], apiUrl: other.apiUrl, token: null };
      writeFileSync(world.configPath, JSON.stringify(world.config));
      const moved = runCli(['import', world.configPath, '--data-dir', world.dataDir]);
      expect(moved.stderr).toBe('');
      expect(moved.code).toBe(0);
      expect(moved.stdout).toContain(
        `Forgotten because the API URL moved to another host (enter it again for the new host): the token of account github (was for ${new URL(world.github.apiUrl).origin}, now ${new URL(other.apiUrl).origin}).`,
      );
      // doctor looks at the account (the control) and finds no token; the new host never heard from Forgebell.
      const doctor = await runCliAsync(['doctor', '--data-dir', world.dataDir]);
      expect(doctor.stdout).toMatch(/FAIL github \(github\): auth: No token\./);
      expect(other.stats.total).toBe(0);

      accounts[0] = { ...accounts[0], apiUrl: 'http://github.corp.example/api/v3', token: null };
      writeFileSync(world.configPath, JSON.stringify(world.config));
      const plain = runCli(['import', world.configPath, '--data-dir', world.dataDir]);
      expect(plain.code).toBe(2);
      expect(plain.stderr).toMatch(
        /accounts\[0\]\.apiUrl: must start with https:\/\/ — plain http:\/\/ is only allowed for this computer/,
      );
    } finally {
      await other.close();
    }
  });

  it('imports and exports pattern subscriptions, matched by their pattern; a bad pattern is refused with its path (§6)', async () => {
    world = await startTestWorld({
      configure: (c) => {
        c.subscriptions = [
          { account: 'github', repo: 'octo-org/*', excludeRepos: ['octo-org/legacy-*'], channel: 'eng' },
          { account: 'github', repo: REPO, channel: 'general' },
        ];
      },
    });
    const first = runCli(['import', world.configPath, '--data-dir', world.dataDir]);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/Subscriptions: 2 added/);
    expect(first.stdout).toContain('+ github:octo-org/* → #eng');
    const again = runCli(['import', world.configPath, '--data-dir', world.dataDir]);
    expect(again.stdout).toMatch(/0 added, 0 updated, 2 unchanged, 0 removed/);
    const exported = JSON.parse(runCli(['export', '--data-dir', world.dataDir]).stdout) as {
      subscriptions: Record<string, unknown>[];
    };
    expect(exported.subscriptions[0]).toMatchObject({ repo: 'octo-org/*', excludeRepos: ['octo-org/legacy-*'] });
    expect(exported.subscriptions[1]).not.toHaveProperty('excludeRepos');

    // The same pattern with other exclusions is the same subscription, updated in place.
    (world.config.subscriptions as Record<string, unknown>[])[0]!.excludeRepos = ['octo-org/attic'];
    writeFileSync(world.configPath, JSON.stringify(world.config));
    expect(runCli(['import', world.configPath, '--data-dir', world.dataDir]).stdout).toMatch(/0 added, 1 updated/);

    world.config.subscriptions = [
      { account: 'github', repo: 'octo-org/legacy-*' },
      { account: 'github', repo: 'octo-org/**' },
      { account: 'github', repo: REPO, excludeRepos: ['octo-org/x'] },
      { account: 'github', repo: 'octo-org/*', excludeRepos: ['legacy-*'] },
    ];
    writeFileSync(world.configPath, JSON.stringify(world.config));
    const bad = runCli(['import', world.configPath, '--data-dir', world.dataDir]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/subscriptions\[0\]\.repo: only the last part may be a wildcard.*"octo-org\/\*"/);
    expect(bad.stderr).toMatch(
      /subscriptions\[1\]\.repo: "\*\*" \(subgroups\) is for GitLab groups; on GitHub write octo-org\/\*/,
    );
    expect(bad.stderr).toMatch(/subscriptions\[2\]\.excludeRepos: excludeRepos is for pattern subscriptions/);
    expect(bad.stderr).toMatch(/subscriptions\[3\]\.excludeRepos\[0\]: write the full path with its owner/);
  });

  it('rejects unknown flags with exit code 2', () => {
    const r = runCli(['export', '--nope']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/nope/);
  });
});
