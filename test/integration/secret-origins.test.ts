import { afterEach, describe, expect, it } from 'vitest';
import { dispatchCall } from '../../electron/contract/dispatch.js';
import { DEFAULT_GITHUB_TOKEN, type GitHubFake, startGitHubFake } from '../fakes/github/index.js';
import { type SlackFake, startSlackFake } from '../fakes/slack/index.js';
import { type EngineHarness, startEngine } from '../support/engine-harness.js';
import { sleep, until } from '../support/wait-until.js';

/**
 * A stored token is never sent to a host other than the one it was entered for (#10.3, docs/cli-and-config.md §8), through the same
 * entry point as the app and serve (the contract's dispatch), against fakes that count every request they get.
 */
describe('stored tokens follow their API URL', () => {
  let slack: SlackFake;
  let otherSlack: SlackFake;
  let github: GitHubFake;
  let other: GitHubFake;
  let h: EngineHarness;
  afterEach(async () => {
    await h?.stop();
    await Promise.all([slack?.close(), otherSlack?.close(), github?.close(), other?.close()]);
  });

  async function setup(): Promise<void> {
    [slack, otherSlack, github, other] = await Promise.all([
      startSlackFake(),
      startSlackFake(),
      startGitHubFake({ pollIntervalSeconds: 1 }),
      startGitHubFake({ pollIntervalSeconds: 1 }),
    ]);
    github.createRepo('octo-org/hello-world');
    h = await startEngine({
      version: 1,
      pollIntervalSeconds: 1,
      slack: { botToken: slack.botToken, appToken: slack.appToken, apiUrl: slack.apiUrl, defaultChannel: 'general' },
      accounts: [
        { id: 'moving', forge: 'github', apiUrl: github.apiUrl, token: DEFAULT_GITHUB_TOKEN },
        { id: 'staying', forge: 'github', apiUrl: github.apiUrl, token: DEFAULT_GITHUB_TOKEN },
      ],
      subscriptions: [{ account: 'staying', repo: 'octo-org/hello-world', events: ['issues'] }],
    });
    await until(() => h.engine.status().slack.socket === 'connected', 'socket connected');
  }
  const call = (method: string, params: unknown) => dispatchCall(h.engine.handlers, method, params);

  it('accounts.save to a new host without a token is refused; nothing reaches the new host', async () => {
    await setup();
    const answer = await call('accounts.save', { id: 'moving', forge: 'github', apiUrl: other.apiUrl });
    expect(answer).toEqual({
      error: expect.objectContaining({
        code: 'invalid_params',
        message: expect.stringMatching(/^The API URL moves account moving from .* enter a token for the new host/),
      }),
    });
    expect(other.stats.total).toBe(0);
    expect(h.saved().accounts.find((a) => a.id === 'moving')).toMatchObject({
      apiUrl: github.apiUrl,
      token: DEFAULT_GITHUB_TOKEN,
    });
    // With a token for the new host it is saved (and checked there, with that token).
    const saved = await call('accounts.save', {
      id: 'moving',
      forge: 'github',
      apiUrl: other.apiUrl,
      token: DEFAULT_GITHUB_TOKEN,
    });
    expect(saved).toEqual({ result: expect.objectContaining({ ok: true }) });
    expect(other.stats.total).toBeGreaterThan(0);
  });

  it('config.import moving an account with token null forgets the token and says so; the new host hears nothing', async () => {
    await setup();
    const exported = JSON.parse(((await call('config.export', {})) as { result: { json: string } }).result.json) as {
      accounts: { id: string; apiUrl: string }[];
    };
    exported.accounts.find((a) => a.id === 'moving')!.apiUrl = other.apiUrl;
    const answer = (await call('config.import', { json: JSON.stringify(exported) })) as { result: { summary: string } };
    expect(answer.result.summary).toMatch(/Forgotten because the API URL moved.*the token of account moving/);
    expect(h.saved().accounts.find((a) => a.id === 'moving')?.token).toBeNull();
    expect(h.saved().accounts.find((a) => a.id === 'staying')?.token).toBe(DEFAULT_GITHUB_TOKEN);
    // The control: the account that stayed keeps polling its host meanwhile.
    const before = github.stats.total;
    await sleep(2500);
    expect(github.stats.total).toBeGreaterThan(before);
    expect(other.stats.total).toBe(0);
    expect(h.engine.status().accounts.find((a) => a.id === 'moving')).toMatchObject({
      state: 'error',
      error: expect.stringMatching(/No token/),
    });
  });

  it('slack.save with another Slack URL forgets both Slack tokens; the other Slack is never called with them', async () => {
    await setup();
    const answer = (await call('slack.save', { apiUrl: otherSlack.apiUrl })) as { result: { summary: string } };
    expect(answer.result.summary).toMatch(/the Slack bot token .*the Slack app-level token/);
    expect(h.saved().slack).toMatchObject({ apiUrl: otherSlack.apiUrl, botToken: null, appToken: null });
    await until(() => h.engine.status().slack.mode === 'none', 'Slack without tokens');
    await sleep(500);
    expect(otherSlack.calls).toEqual([]);
    expect(h.engine.status().slack.socket).toBe('disabled');
  });

  it('plain http:// API URLs are refused at the boundary, loopback excepted', async () => {
    await setup();
    const refused = await call('accounts.save', {
      id: 'corp',
      forge: 'github',
      apiUrl: 'http://github.corp.example/api/v3',
      token: 'ghp_whatever',
    });
    expect(refused).toEqual({
      error: expect.objectContaining({
        code: 'invalid_params',
        issues: [{ path: 'apiUrl', message: expect.stringMatching(/^must start with https:\/\/ — plain http:\/\//) }],
      }),
    });
    expect((await call('slack.save', { apiUrl: 'http://slack.corp.example/api/' })) as object).toMatchObject({
      error: { code: 'invalid_params' },
    });
  });
});
