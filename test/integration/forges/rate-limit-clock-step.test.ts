import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type Clock, systemClock } from '../../../electron/core/runtime/clock.js';
import { type GitHubFake, startGitHubFake } from '../../fakes/github/index.js';
import { type SlackFake, startSlackFake } from '../../fakes/slack/index.js';
import { sleep, until } from '../../support/wait-until.js';
import { type EngineOnDisk, startEngineOnDisk } from './engine-on-disk.js';
import { accountState, config, countsOf, GH_REPO, once } from './resilience-world.js';

/**
 * A rate-limit reset comes as a wall-clock instant (x-ratelimit-reset). Once received it is a duration: a wall-clock
 * step backwards (NTP, a VM resumed) while waiting must not add the step to the wait.
 */
describe('a GitHub rate limit across a wall-clock step', () => {
  let slack: SlackFake | undefined;
  let github: GitHubFake | undefined;
  let engine: EngineOnDisk | undefined;
  let dataDir: string | undefined;
  afterEach(async () => {
    await engine?.stop();
    await Promise.all([slack?.close(), github?.close()]);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('polling resumes at the reset, not an hour later, when the clock steps back an hour meanwhile', async () => {
    let offset = 0;
    const clock: Clock = {
      now: () => Date.now() + offset,
      monotonic: systemClock.monotonic,
      setTimeout: systemClock.setTimeout,
    };
    slack = await startSlackFake();
    github = await startGitHubFake({ pollIntervalSeconds: 1 });
    github.createRepo(GH_REPO);
    dataDir = mkdtempSync(join(tmpdir(), 'forgebell-clockstep-'));
    engine = await startEngineOnDisk(dataDir, randomBytes(32), config(slack, { github }), { clock });
    await sleep(1200);
    github.setRateLimit({ remaining: 0, resetInSeconds: 2 });
    github.openIssue(GH_REPO, { title: 'Waiting out a rate limit' });
    await until(() => accountState(engine!, 'github')?.state === 'degraded', 'the account to be degraded');
    offset = -3_600_000;
    await until(() => slack!.messages.length === 1, 'the issue after the reset', 15_000);
    expect(countsOf(slack, ['Waiting out a rate limit'])).toEqual(once(['Waiting out a rate limit']));
  });
});
