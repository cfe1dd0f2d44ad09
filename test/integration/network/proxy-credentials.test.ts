import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_GITHUB_TOKEN, type GitHubFake, startGitHubFake } from '../../fakes/github/index.js';
import { type SlackFake, startSlackFake } from '../../fakes/slack/index.js';
import { type EngineHarness, startEngine } from '../../support/engine-harness.js';
import { until } from '../../support/wait-until.js';
import { type ConnectProxy, startConnectProxy } from './connect-proxy.js';

const REPO = 'octo-org/hello-world';
const PASSWORD = 'pr0xy-s3cret-pa55';

// A manual proxy URL with credentials is a secret (#10.10): it is used (the proxy sees the credentials), but it is
// encrypted at rest, absent from exports, redacted in logs and never returned to the UI, which only learns that a
// password is set; saving what the UI shows keeps it.
describe('proxy credentials', () => {
  let proxy: ConnectProxy;
  let slack: SlackFake;
  let github: GitHubFake;
  let h: EngineHarness;
  let withCredentials: string;

  beforeAll(async () => {
    for (const key of ['HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy', 'NO_PROXY', 'no_proxy'])
      delete process.env[key];
    proxy = await startConnectProxy();
    slack = await startSlackFake();
    github = await startGitHubFake({ pollIntervalSeconds: 1 });
    github.createRepo(REPO);
    withCredentials = proxy.url.replace('http://', `http://alice:${PASSWORD}@`);
    h = await startEngine({
      version: 1,
      pollIntervalSeconds: 1,
      slack: { botToken: slack.botToken, apiUrl: slack.apiUrl, defaultChannel: 'general' },
      accounts: [{ id: 'github', forge: 'github', apiUrl: github.apiUrl, token: DEFAULT_GITHUB_TOKEN }],
      subscriptions: [{ account: 'github', repo: REPO, events: ['issues'], threads: false }],
    });
  });

  afterAll(async () => {
    await h?.stop();
    await Promise.all([slack?.close(), github?.close(), proxy?.close()]);
  });

  const onDisk = (): string =>
    readdirSync(h.dataDir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => readFileSync(join(h.dataDir, f), 'utf8'))
      .join('\n');

  it('is used, but sealed on disk, kept from the UI and the export, and redacted in logs', async () => {
    const saved = await h.engine.handlers['settings.update']({ proxy: { mode: 'manual', url: withCredentials } });
    expect(saved.proxy).toEqual({
      mode: 'manual',
      url: `${proxy.url.replace('http://', 'http://alice@')}/`,
      passwordSet: true,
      noProxy: null,
    });
    await until(() => proxy.tunnels.length > 0, 'a request through the proxy');
    expect(proxy.authorizations[0]).toBe(`Basic ${Buffer.from(`alice:${PASSWORD}`).toString('base64')}`);

    expect(onDisk()).not.toContain(PASSWORD);
    expect(onDisk()).toMatch(/"url": ?"enc:aes-256-gcm:v2\./);
    expect((await h.engine.handlers['config.export']({})).json).not.toContain(PASSWORD);
    expect(JSON.stringify(await h.engine.handlers['settings.get']({}))).not.toContain(PASSWORD);
    h.engine.logger.warn(`could not reach the proxy ${withCredentials} (ECONNREFUSED)`);
    h.engine.logger.warn('a URL with credentials elsewhere: https://bob:hunter22@proxy.corp.example:8080/');
    const logs = JSON.stringify(await h.engine.handlers['logs.recent']({}));
    expect(logs).not.toContain(PASSWORD);
    expect(logs).not.toContain('hunter22');
    expect(logs).toContain('https://bob:[redacted]@proxy.corp.example:8080/');
  });

  it('keeps the stored password when the URL the UI was shown is saved back, and forgets it on request', async () => {
    const shown = (await h.engine.handlers['settings.get']({})).proxy.url!;
    await h.engine.handlers['settings.update']({ proxy: { mode: 'manual', url: shown } });
    expect(h.saved().proxy.url).toBe(`${withCredentials}/`);

    // The Test button with the URL shown tries the proxy with the stored password; what it answers has none.
    const basic = `Basic ${Buffer.from(`alice:${PASSWORD}`).toString('base64')}`;
    let mark = proxy.authorizations.length;
    const tried = await h.engine.handlers['settings.testProxy']({ mode: 'manual', url: shown, noProxy: null });
    expect(tried).toEqual([
      expect.objectContaining({ target: 'Slack', via: shown, ok: true }),
      expect.objectContaining({ target: 'github', via: shown, ok: true }),
    ]);
    expect(JSON.stringify(tried)).not.toContain(PASSWORD);
    // Every CONNECT since (the Test's, and any of the engine's own) carried alice's password.
    expect(proxy.authorizations.slice(mark)).toContain(basic);
    expect(proxy.authorizations.slice(mark).filter((a) => a !== basic)).toEqual([]);
    // Another user on the same proxy does not get alice's password.
    mark = proxy.authorizations.length;
    const bob = shown.replace('alice@', 'bob@');
    await h.engine.handlers['settings.testProxy']({ mode: 'manual', url: bob, noProxy: null });
    // Its CONNECTs carry bob without alice's password (the engine's own, if any, are still alice's).
    const bobs = proxy.authorizations.slice(mark).filter((a) => a !== basic);
    expect(bobs.length).toBeGreaterThan(0);
    expect(bobs.map((a) => Buffer.from(a.replace(/^Basic /, ''), 'base64').toString())).not.toContain(
      `bob:${PASSWORD}`,
    );

    const forgotten = await h.engine.handlers['settings.update']({
      proxy: { mode: 'manual', url: shown, forgetPassword: true },
    });
    expect(forgotten.proxy.passwordSet).toBe(false);
    expect(h.saved().proxy.url).toBe(shown);
  });
});
