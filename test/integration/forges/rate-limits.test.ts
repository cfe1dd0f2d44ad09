import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EngineOnDisk } from './engine-on-disk.js';
import { type GitHubFake, startGitHubFake } from '../../fakes/github/index.js';
import { type SlackFake, startSlackFake } from '../../fakes/slack/index.js';
import { startEngineOnDisk } from './engine-on-disk.js';
import { accountState, config, countsOf, GH_REPO, once } from './resilience-world.js';
import { sleep, until } from '../../support/wait-until.js';

describe('GitHub rate limits, through the real engine', () => {
  let slack: SlackFake | undefined;
  let github: GitHubFake | undefined;
  let engine: EngineOnDisk | undefined;
  let dataDir: string | undefined;
  afterEach(async () => {
    await engine?.stop();
    await Promise.all([slack?.close(), github?.close()]);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    [slack, github, engine, dataDir] = [undefined, undefined, undefined, undefined];
  });

  it('GitHub primary rate limit exhausted: the account is degraded until the reset, then nothing is lost', async () => {
    slack = await startSlackFake();
    github = await startGitHubFake({ pollIntervalSeconds: 1 });
    github.createRepo(GH_REPO);
    dataDir = mkdtempSync(join(tmpdir(), 'forgebell-ratelimit-'));
    engine = await startEngineOnDisk(dataDir, randomBytes(32), config(slack, { github }));
    await sleep(1200);
    github.setRateLimit({ remaining: 0, resetInSeconds: 2 });
    const resetAt = Date.now() + 2000;
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
    await sleep(1000);
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
});
