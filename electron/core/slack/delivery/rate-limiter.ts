/**
 * Token bucket per channel: about one message per second with a small burst (Slack's posting limit),
 * plus a hard block for a Retry-After after a 429. Measured on a monotonic clock: a wall-clock step
 * (NTP, a VM resumed) neither stalls a channel for the length of the step nor refills it early.
 */
export class ChannelRateLimiter {
  private buckets = new Map<string, { tokens: number; at: number; blockedUntil: number }>();

  constructor(
    /** Monotonic milliseconds (Clock.monotonic). */
    private readonly monotonic: () => number,
    private readonly perSecond = 1,
    private readonly burst = 3,
  ) {}

  private bucket(channel: string): { tokens: number; at: number; blockedUntil: number } {
    let b = this.buckets.get(channel);
    const t = this.monotonic();
    if (!b) {
      b = { tokens: this.burst, at: t, blockedUntil: 0 };
      this.buckets.set(channel, b);
    }
    b.tokens = Math.min(this.burst, b.tokens + (Math.max(0, t - b.at) / 1000) * this.perSecond);
    b.at = t;
    return b;
  }

  /** Milliseconds until a message may be sent on this channel (0 = now). */
  wait(channel: string): number {
    const b = this.bucket(channel);
    const t = this.monotonic();
    if (b.blockedUntil > t) return b.blockedUntil - t;
    return b.tokens >= 1 ? 0 : Math.ceil(((1 - b.tokens) / this.perSecond) * 1000);
  }

  take(channel: string): void {
    this.bucket(channel).tokens -= 1;
  }

  /** Nothing more on this channel for `ms` (a Retry-After), and no burst right after. */
  blockFor(channel: string, ms: number): void {
    const b = this.bucket(channel);
    b.blockedUntil = Math.max(b.blockedUntil, this.monotonic() + Math.max(0, ms));
    b.tokens = 0;
  }
}
