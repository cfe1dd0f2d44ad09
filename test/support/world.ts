import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_GITHUB_TOKEN, type GitHubFake, startGitHubFake } from '../fakes/github/index.js';
import { type SlackFake, startSlackFake } from '../fakes/slack/index.js';
import { sleep } from './wait-until.js';

export const REPO = 'octo-org/hello-world';

export interface TestWorld {
  slack: SlackFake;
  github: GitHubFake;
  dataDir: string;
  configPath: string;
  config: Record<string, unknown>;
  close(): Promise<void>;
}

/**
 * Waits until the wall clock has left the second in which a config was just imported. GitHub (and its fake) stamp
 * events in whole seconds, and a subscription from a config file (no feed position) counts an event stamped before
 * its creation instant as history — correctly. A test that acts right after the import waits this out first,
 * instead of weakening the rule. `importedAt`: any instant after the import finished (default: now).
 */
export async function waitPastSubscriptionStart(importedAt = Date.now()): Promise<void> {
  const nextSecond = (Math.floor(importedAt / 1000) + 1) * 1000;
  await sleep(Math.max(0, nextSecond - Date.now()) + 5);
}

/** Fakes of Slack and GitHub, a temp data dir and a config file pointing at them. */
export async function startTestWorld(
  options: {
    appToken?: boolean;
    slackRateLimit?: { perSecond: number; burst: number } | null;
    configure?: (config: Record<string, unknown>) => void;
  } = {},
): Promise<TestWorld> {
  const slack = await startSlackFake({ rateLimit: options.slackRateLimit ?? null });
  const github = await startGitHubFake({ pollIntervalSeconds: 1 });
  github.createRepo(REPO);
  const dataDir = mkdtempSync(join(tmpdir(), 'forgebell-test-'));
  const config: Record<string, unknown> = {
    version: 1,
    pollIntervalSeconds: 1,
    slack: {
      botToken: slack.botToken,
      appToken: options.appToken ? slack.appToken : null,
      apiUrl: slack.apiUrl,
      defaultChannel: 'general',
      commandUsers: ['U0ALICE001'],
    },
    accounts: [{ id: 'github', forge: 'github', apiUrl: github.apiUrl, token: DEFAULT_GITHUB_TOKEN }],
    subscriptions: [{ account: 'github', repo: REPO, events: ['issues', 'pulls', 'commits', 'releases'] }],
  };
  options.configure?.(config);
  const configPath = join(dataDir, '..', `${dataDir.split('/').pop()}-config.json`);
  writeFileSync(configPath, JSON.stringify(config, null, 2));
  return {
    slack,
    github,
    dataDir,
    configPath,
    config,
    close: async () => {
      await Promise.all([slack.close(), github.close()]);
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(configPath, { force: true });
    },
  };
}
