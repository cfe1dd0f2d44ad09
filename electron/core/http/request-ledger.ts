import type { Clock } from '../runtime/clock.js';

/** One minute of an account's requests. */
export interface LedgerMinute {
  /** Start of the minute, epoch ms. */
  at: number;
  /** Every request sent (GitHub's secondary limit counts these, 304s included). */
  requests: number;
  /** Answered 304 Not Modified: free on GitHub's primary budget. */
  notModified: number;
}

const MINUTE = 60_000;
const KEPT_MINUTES = 60;

/**
 * An account's requests minute by minute over the last hour: what Diagnostics charts against the forge's limits, and
 * what the pacer reads. Kept in memory (a restart starts a new hour); one per account, across adapter rebuilds.
 */
export class RequestLedger {
  private readonly minutes: LedgerMinute[] = [];

  constructor(private readonly clock: Pick<Clock, 'now'>) {}

  record(status: number): void {
    const at = Math.floor(this.clock.now() / MINUTE) * MINUTE;
    let last = this.minutes.at(-1);
    if (!last || last.at !== at) {
      last = { at, requests: 0, notModified: 0 };
      this.minutes.push(last);
      while (this.minutes.length > 0 && (this.minutes[0] as LedgerMinute).at <= at - KEPT_MINUTES * MINUTE)
        this.minutes.shift();
    }
    last.requests++;
    if (status === 304) last.notModified++;
  }

  /** The last hour, oldest first, one entry per minute (minutes without requests included, as zeros). */
  lastHour(): LedgerMinute[] {
    const now = Math.floor(this.clock.now() / MINUTE) * MINUTE;
    const byAt = new Map(this.minutes.map((m) => [m.at, m]));
    return Array.from({ length: KEPT_MINUTES }, (_, i) => {
      const at = now - (KEPT_MINUTES - 1 - i) * MINUTE;
      return { ...(byAt.get(at) ?? { at, requests: 0, notModified: 0 }) };
    });
  }
}

/**
 * Keeps an account under a request count per sliding window (GitHub's secondary limit: 900 requests a minute, 304s
 * included): a request that would be the window's (max+1)th waits until the oldest one leaves it. Shared by every
 * request of the account; waiting uses the engine's clock.
 */
export class RequestPacer {
  private readonly sent: number[] = [];

  constructor(
    private readonly clock: Clock,
    private readonly max: number,
    private readonly windowMs: number,
  ) {}

  async take(): Promise<void> {
    for (;;) {
      // A duration: measured on the clock that never steps.
      const now = this.clock.monotonic();
      while (this.sent.length > 0 && (this.sent[0] as number) <= now - this.windowMs) this.sent.shift();
      if (this.sent.length < this.max) {
        this.sent.push(now);
        return;
      }
      const wait = (this.sent[0] as number) + this.windowMs - now + 1;
      await new Promise<void>((resolve) => this.clock.setTimeout(resolve, wait));
    }
  }
}
