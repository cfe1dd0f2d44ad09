export interface RateLimitOptions {
  /** Requests per window (gitlab.com: about 2,000 per minute for an authenticated user). */
  limit: number;
  windowMs: number;
}

export interface RateLimitVerdict {
  allowed: boolean;
  headers: Record<string, string>;
}

/** Fixed-window limiter on the fake's clock, answering with GitLab's RateLimit-* headers. */
export class RateLimiter {
  private windowStart: number;
  private observed = 0;

  constructor(
    private readonly now: () => number,
    private options: RateLimitOptions,
  ) {
    this.windowStart = now();
  }

  configure(options: Partial<RateLimitOptions>): void {
    this.options = { ...this.options, ...options };
  }

  /** Uses up the rest of the current window: the next request gets a 429. */
  exhaust(): void {
    this.roll();
    this.observed = this.options.limit;
  }

  check(): RateLimitVerdict {
    this.roll();
    const allowed = this.observed < this.options.limit;
    if (allowed) this.observed++;
    const resetMs = this.windowStart + this.options.windowMs;
    const headers: Record<string, string> = {
      'RateLimit-Name': 'throttle_authenticated_api',
      'RateLimit-Limit': String(this.options.limit),
      'RateLimit-Observed': String(this.observed),
      'RateLimit-Remaining': String(Math.max(0, this.options.limit - this.observed)),
      'RateLimit-Reset': String(Math.ceil(resetMs / 1000)),
    };
    if (!allowed) {
      headers['Retry-After'] = String(Math.max(1, Math.ceil((resetMs - this.now()) / 1000)));
      headers['RateLimit-ResetTime'] = new Date(resetMs).toUTCString();
    }
    return { allowed, headers };
  }

  private roll(): void {
    const now = this.now();
    if (now >= this.windowStart + this.options.windowMs) {
      this.windowStart = now - ((now - this.windowStart) % this.options.windowMs);
      this.observed = 0;
    }
  }
}
