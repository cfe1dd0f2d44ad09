import type { EventName } from '../../contract/vocabulary/event-names.js';
import type { Clock } from '../runtime/clock.js';
import type { Logger } from '../runtime/logger.js';
import type { BranchWanted, ForgeAdapter, PollRequest, PollResult } from './forge-adapter.js';
import { ForgeError } from './forge-error.js';

const NOTICE_MS = 60 * 60_000;

export interface RepoTarget {
  repo: string;
  repoId?: string;
  since: Date;
  wanted: ReadonlySet<EventName>;
  branchWanted?: BranchWanted;
  /** See PollRequest.pipelinesFor. */
  pipelinesFor?: (login: string) => boolean;
}

export interface AccountPollState {
  state: 'unknown' | 'ok' | 'degraded' | 'error';
  error: string | null;
  lastPollAt: number | null;
}

export interface PollSchedulerOptions {
  adapter: ForgeAdapter;
  clock: Clock;
  logger: Logger;
  intervalSeconds: () => number;
  targets: () => RepoTarget[];
  cursor: (repo: string) => import('./forge-adapter.js').RepoCursor | null;
  /** Persists the result (events + cursor) atomically; called once per successful repo poll. */
  ingest: (repo: string, result: PollResult) => Promise<void>;
  onState: (state: AccountPollState) => void;
  /** Work before each cycle's targets are read (pattern subscriptions list their owners here); its failure is logged. */
  beforeCycle?: () => Promise<void>;
  concurrency?: number;
}

/**
 * One poll loop per account: every interval (never shorter than the forge's X-Poll-Interval), polls each
 * subscribed repo with bounded concurrency; waits for a rate-limit reset; backs off with jitter on errors.
 * One broken repo or account never stops the others.
 */
export class PollScheduler {
  private timer: { cancel(): void } | null = null;
  private running: Promise<void> | null = null;
  private stopped = true;
  private minInterval = 0;
  private failures = 0;
  /** Monotonic instant until which the forge asked us to wait (a rate-limit reset given as a date, made a duration). */
  private blockedUntil = 0;
  private state: AccountPollState = { state: 'unknown', error: null, lastPollAt: null };
  /** A gap the forge could not fill (feed window exceeded): shown as degraded for an hour, not just logged. */
  private notice: { text: string; at: number } | null = null;

  constructor(private readonly o: PollSchedulerOptions) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.timer?.cancel();
    await this.running;
  }

  /** Poll now (resume from sleep, "Poll now"), unless rate-limited. */
  pollNow(): void {
    if (this.stopped) return;
    const wait = Math.max(0, this.blockedUntil - this.o.clock.monotonic());
    this.schedule(wait);
  }

  private schedule(ms: number): void {
    this.timer?.cancel();
    this.timer = this.o.clock.setTimeout(() => {
      if (this.running) return this.schedule(250);
      this.running = this.cycle().finally(() => {
        this.running = null;
      });
    }, ms);
  }

  private setState(next: Partial<AccountPollState>): void {
    this.state = { ...this.state, ...next };
    this.o.onState(this.state);
  }

  private async cycle(): Promise<void> {
    if (this.o.beforeCycle && this.o.clock.now() >= this.blockedUntil) {
      try {
        await this.o.beforeCycle();
      } catch (error) {
        this.o.logger.warn(`preparing the subscriptions of ${this.o.adapter.accountId} failed`, { error });
      }
    }
    const targets = this.o.targets();
    const requestOf = (t: RepoTarget): PollRequest => ({
      repo: t.repo,
      ...(t.repoId ? { repoId: t.repoId } : {}),
      cursor: this.o.cursor(t.repo),
      since: t.since,
      wanted: t.wanted,
      ...(t.branchWanted ? { branchWanted: t.branchWanted } : {}),
      ...(t.pipelinesFor ? { pipelinesFor: t.pipelinesFor } : {}),
    });
    if (this.o.adapter.prepareCycle && this.o.clock.monotonic() >= this.blockedUntil) {
      try {
        await this.o.adapter.prepareCycle(targets.map(requestOf));
      } catch (error) {
        // Preparing is an optimisation: each repo's poll below still runs (and reports its own failure).
        this.o.logger.warn(`preparing the poll cycle of ${this.o.adapter.accountId} failed`, { error });
      }
    }
    const queue = [...targets];
    let firstError: ForgeError | null = null;
    let okCount = 0;
    const worker = async (): Promise<void> => {
      for (let t = queue.shift(); t && !this.stopped; t = queue.shift()) {
        if (this.o.clock.monotonic() < this.blockedUntil) return;
        try {
          const result = await this.o.adapter.poll(requestOf(t));
          if (result.minIntervalSeconds) this.minInterval = Math.max(this.minInterval, result.minIntervalSeconds);
          for (const w of result.warnings) {
            this.o.logger.warn(`${this.o.adapter.accountId}:${t.repo}: ${w}`);
            this.notice = { text: w, at: this.o.clock.now() };
          }
          await this.o.ingest(t.repo, result);
          okCount++;
        } catch (error) {
          const err =
            error instanceof ForgeError
              ? error
              : new ForgeError(
                  'bad_response',
                  `Unexpected failure while polling ${t.repo}: ${(error as Error)?.message ?? String(error)}`,
                  { cause: error },
                );
          firstError ??= err;
          if (err.code === 'rate_limited' && err.details.retryAt) {
            // A reset instant in wall-clock time becomes a duration now: a later clock step cannot stretch it.
            const waitMs = Math.max(0, err.details.retryAt - this.o.clock.now());
            this.blockedUntil = Math.max(this.blockedUntil, this.o.clock.monotonic() + waitMs);
          }
          this.o.logger.warn(`poll failed for ${this.o.adapter.accountId}:${t.repo}`, {
            code: err.code,
            message: err.message,
          });
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.o.concurrency ?? 4, Math.max(1, targets.length)) }, worker));
    const now = this.o.clock.now();
    const interval = Math.max(this.o.intervalSeconds(), this.minInterval) * 1000;
    if (firstError) {
      const err: ForgeError = firstError;
      this.failures = okCount > 0 ? 0 : this.failures + 1;
      const fatal = ['unauthorized', 'forbidden', 'missing_scope', 'tls', 'dns'].includes(err.code) && okCount === 0;
      this.setState({ state: fatal ? 'error' : 'degraded', error: err.message, lastPollAt: now });
      let delay = interval;
      const blockedFor = this.blockedUntil - this.o.clock.monotonic();
      if (blockedFor > 0) delay = blockedFor + 1000;
      else if (this.failures > 0)
        delay = Math.max(
          interval,
          Math.min(15 * 60_000, 5000 * 2 ** Math.min(this.failures, 8)) * (0.5 + Math.random()),
        );
      if (!this.stopped) this.schedule(delay);
      return;
    }
    this.failures = 0;
    const notice = this.notice && now - this.notice.at < NOTICE_MS ? this.notice.text : null;
    this.setState({ state: notice ? 'degraded' : 'ok', error: notice, lastPollAt: now });
    if (!this.stopped) this.schedule(interval);
  }
}
