/** Primary rate limit accounting per login, as GitHub reports it in x-ratelimit-* headers. */
export interface RateLimitOptions {
  limit?: number;
  windowSeconds?: number;
  /** Status used when the budget is exhausted: GitHub answers 403 (most often) or 429. */
  exhaustedStatus?: 403 | 429;
}

interface Bucket {
  limit: number;
  used: number;
  resetAt: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  limit: number;
  exhaustedStatus: 403 | 429;
  private readonly windowMs: number;

  constructor(
    private readonly now: () => number,
    options: RateLimitOptions = {},
  ) {
    this.limit = options.limit ?? 5000;
    this.windowMs = (options.windowSeconds ?? 3600) * 1000;
    this.exhaustedStatus = options.exhaustedStatus ?? 403;
  }

  private bucket(login: string): Bucket {
    let bucket = this.buckets.get(login);
    if (!bucket || this.now() >= bucket.resetAt) {
      bucket = { limit: bucket?.limit ?? this.limit, used: 0, resetAt: this.now() + this.windowMs };
      this.buckets.set(login, bucket);
    }
    return bucket;
  }

  exhausted(login: string): boolean {
    const bucket = this.bucket(login);
    return bucket.used >= bucket.limit;
  }

  consume(login: string): void {
    this.bucket(login).used++;
  }

  /** Test control: sets what is left for a login (the window resets `resetInSeconds` from now). */
  set(login: string, state: { remaining?: number; limit?: number; resetInSeconds?: number }): void {
    const bucket = this.bucket(login);
    if (state.limit !== undefined) bucket.limit = state.limit;
    if (state.remaining !== undefined) bucket.used = Math.max(0, bucket.limit - state.remaining);
    if (state.resetInSeconds !== undefined) bucket.resetAt = this.now() + state.resetInSeconds * 1000;
  }

  headers(login: string): Record<string, string> {
    const bucket = this.bucket(login);
    return {
      'x-ratelimit-limit': String(bucket.limit),
      'x-ratelimit-remaining': String(Math.max(0, bucket.limit - bucket.used)),
      'x-ratelimit-used': String(bucket.used),
      'x-ratelimit-reset': String(Math.ceil(bucket.resetAt / 1000)),
      'x-ratelimit-resource': 'core',
    };
  }
}
