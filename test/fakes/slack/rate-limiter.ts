/** Token bucket per key (a channel id): `burst` posts at once, refilled at `perSecond`. */
export class ChannelRateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private limit: { perSecond: number; burst: number } | null,
    private readonly now: () => number,
  ) {}

  setLimit(limit: { perSecond: number; burst: number } | null): void {
    this.limit = limit;
    this.buckets.clear();
  }

  /** Takes a token; returns undefined when allowed, else the Retry-After in whole seconds (at least 1). */
  take(key: string): number | undefined {
    const limit = this.limit;
    if (!limit) return undefined;
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: limit.burst, at: now };
    bucket.tokens = Math.min(limit.burst, bucket.tokens + ((now - bucket.at) / 1000) * limit.perSecond);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return undefined;
    }
    const waitSeconds = (1 - bucket.tokens) / limit.perSecond;
    return Math.max(1, Math.ceil(waitSeconds));
  }
}
