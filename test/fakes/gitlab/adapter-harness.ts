import { createGitLabAdapter } from '../../../electron/core/forges/gitlab/adapter.js';
import { EVENT_NAMES, type EventName } from '../../../electron/contract/vocabulary/event-names.js';
import type { ForgeAdapter, PollResult, RepoCursor } from '../../../electron/core/forges/forge-adapter.js';
import { createLogger, Redactor, type LogLine } from '../../../electron/core/runtime/logger.js';
import { startGitLabFake, type GitLabFake, type GitLabFakeOptions } from './index.js';
import { ManualClock } from '../clock.js';

export interface GitLabHarness {
  clock: ManualClock;
  fake: GitLabFake;
  adapter: ForgeAdapter;
  logs: LogLine[];
  /** A poll loop for one repo that carries its cursor from poll to poll, as the engine does. */
  poller(repo: string, options?: { wanted?: readonly EventName[]; since?: number }): RepoPoller;
  close(): Promise<void>;
}

export interface RepoPoller {
  poll(): Promise<PollResult>;
  readonly cursor: RepoCursor | null;
}

/** The fake GitLab and a GitLab adapter pointed at it, sharing one virtual clock. */
export async function startGitLabHarness(
  options: { start?: string; fake?: GitLabFakeOptions; accountId?: string } = {},
): Promise<GitLabHarness> {
  const clock = new ManualClock(options.start ?? '2025-03-10T09:00:00.000Z');
  const fake = await startGitLabFake({ now: () => clock.now(), ...options.fake });
  const logs: LogLine[] = [];
  const logger = createLogger((line) => logs.push(line), new Redactor(), 'debug');
  const adapter = createGitLabAdapter({
    accountId: options.accountId ?? 'work',
    apiUrl: fake.apiUrl,
    token: fake.token,
    clock,
    logger,
  });
  return {
    clock,
    fake,
    adapter,
    logs,
    poller(repo, pollerOptions = {}) {
      const since = new Date(pollerOptions.since ?? clock.now());
      const wanted = new Set<EventName>(pollerOptions.wanted ?? EVENT_NAMES);
      let cursor: RepoCursor | null = null;
      return {
        async poll() {
          const result = await adapter.poll({ repo, cursor, since, wanted });
          cursor = JSON.parse(JSON.stringify(result.cursor)) as RepoCursor;
          return result;
        },
        get cursor() {
          return cursor;
        },
      };
    },
    close: () => fake.close(),
  };
}
