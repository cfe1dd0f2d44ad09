/**
 * Token bucket per channel: about one message per second with a small burst (Slack's posting limit),
 * plus a hard block until a Retry-After instant after a 429.
 */
export class ChannelRateLimiter {
  private buckets = new Map<string, { tokens: number; at: number; blockedUntil: number }>();

  constructor(
    private readonly now: () => number,
    private readonly perSecond = 1,
    private readonly burst = 3,
  ) {}

  private bucket(channel: string): { tokens: number; at: number; blockedUntil: number } {
    let b = this.buckets.get(channel);
    const t = this.now();
    if (!b) {
      b = { tokens: this.burst, at: t, blockedUntil: 0 };
      this.buckets.set(channel, b);
    }
    b.tokens = Math.min(this.burst, b.tokens + ((t - b.at) / 1000) * this.perSecond);
    b.at = t;
    return b;
  }

  /** Milliseconds until a message may be sent on this channel (0 = now). */
  wait(channel: string): number {
    const b = this.bucket(channel);
    const t = this.now();
    if (b.blockedUntil > t) return b.blockedUntil - t;
    return b.tokens >= 1 ? 0 : Math.ceil(((1 - b.tokens) / this.perSecond) * 1000);
  }

  take(channel: string): void {
    this.bucket(channel).tokens -= 1;
  }

  block(channel: string, untilMs: number): void {
    const b = this.bucket(channel);
    b.blockedUntil = Math.max(b.blockedUntil, untilMs);
    b.tokens = 0;
  }
}
