import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_GITHUB_TOKEN, type GitHubFake, startGitHubFake } from '../../fakes/github/index.js';
import { type SlackFake, startSlackFake } from '../../fakes/slack/index.js';
import { type EngineHarness, startEngine } from '../../support/engine-harness.js';
import { sleep, until } from '../../support/wait-until.js';
import { type ConnectProxy, startConnectProxy } from './connect-proxy.js';

const REPO = 'octo-org/hello-world';
const ENV_KEYS = ['HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy', 'NO_PROXY', 'no_proxy'] as const;

/** A port nothing listens on: bound once, then closed. */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * When the proxy is the problem, the account's error names the proxy, not the forge behind it: a proxy that is not
 * running, and one that wants a login (407) — which is a broken route, never a refused token (nothing forgotten).
 * Slack bypasses the proxy here so the engine stays connected while the forge route is broken.
 */
describe('a broken proxy is named as the cause', () => {
  let proxy: ConnectProxy;
  let slack: SlackFake;
  let github: GitHubFake;
  let h: EngineHarness;
  let githubHost: string;
  let slackHost: string;
  const savedEnv: Partial<Record<(typeof ENV_KEYS)[number], string>> = {};
  const accountError = (): string | null => h.engine.status().accounts[0]?.error ?? null;

  beforeAll(async () => {
    for (const key of ENV_KEYS) {
      savedEnv[key] = process.env[key];
      delete process.env[key];
    }
    proxy = await startConnectProxy({ login: { user: 'alice', password: 'pr0xy-secret' } });
    slack = await startSlackFake();
    github = await startGitHubFake({ pollIntervalSeconds: 1 });
    github.createRepo(REPO);
    githubHost = new URL(github.apiUrl).host;
    slackHost = new URL(slack.apiUrl).host;
    h = await startEngine({
      version: 1,
      pollIntervalSeconds: 1,
      slack: { botToken: slack.botToken, appToken: slack.appToken, apiUrl: slack.apiUrl, defaultChannel: 'general' },
      accounts: [{ id: 'github', forge: 'github', apiUrl: github.apiUrl, token: DEFAULT_GITHUB_TOKEN }],
      subscriptions: [{ account: 'github', repo: REPO, events: ['issues'], threads: false }],
    });
    await until(() => h.engine.status().accounts[0]?.login === 'octocat', 'the account signed in directly');
    // Events in the subscription's first (whole) second count as before it: act after it.
    await sleep(1200);
  });

  afterAll(async () => {
    await h?.stop();
    await Promise.all([slack?.close(), github?.close(), proxy?.close()]);
    for (const key of ENV_KEYS) {
      if (savedEnv[key] === undefined) delete process.env[key];
      else process.env[key] = savedEnv[key];
    }
  });

  it('a proxy that is not running: "Cannot reach the proxy at …", not "Cannot connect to" the forge', async () => {
    const port = await deadPort();
    await h.engine.handlers['settings.update']({
      proxy: { mode: 'manual', url: `http://127.0.0.1:${port}`, noProxy: slackHost },
    });
    await until(
      () => /proxy/i.test(accountError() ?? ''),
      () => `a proxy error (now: ${accountError()})`,
    );
    expect(accountError()).toBe(
      `Cannot reach the proxy at 127.0.0.1:${port} (ECONNREFUSED) on the way to ${githubHost}: check the proxy in Settings and that it is running.`,
    );
  });

  it('a proxy that wants a login: says so (407) in the account and the Test button; the token is kept', async () => {
    await h.engine.handlers['settings.update']({ proxy: { mode: 'manual', url: proxy.url, noProxy: slackHost } });
    await until(
      () => /407/.test(accountError() ?? ''),
      () => `a 407 error (now: ${accountError()})`,
    );
    expect(accountError()).toBe(
      `The proxy on the way to ${githubHost} asks for a login (HTTP 407): add its user and password to the proxy address in Settings (http://user:password@host:port).`,
    );
    const probe = await h.engine.handlers['settings.testProxy']({ mode: 'manual', url: proxy.url, noProxy: slackHost });
    expect(probe[1]).toMatchObject({ target: 'github', ok: false });
    expect(probe[1]!.message).toBe(
      `The proxy ${proxy.url} asks for a login (HTTP 407): write it as http://user:password@host:port.`,
    );

    // With the login the same account works again: the forge token was never taken for the refused one.
    const withLogin = proxy.url.replace('http://', 'http://alice:pr0xy-secret@');
    const good = await h.engine.handlers['settings.testProxy']({ mode: 'manual', url: withLogin, noProxy: slackHost });
    expect(good[1]).toMatchObject({ target: 'github', ok: true });
    await h.engine.handlers['settings.update']({ proxy: { mode: 'manual', url: withLogin, noProxy: slackHost } });
    const before = slack.messages.length;
    github.openIssue(REPO, { title: 'Through the proxy with a login' });
    await until(
      () => slack.messages.length === before + 1,
      () =>
        `the message through the proxy (account: ${accountError()}, ${JSON.stringify(h.engine.status().accounts[0])}, tunnels ${proxy.tunnels.length}, auth ${proxy.authorizations.slice(-3).join(',')})`,
    );
    expect(accountError()).toBeNull();
    expect(proxy.authorizations.at(-1)).toBe(`Basic ${Buffer.from('alice:pr0xy-secret').toString('base64')}`);
  });
});
