import { afterEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../../electron/core/runtime/clock.js';
import { systemClock } from '../../../electron/core/runtime/clock.js';
import { DEFAULT_GITHUB_TOKEN, type GitHubFake, startGitHubFake } from '../../fakes/github/index.js';
import { type SlackFake, startSlackFake } from '../../fakes/slack/index.js';
import { type EngineHarness, startEngine } from '../../support/engine-harness.js';
import { sleep, until } from '../../support/wait-until.js';

const REPO = 'octo-org/hello-world';

let slack: SlackFake | undefined;
let github: GitHubFake | undefined;
let h: EngineHarness | undefined;

afterEach(async () => {
  await h?.stop();
  await github?.close();
  await slack?.close();
  h = github = slack = undefined;
});

/**
 * GitHub stamps events with whole seconds. A subscription made in the app (or in Slack) notes the repository's feed
 * position, so within its first second an issue opened just before it is history and one opened just after it is
 * news. The engine and the fake share a clock frozen inside one second while the three steps happen.
 */
describe('a new subscription starts exactly at "now", even within one second', () => {
  it('made in the app: the issue opened right after is delivered, the one right before is not', async () => {
    let frozen: number | null = null;
    const clock: Clock = {
      now: () => frozen ?? Date.now(),
      monotonic: systemClock.monotonic,
      setTimeout: systemClock.setTimeout,
    };
    slack = await startSlackFake();
    github = await startGitHubFake({ now: clock.now, pollIntervalSeconds: 1 });
    github.createRepo(REPO);
    h = await startEngine(
      {
        version: 1,
        pollIntervalSeconds: 1,
        slack: { botToken: slack.botToken, apiUrl: slack.apiUrl, defaultChannel: 'general' },
        accounts: [{ id: 'github', forge: 'github', apiUrl: github.apiUrl, token: DEFAULT_GITHUB_TOKEN }],
        subscriptions: [],
      },
      { clock },
    );
    // Inside one second: .200 an issue, .500 the subscription, .800 another issue. GitHub shows all three at .000.
    const second = Math.ceil(Date.now() / 1000) * 1000 + 1000;
    frozen = second + 200;
    github.openIssue(REPO, { title: 'Opened just before subscribing' });
    frozen = second + 500;
    const sub = await h.engine.handlers['subscriptions.add']({ account: 'github', repo: REPO, channel: 'general' });
    expect(h.saved().subscriptions.find((s) => s.id === sub.id)?.sinceSeq).toEqual(expect.any(Number));
    frozen = second + 800;
    github.openIssue(REPO, { title: 'Opened just after subscribing' });
    frozen = null;

    await until(
      () => slack!.messages.some((m) => m.text.includes('Opened just after subscribing')),
      'the issue opened after subscribing',
    );
    await sleep(2500);
    expect(slack.messages.filter((m) => m.text.includes('Opened just'))).toHaveLength(1);
  });

  it('from a config file (no feed position): history from the same second stays out', async () => {
    slack = await startSlackFake();
    github = await startGitHubFake({ pollIntervalSeconds: 1 });
    github.createRepo(REPO);
    github.openIssue(REPO, { title: 'History right before the import' });
    h = await startEngine({
      version: 1,
      pollIntervalSeconds: 1,
      slack: { botToken: slack.botToken, apiUrl: slack.apiUrl, defaultChannel: 'general' },
      accounts: [{ id: 'github', forge: 'github', apiUrl: github.apiUrl, token: DEFAULT_GITHUB_TOKEN }],
      subscriptions: [{ account: 'github', repo: REPO }],
    });
    await sleep(1100);
    github.openIssue(REPO, { title: 'After the import' });
    await until(() => slack!.messages.some((m) => m.text.includes('After the import')), 'the issue after the import');
    expect(slack.messages.some((m) => m.text.includes('History right before the import'))).toBe(false);
  });
});
