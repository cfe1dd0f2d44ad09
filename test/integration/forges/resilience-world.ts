import type { Status } from '../../../electron/contract/schemas.js';
import type { EngineOnDisk } from './engine-on-disk.js';
import { type Clock, systemClock } from '../../../electron/core/runtime/clock.js';
import type { ConfigFileInput } from '../../../electron/core/settings/config-schema.js';
import { DEFAULT_GITHUB_TOKEN, type GitHubFake } from '../../fakes/github/index.js';
import type { GitLabFake } from '../../fakes/gitlab/index.js';
import type { SlackFake } from '../../fakes/slack/index.js';

export const GH_REPO = 'octo-org/hello-world';
export const GL_REPO = 'acme/platform/api';
export const DAY_MS = 86_400_000;

/**
 * Real time, except that waits of `thresholdMs` or more are recorded and then shortened to `shortMs`: the poll
 * scheduler's error backoff (5–15 s after the first failed cycle, more after the next) is asserted from what it asked
 * for, without the test sleeping through it. Rate-limit waits (a few seconds here) stay real.
 */
export function backoffRecordingClock(thresholdMs = 5000, shortMs = 800): Clock & { longWaits: number[] } {
  const longWaits: number[] = [];
  return {
    longWaits,
    now: () => Date.now(),
    monotonic: systemClock.monotonic,
    setTimeout(fn, ms) {
      if (ms >= thresholdMs) longWaits.push(ms);
      return systemClock.setTimeout(fn, ms >= thresholdMs ? shortMs : ms);
    },
  };
}

/** Issues and commits of each forge post to their own channels, so Slack's per-channel pace (1/s) does not slow the test. */
export function config(slack: SlackFake, accounts: { github?: GitHubFake; gitlab?: GitLabFake }): ConfigFileInput {
  for (const name of ['gh-issues', 'gh-commits', 'gl-issues', 'gl-commits'])
    if (!slack.channels.some((c) => c.name === name)) slack.addChannel(name, { is_member: true });
  return {
    version: 1,
    pollIntervalSeconds: 1,
    slack: { botToken: slack.botToken, apiUrl: slack.apiUrl, defaultChannel: 'general' },
    accounts: [
      ...(accounts.github
        ? [{ id: 'github', forge: 'github' as const, apiUrl: accounts.github.apiUrl, token: DEFAULT_GITHUB_TOKEN }]
        : []),
      ...(accounts.gitlab
        ? [{ id: 'gitlab', forge: 'gitlab' as const, apiUrl: accounts.gitlab.apiUrl, token: accounts.gitlab.token }]
        : []),
    ],
    subscriptions: [
      ...(accounts.github
        ? [
            {
              account: 'github',
              repo: GH_REPO,
              channel: 'gh-issues',
              channels: { commits: 'gh-commits' },
              events: ['issues' as const, 'commits' as const],
              threads: false,
            },
          ]
        : []),
      ...(accounts.gitlab
        ? [
            {
              account: 'gitlab',
              repo: GL_REPO,
              channel: 'gl-issues',
              channels: { commits: 'gl-commits' },
              events: ['issues' as const, 'commits' as const],
              threads: false,
            },
          ]
        : []),
    ],
  };
}

/** How many Slack messages mention each title; every title must appear exactly once. */
export function countsOf(slack: SlackFake, titles: string[]): Record<string, number> {
  return Object.fromEntries(titles.map((t) => [t, slack.messages.filter((m) => m.text.includes(t)).length]));
}
export const once = (titles: string[]): Record<string, number> => Object.fromEntries(titles.map((t) => [t, 1]));
export const accountState = (engine: EngineOnDisk, id: string): Status['accounts'][number] | undefined =>
  engine.status().accounts.find((a) => a.id === id);
