import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Status } from '../../../electron/contract/schemas.js';
import type { Engine } from '../../../electron/core/engine/engine.js';
import { type Clock, systemClock } from '../../../electron/core/runtime/clock.js';
import type { ConfigFileInput } from '../../../electron/core/settings/config-schema.js';
import { DEFAULT_GITHUB_TOKEN, type GitHubFake, startGitHubFake } from '../../fakes/github/index.js';
import { type GitLabFake, startGitLabFake } from '../../fakes/gitlab/index.js';
import { type SlackFake, startSlackFake } from '../../fakes/slack/index.js';
import { startEngineOnDisk } from './engine-on-disk.js';
import { sleep, until } from './wait-until.js';

const GH_REPO = 'octo-org/hello-world';
const GL_REPO = 'acme/platform/api';
const DAY_MS = 86_400_000;

/**
 * Real time, except that waits of `thresholdMs` or more are recorded and then shortened to `shortMs`: the poll
 * scheduler's error backoff (5–15 s after the first failed cycle, more after the next) is asserted from what it asked
 * for, without the test sleeping through it. Rate-limit waits (a few seconds here) stay real.
 */
function backoffRecordingClock(thresholdMs = 5000, shortMs = 800): Clock & { longWaits: number[] } {
  const longWaits: number[] = [];
  return {
    longWaits,
    now: () => Date.now(),
    setTimeout(fn, ms) {
      if (ms >= thresholdMs) longWaits.push(ms);
      return systemClock.setTimeout(fn, ms >= thresholdMs ? shortMs : ms);
    },
  };
}

function config(slack: SlackFake, accounts: { github?: GitHubFake; gitlab?: GitLabFake }): ConfigFileInput {
  return {
    version: 1,
    pollIntervalSeconds: 1,
    slack: { botToken: slack.botToken, apiUrl: slack.apiUrl, defaultChannel: 'general' },
    accounts: [
      ...(accounts.github ? [{ id: 'github', forge: 'github' as const, apiUrl: accounts.github.apiUrl, token: DEFAULT_GITHUB_TOKEN }] : []),
      ...(accounts.gitlab ? [{ id: 'gitlab', forge: 'gitlab' as const, apiUrl: accounts.gitlab.apiUrl, token: accounts.gitlab.token }] : []),
    ],
    subscriptions: [
      ...(accounts.github ? [{ account: 'github', repo: GH_REPO, events: ['issues' as const, 'commits' as const], threads: false }] : []),
      ...(accounts.gitlab ? [{ account: 'gitlab', repo: GL_REPO, events: ['issues' as const, 'commits' as const], threads: false }] : []),
    ],
  };
}

/** How many Slack messages mention each title; every title must appear exactly once. */
function countsOf(slack: SlackFake, titles: string[]): Record<string, number> {
  return Object.fromEntries(titles.map((t) => [t, slack.messages.filter((m) => m.text.includes(t)).length]));
}
const once = (titles: string[]): Record<string, number> => Object.fromEntries(titles.map((t) => [t, 1]));
const accountState = (engine: Engine, id: string): Status['accounts'][number] | undefined => engine.status().accounts.find((a) => a.id === id);

describe('forge resilience, through the real engine', () => {
  let slack: SlackFake | undefined;
  let github: GitHubFake | undefined;
  let gitlab: GitLabFake | undefined;
  let engine: Engine | undefined;
  let dataDir: string | undefined;
  afterEach(async () => {
    await engine?.stop();
    await Promise.all([slack?.close(), github?.close(), gitlab?.close()]);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    [slack, github, gitlab, engine, dataDir] = [undefined, undefined, undefined, undefined, undefined];
  });

  it('catches up after downtime: everything that happened while stopped is delivered once, nothing old again', async () => {
    slack = await startSlackFake();
    github = await startGitHubFake({ pollIntervalSeconds: 1 });
    gitlab = await startGitLabFake();
    github.createRepo(GH_REPO);
    gitlab.createProject(GL_REPO);
    dataDir = mkdtempSync(join(tmpdir(), 'forgebell-catchup-'));
    const key = randomBytes(32);
    engine = await startEngineOnDisk(dataDir, key, config(slack, { github, gitlab }));
    await sleep(1200);
    github.openIssue(GH_REPO, { title: 'Before the outage on GitHub' });
    gitlab.openIssue(GL_REPO, { title: 'Before the outage on GitLab' });
    await until(() => slack!.messages.length === 2, 'the two messages from before the outage');
    await engine.stop();
    engine = undefined;

    const during = ['GitHub while down 1', 'GitHub while down 2', 'GitHub while down 3', 'GitLab while down 1', 'GitLab while down 2'];
    for (const title of during.slice(0, 3)) github.openIssue(GH_REPO, { title });
    github.push(GH_REPO, 'main', ['Pushed while Forgebell was stopped']);
    for (const title of during.slice(3)) gitlab.openIssue(GL_REPO, { title });
    gitlab.push(GL_REPO, { branch: 'main', commits: ['GitLab push while stopped'] });
    await sleep(1100);

    engine = await startEngineOnDisk(dataDir, key, null);
    const expected = 2 + during.length + 2;
    await until(() => slack!.messages.length >= expected, () => `${expected} messages after the restart (have ${slack!.messages.length})`);
    await sleep(2000);
    expect(countsOf(slack, [...during, 'Before the outage on GitHub', 'Before the outage on GitLab'])).toEqual(once([...during, 'Before the outage on GitHub', 'Before the outage on GitLab']));
    expect(slack.messages.filter((m) => /pushed 1 commit to main/.test(m.text)).map((m) => m.text.slice(0, m.text.indexOf(']') + 1))).toEqual(
      expect.arrayContaining(['[octo-org/hello-world]', '[acme/platform/api]']),
    );
    expect(slack.messages).toHaveLength(expected);
    const items = engine.feed.page({ limit: 100 }).items;
    expect(items).toHaveLength(expected);
    expect(items.every((i) => i.fate === 'delivered')).toBe(true);
    expect(new Set(items.map((i) => i.eventId)).size).toBe(items.length);
  });

  it("window overflow: more than GitHub's 300 feed events while stopped is reported honestly", async () => {
    slack = await startSlackFake();
    github = await startGitHubFake({ pollIntervalSeconds: 1 });
    github.createRepo(GH_REPO);
    dataDir = mkdtempSync(join(tmpdir(), 'forgebell-overflow-'));
    const key = randomBytes(32);
    engine = await startEngineOnDisk(dataDir, key, config(slack, { github }));
    await sleep(1200);
    github.openIssue(GH_REPO, { title: 'Seen before the outage' });
    await until(() => slack!.messages.length === 1, 'the first message');
    await engine.stop();
    engine = undefined;

    github.openIssue(GH_REPO, { title: 'Pushed out of the feed' });
    for (let i = 0; i < 320; i++) github.editWiki(GH_REPO, [`Page ${i}`]);
    github.openIssue(GH_REPO, { title: 'Still in the feed' });

    engine = await startEngineOnDisk(dataDir, key, null);
    await until(() => slack!.messages.some((m) => m.text.includes('Still in the feed')), 'the issue still in the feed');
    const warning = await (async () => {
      await until(() => engine!.logs.some((l) => /only keeps the latest 300 events/.test(l.message)), 'the overflow warning in the log');
      return engine!.logs.find((l) => /only keeps the latest 300 events/.test(l.message));
    })();
    expect(warning).toMatchObject({ level: 'warn', message: expect.stringMatching(/octo-org\/hello-world.*activity between .* may be missing/) });
    const logs = await engine.handlers['logs.recent']({});
    expect(logs.some((l) => /may be missing/.test(l.message))).toBe(true);
  });

  it('GitLab day boundary: events just before and after midnight UTC are each delivered once', async () => {
    const midnight = Math.ceil((Date.now() + 60_000) / DAY_MS) * DAY_MS;
    const offset = midnight - 4000 - Date.now();
    const clock: Clock = { now: () => Date.now() + offset, setTimeout: systemClock.setTimeout };
    slack = await startSlackFake();
    gitlab = await startGitLabFake({ now: clock.now });
    gitlab.createProject(GL_REPO);
    dataDir = mkdtempSync(join(tmpdir(), 'forgebell-midnight-'));
    engine = await startEngineOnDisk(dataDir, randomBytes(32), config(slack, { gitlab }), { clock });
    await sleep(1200);
    gitlab.openIssue(GL_REPO, { title: 'Late evening issue' });
    expect(clock.now()).toBeLessThan(midnight);
    await until(() => slack!.messages.length === 1, 'the evening issue');
    await until(() => clock.now() >= midnight + 300, 'midnight UTC on the engine clock');
    gitlab.openIssue(GL_REPO, { title: 'Just after midnight issue' });
    await until(() => slack!.messages.length === 2, 'the after-midnight issue');
    // Polls after midnight ask for the previous days again (day granularity); nothing may come back twice.
    await sleep(2500);
    expect(countsOf(slack, ['Late evening issue', 'Just after midnight issue'])).toEqual(once(['Late evening issue', 'Just after midnight issue']));
    expect(slack.messages).toHaveLength(2);
    expect(engine.feed.page({ limit: 10 }).items).toHaveLength(2);
  });

  it('GitHub primary rate limit exhausted: the account is degraded until the reset, then nothing is lost', async () => {
    slack = await startSlackFake();
    github = await startGitHubFake({ pollIntervalSeconds: 1 });
    github.createRepo(GH_REPO);
    dataDir = mkdtempSync(join(tmpdir(), 'forgebell-ratelimit-'));
    engine = await startEngineOnDisk(dataDir, randomBytes(32), config(slack, { github }));
    await sleep(1200);
    github.setRateLimit({ remaining: 0, resetInSeconds: 3 });
    const resetAt = Date.now() + 3000;
    github.openIssue(GH_REPO, { title: 'Opened while rate limited' });
    await until(() => accountState(engine!, 'github')?.state === 'degraded', 'the account to be degraded');
    expect(accountState(engine, 'github')?.error).toMatch(/rate limit reached; waiting until/);
    expect(slack.messages).toHaveLength(0);
    await until(() => slack!.messages.length === 1, 'the issue after the reset');
    // Floor to whole seconds: x-ratelimit-reset has second precision.
    expect(Date.now()).toBeGreaterThanOrEqual(Math.floor(resetAt / 1000) * 1000);
    // It waited for the reset instead of hammering the API.
    expect(github.stats.rateLimited).toBeLessThanOrEqual(2);
    await until(() => accountState(engine!, 'github')?.state === 'ok', 'the account to be ok again');
    await sleep(1200);
    expect(countsOf(slack, ['Opened while rate limited'])).toEqual(once(['Opened while rate limited']));
  });

  it('GitHub secondary rate limit: waits for retry-after before asking again', async () => {
    slack = await startSlackFake();
    github = await startGitHubFake({ pollIntervalSeconds: 1 });
    github.createRepo(GH_REPO);
    dataDir = mkdtempSync(join(tmpdir(), 'forgebell-secondary-'));
    engine = await startEngineOnDisk(dataDir, randomBytes(32), config(slack, { github }));
    await sleep(1200);
    github.secondaryLimit(/\/events$/, { retryAfterSeconds: 2 });
    github.openIssue(GH_REPO, { title: 'Behind a secondary limit' });
    await until(() => github!.stats.injected === 1, 'the secondary limit to be hit');
    const hitAt = Date.now();
    const eventsPath = `/repos/${GH_REPO}/events`;
    const requestsAtHit = github.stats.byPath[eventsPath] ?? 0;
    await until(() => accountState(engine!, 'github')?.state === 'degraded', 'the account to be degraded');
    expect(accountState(engine, 'github')?.error).toMatch(/rate limit/);
    await until(() => (github!.stats.byPath[eventsPath] ?? 0) > requestsAtHit, 'the next events request');
    expect(Date.now() - hitAt).toBeGreaterThanOrEqual(1900);
    await until(() => slack!.messages.length === 1, 'the issue after the backoff');
    expect(countsOf(slack, ['Behind a secondary limit'])).toEqual(once(['Behind a secondary limit']));
  });

  it('5xx and malformed JSON on one account: it backs off and retries; the other account keeps delivering', async () => {
    const clock = backoffRecordingClock();
    slack = await startSlackFake();
    github = await startGitHubFake({ pollIntervalSeconds: 1 });
    gitlab = await startGitLabFake();
    github.createRepo(GH_REPO);
    gitlab.createProject(GL_REPO);
    dataDir = mkdtempSync(join(tmpdir(), 'forgebell-isolation-'));
    engine = await startEngineOnDisk(dataDir, randomBytes(32), config(slack, { github, gitlab }), { clock });
    const githubStates: { state: string; error: string | null }[] = [];
    const gitlabStates = new Set<string>();
    engine.onPush((event, payload) => {
      if (event !== 'status') return;
      for (const a of (payload as Status).accounts) {
        if (a.id === 'github') githubStates.push({ state: a.state, error: a.error });
        if (a.id === 'gitlab') gitlabStates.add(a.state);
      }
    });
    await sleep(1200);
    expect(accountState(engine, 'gitlab')?.state).toBe('ok');

    // Two failed cycles on GitHub: an HTML 502 page, then a 200 with truncated JSON.
    github.failNext(/\/events$/, { status: 502, rawBody: '<html><body><h1>502 Bad Gateway</h1></body></html>' });
    github.failNext(/\/events$/, { status: 200, rawBody: '[{"id":"1","type":"IssuesEvent","payload":{' });
    github.openIssue(GH_REPO, { title: 'GitHub after the outage' });
    gitlab.openIssue(GL_REPO, { title: 'GitLab during the GitHub outage' });

    await until(() => slack!.messages.length === 2, 'both messages');
    const order = slack.messages.map((m) => (m.text.includes('GitLab during') ? 'gitlab' : 'github'));
    expect(order).toEqual(['gitlab', 'github']);
    expect(github.stats.injected).toBe(2);
    expect(githubStates.some((s) => s.state === 'degraded' && /answered 502; will retry/.test(s.error ?? ''))).toBe(true);
    expect(githubStates.some((s) => s.state === 'degraded' && /not JSON/.test(s.error ?? ''))).toBe(true);
    expect([...gitlabStates]).toEqual(['ok']);
    // Backoff with jitter after each failed cycle: 10 s ± 50 %, then 20 s ± 50 % (shortened by the test clock).
    expect(clock.longWaits.length).toBeGreaterThanOrEqual(2);
    expect(clock.longWaits[0]).toBeGreaterThanOrEqual(5000);
    expect(clock.longWaits[1]).toBeGreaterThanOrEqual(10_000);
    await until(() => accountState(engine!, 'github')?.state === 'ok', 'GitHub to be ok again');
    await sleep(1200);
    expect(countsOf(slack, ['GitHub after the outage', 'GitLab during the GitHub outage'])).toEqual(once(['GitHub after the outage', 'GitLab during the GitHub outage']));
  });
});
