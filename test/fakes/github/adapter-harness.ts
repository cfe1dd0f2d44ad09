import type { EventName } from '../../../electron/contract/vocabulary/event-names.js';
import { createGitHubAdapter } from '../../../electron/core/forges/github/adapter.js';
import type { ForgeAdapter, PollResult, RepoCursor } from '../../../electron/core/forges/forge-adapter.js';
import type { Logger, LogLevel } from '../../../electron/core/runtime/logger.js';
import { ManualClock } from '../clock.js';
import { DEFAULT_GITHUB_TOKEN, startGitHubFake, type GitHubFake, type GitHubFakeOptions } from './index.js';

export interface CapturedLog {
  level: LogLevel;
  message: string;
  fields?: Record<string, unknown>;
}

export interface GitHubHarness {
  clock: ManualClock;
  fake: GitHubFake;
  adapter: ForgeAdapter;
  logs: CapturedLog[];
  /** The subscription start used by `poll` (set with `startNow`). */
  since: Date;
  /** Polls with the cursor of the previous poll of the same repo. */
  poll(repo: string, wanted: EventName[]): Promise<PollResult>;
  /** One scheduler cycle over several repos: prepareCycle (lists + batched hydration), then each repo's poll. */
  pollCycle(repos: string[], wanted: EventName[]): Promise<Map<string, PollResult>>;
  /** Starts "the subscription" now: later polls only return what happens from here on. */
  startNow(): void;
  cursor(repo: string): RepoCursor | null;
  close(): Promise<void>;
}

/** A GitHub fake and an adapter pointed at it, sharing one virtual clock. For tests and benchmarks. */
export async function startGitHubHarness(
  options: { fake?: GitHubFakeOptions; accountId?: string; token?: string } = {},
): Promise<GitHubHarness> {
  const clock = new ManualClock();
  const fake = await startGitHubFake({ now: clock.now, ...options.fake });
  const logs: CapturedLog[] = [];
  const log =
    (level: LogLevel) =>
    (message: string, fields?: Record<string, unknown>): void =>
      void logs.push({ level, message, ...(fields ? { fields } : {}) });
  const logger: Logger = { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
  const adapter = createGitHubAdapter({
    accountId: options.accountId ?? 'gh',
    apiUrl: fake.apiUrl,
    token: options.token ?? DEFAULT_GITHUB_TOKEN,
    clock,
    logger,
  });
  const cursors = new Map<string, RepoCursor>();
  const harness: GitHubHarness = {
    clock,
    fake,
    adapter,
    logs,
    since: new Date(clock.now()),
    async poll(repo, wanted) {
      const result = await adapter.poll({
        repo,
        cursor: cursors.get(repo) ?? null,
        since: harness.since,
        wanted: new Set(wanted),
      });
      cursors.set(repo, JSON.parse(JSON.stringify(result.cursor)) as RepoCursor);
      return result;
    },
    async pollCycle(repos, wanted) {
      const requests = repos.map((repo) => ({
        repo,
        cursor: cursors.get(repo) ?? null,
        since: harness.since,
        wanted: new Set(wanted),
      }));
      await adapter.prepareCycle?.(requests);
      const results = new Map<string, PollResult>();
      for (const request of requests) {
        const result = await adapter.poll(request);
        cursors.set(request.repo, JSON.parse(JSON.stringify(result.cursor)) as RepoCursor);
        results.set(request.repo, result);
      }
      return results;
    },
    startNow() {
      harness.since = new Date(clock.now());
    },
    cursor: (repo) => cursors.get(repo) ?? null,
    close: () => fake.close(),
  };
  return harness;
}
