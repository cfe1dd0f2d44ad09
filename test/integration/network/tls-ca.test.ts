import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_GITHUB_TOKEN, type GitHubFake, startGitHubFake } from '../../fakes/github/index.js';
import { type SlackFake, startSlackFake } from '../../fakes/slack/index.js';
import { type EngineHarness, startEngine } from '../../support/engine-harness.js';
import { sleep, until } from '../../support/wait-until.js';
import { type ConnectProxy, startConnectProxy } from './connect-proxy.js';
import { type HttpsFront, startHttpsFront } from './https-front.js';
import { createTestCertificates, type TestCertificates } from './test-ca.js';

const REPO = 'octo-org/hello-world';

/**
 * A GitHub-like API over HTTPS with a certificate from a private CA made at test time (as behind a company CA):
 * without caFile the account says exactly what is wrong and how to fix it; with caFile it polls and delivers.
 */
describe('custom CA per account (caFile)', () => {
  let dir: string;
  let certs: TestCertificates;
  let slack: SlackFake;
  let github: GitHubFake;
  let front: HttpsFront;
  let h: EngineHarness;
  const hostPattern = (): RegExp =>
    new RegExp(`TLS certificate of 127\\.0\\.0\\.1:${front.port} is not trusted \\(\\w+\\)`);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'forgebell-ca-'));
    certs = createTestCertificates(dir);
    slack = await startSlackFake();
    github = await startGitHubFake({ pollIntervalSeconds: 1 });
    github.createRepo(REPO);
    front = await startHttpsFront({ key: certs.key, cert: certs.cert, target: github.apiUrl });
    h = await startEngine({
      version: 1,
      pollIntervalSeconds: 1,
      slack: { botToken: slack.botToken, apiUrl: slack.apiUrl, defaultChannel: 'general' },
      accounts: [{ id: 'corp', forge: 'github', apiUrl: front.url, token: DEFAULT_GITHUB_TOKEN }],
      subscriptions: [{ account: 'corp', repo: REPO, events: ['issues'] }],
    });
  });

  afterAll(async () => {
    await h?.stop();
    await Promise.all([slack?.close(), github?.close(), front?.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('without caFile: the account is in error, naming the host and explaining caFile', async () => {
    await until(
      () => h.engine.status().accounts[0]?.state === 'error',
      () => `account error (state ${h.engine.status().accounts[0]?.state})`,
    );
    const error = h.engine.status().accounts[0]?.error ?? '';
    expect(error).toMatch(hostPattern());
    expect(error).toMatch(/set "caFile" on this account to its PEM bundle/);
    expect(front.forwarded).toBe(0);
    expect((await h.engine.handlers['subscriptions.list']({}))[0]?.error).toMatch(hostPattern());

    const verify = await h.engine.handlers['accounts.verify']({
      forge: 'github',
      apiUrl: front.url,
      token: DEFAULT_GITHUB_TOKEN,
    });
    expect(verify.ok).toBe(false);
    expect(verify.summary).toMatch(hostPattern());
    expect(verify.summary).toMatch(/caFile/);
    expect(verify.details).toEqual([expect.objectContaining({ ok: false, label: 'tls' })]);
  });

  it('doctor shows the TLS line with the cause and the fix', async () => {
    const checks = await h.engine.handlers['doctor.run']({});
    const tls = checks.find((c) => c.name === 'corp (github): TLS');
    expect(tls).toMatchObject({
      ok: false,
      message: expect.stringMatching(/TLS certificate of 127\.0\.0\.1 is not trusted \(\w+\)/),
      fix: expect.stringMatching(/save its root CA as a PEM file and set "caFile" on this account/),
    });
    // DNS and TCP pass: the line points at the certificate, not the network.
    expect(checks.filter((c) => /^corp \(github\): (DNS|TCP)$/.test(c.name)).map((c) => c.ok)).toEqual([true, true]);
  });

  it('with caFile: verifies, polls, delivers what happened meanwhile, and doctor passes', async () => {
    await sleep(1100); // the subscription hears what happens after its creation; GitHub stamps whole seconds
    github.openIssue(REPO, { title: 'Opened while the CA was missing' });
    const verify = await h.engine.handlers['accounts.verify']({
      forge: 'github',
      apiUrl: front.url,
      token: DEFAULT_GITHUB_TOKEN,
      caFile: certs.caFile,
    });
    expect(verify).toMatchObject({ ok: true, summary: 'Signed in as octocat' });

    const saved = await h.engine.handlers['accounts.save']({
      id: 'corp',
      forge: 'github',
      apiUrl: front.url,
      caFile: certs.caFile,
    });
    expect(saved.ok).toBe(true);
    await until(
      () => h.engine.status().accounts[0]?.state === 'ok',
      () => `account ok (state ${h.engine.status().accounts[0]?.state}, ${h.engine.status().accounts[0]?.error})`,
    );
    await until(() => slack.messages.length === 1, 'the issue opened while the CA was missing');
    expect(slack.messages[0]?.text).toMatch(/opened issue #1 Opened while the CA was missing/);
    expect(front.forwarded).toBeGreaterThan(0);
    github.openIssue(REPO, { title: 'Opened after the fix' });
    await until(() => slack.messages.length === 2, 'the next issue');
    await sleep(1000);
    expect(slack.messages).toHaveLength(2);

    const checks = await h.engine.handlers['doctor.run']({});
    expect(checks.find((c) => c.name === 'corp (github): TLS')).toMatchObject({
      ok: true,
      message: expect.stringContaining(`(with ${certs.caFile})`),
    });
    expect(checks.find((c) => c.name === 'corp (github): auth')).toMatchObject({
      ok: true,
      message: 'Signed in as octocat.',
    });
  });

  it('caFile still applies when the account is reached through a proxy (TLS inside the CONNECT tunnel)', async () => {
    const proxy: ConnectProxy = await startConnectProxy();
    try {
      await h.engine.handlers['settings.update']({ proxy: { mode: 'manual', url: proxy.url } });
      github.openIssue(REPO, { title: 'Through the proxy with the company CA' });
      await until(() => slack.messages.length === 3, 'the issue through the proxy');
      expect(proxy.tunnels).toContain(`127.0.0.1:${front.port}`);
      expect(h.engine.status().accounts[0]).toMatchObject({ state: 'ok', error: null });
    } finally {
      await h.engine.handlers['settings.update']({ proxy: { mode: 'none', url: null } });
      await proxy.close();
    }
  });
});
