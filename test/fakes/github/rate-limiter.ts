/** Primary rate limit accounting per login and resource, as GitHub reports it in x-ratelimit-* headers. */
export interface RateLimitOptions {
  limit?: number;
  /** Points per window of the separate GraphQL bucket (default: `limit`, GitHub's 5000 for users). */
  graphqlLimit?: number;
  windowSeconds?: number;
  /** Status used when the budget is exhausted: GitHub answers 403 (most often) or 429. */
  exhaustedStatus?: 403 | 429;
}

/** REST requests spend `core`; GraphQL requests spend the separate `graphql` bucket. */
export type RateLimitResource = 'core' | 'graphql';

export interface RateLimitSnapshot {
  limit: number;
  remaining: number;
  used: number;
  /** Epoch seconds, as in x-ratelimit-reset. */
  reset: number;
}

interface Bucket {
  limit: number;
  used: number;
  resetAt: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  limit: number;
  graphqlLimit: number;
  exhaustedStatus: 403 | 429;
  private readonly windowMs: number;

  constructor(
    private readonly now: () => number,
    options: RateLimitOptions = {},
  ) {
    this.limit = options.limit ?? 5000;
    this.graphqlLimit = options.graphqlLimit ?? this.limit;
    this.windowMs = (options.windowSeconds ?? 3600) * 1000;
    this.exhaustedStatus = options.exhaustedStatus ?? 403;
  }

  private bucket(login: string, resource: RateLimitResource): Bucket {
    const key = `${resource}\u0000${login}`;
    let bucket = this.buckets.get(key);
    if (!bucket || this.now() >= bucket.resetAt) {
      bucket = {
        limit: bucket?.limit ?? (resource === 'graphql' ? this.graphqlLimit : this.limit),
        used: 0,
        resetAt: this.now() + this.windowMs,
      };
      this.buckets.set(key, bucket);
    }
    return bucket;
  }

  exhausted(login: string, resource: RateLimitResource = 'core'): boolean {
    const bucket = this.bucket(login, resource);
    return bucket.used >= bucket.limit;
  }

  consume(login: string, resource: RateLimitResource = 'core', points = 1): void {
    this.bucket(login, resource).used += points;
  }

  /** Test control: sets what is left for a login (the window resets `resetInSeconds` from now). */
  set(
    login: string,
    state: { remaining?: number; limit?: number; resetInSeconds?: number },
    resource: RateLimitResource = 'core',
  ): void {
    const bucket = this.bucket(login, resource);
    if (state.limit !== undefined) bucket.limit = state.limit;
    if (state.remaining !== undefined) bucket.used = Math.max(0, bucket.limit - state.remaining);
    if (state.resetInSeconds !== undefined) bucket.resetAt = this.now() + state.resetInSeconds * 1000;
  }

  snapshot(login: string, resource: RateLimitResource = 'core'): RateLimitSnapshot {
    const bucket = this.bucket(login, resource);
    return {
      limit: bucket.limit,
      remaining: Math.max(0, bucket.limit - bucket.used),
      used: bucket.used,
      reset: Math.ceil(bucket.resetAt / 1000),
    };
  }

  headers(login: string, resource: RateLimitResource = 'core'): Record<string, string> {
    const s = this.snapshot(login, resource);
    return {
      'x-ratelimit-limit': String(s.limit),
      'x-ratelimit-remaining': String(s.remaining),
      'x-ratelimit-used': String(s.used),
      'x-ratelimit-reset': String(s.reset),
      'x-ratelimit-resource': resource,
    };
  }
}
