import { fetch as undiciFetch } from '../../http/undici-parts.js';
import type { z } from 'zod';
import { ForgeError } from '../forge-error.js';
import type { RateLimitInfo } from '../forge-adapter.js';
import { ForgeHttp, type FetchFn, type ForgeHttpOptions, type RequestOptions } from '../../http/forge-http.js';
import type { Clock } from '../../runtime/clock.js';
import { RequestPacer, type RequestLedger } from '../../http/request-ledger.js';

/** Transport options passed through to ForgeHttp (per-account dispatcher for CA/proxy, a fetch for tests). */
export type GitHubHttpOptions = Pick<ForgeHttpOptions, 'dispatcher' | 'fetch' | 'timeoutMs' | 'maxBodyBytes'>;

/**
 * GitHub's secondary limit is 900 REST requests a minute per user, 304s included: Forgebell stays a little below it
 * so a burst (a first poll, a gap recovery) is spread instead of refused.
 */
export const SECONDARY_LIMIT_PER_MINUTE = 850;

/** Requests made for one poll: total and those that cost primary rate-limit budget (not 304). */
export interface RequestCounter {
  total: number;
  billable: number;
}

export interface GetResult<T> {
  status: number;
  /** Null on 304 Not Modified. */
  data: T | null;
  etag: string | null;
  headers: Headers;
}

export interface GetOptions {
  query?: RequestOptions['query'];
  etag?: string | null;
  /** An HTTP date: a 304 Not Modified (free) when nothing changed since (`/notifications`). */
  ifModifiedSince?: string | null;
  counter?: RequestCounter;
  /** What the answer is, for error messages ("events feed", "pull request #4"). */
  what: string;
}

/** GitHub REST over ForgeHttp: auth and version headers, ETags, Link paging, schema validation, rate-limit headers. */
export class GitHubClient {
  private readonly http: ForgeHttp;
  private readonly origin: string;
  /** github.com: https://api.github.com/graphql; GHES: https://HOST/api/graphql (outside the /api/v3 prefix). */
  readonly graphqlUrl: string;
  private lastRate: RateLimitInfo = { limit: null, remaining: null, resetAt: null };

  constructor(options: {
    apiUrl: string;
    token: string | null;
    clock: Clock;
    http?: GitHubHttpOptions;
    ledger?: RequestLedger;
  }) {
    const baseFetch: FetchFn = options.http?.fetch ?? undiciFetch;
    const fetchWithHeaders: FetchFn = async (...args) => {
      const response = await baseFetch(...args);
      this.captureRateLimit(response.headers as unknown as Headers);
      return response;
    };
    this.origin = new URL(options.apiUrl).origin;
    this.graphqlUrl = graphqlUrlOf(options.apiUrl);
    this.http = new ForgeHttp({
      ...options.http,
      ...(options.ledger ? { ledger: options.ledger } : {}),
      pacer: new RequestPacer(options.clock, SECONDARY_LIMIT_PER_MINUTE, 60_000),
      baseUrl: options.apiUrl.replace(/\/+$/, ''),
      clock: options.clock,
      fetch: fetchWithHeaders,
      headers: {
        accept: 'application/vnd.github+json',
        'x-github-api-version': '2022-11-28',
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      },
    });
  }

  rateLimit(): RateLimitInfo {
    return { ...this.lastRate };
  }

  private captureRateLimit(headers: Headers): void {
    const number = (name: string): number | null => {
      const value = headers.get(name);
      return value !== null && Number.isFinite(Number(value)) ? Number(value) : null;
    };
    const limit = number('x-ratelimit-limit');
    // GraphQL has its own budget; the status shows the REST (core) one.
    if (limit === null || (headers.get('x-ratelimit-resource') ?? 'core') !== 'core') return;
    const reset = number('x-ratelimit-reset');
    this.lastRate = {
      limit,
      remaining: number('x-ratelimit-remaining'),
      resetAt: reset === null ? null : new Date(reset * 1000).toISOString(),
    };
  }

  /** GET a path or an absolute same-origin URL (a Link rel=next), validated with `schema`. */
  async get<S extends z.ZodType>(pathOrUrl: string, schema: S, options: GetOptions): Promise<GetResult<z.output<S>>> {
    if (/^https?:\/\//i.test(pathOrUrl) && new URL(pathOrUrl).origin !== this.origin) {
      throw new ForgeError(
        'bad_response',
        `GitHub pointed the ${options.what} at another host (${new URL(pathOrUrl).host}); not following it.`,
      );
    }
    const conditional: Record<string, string> = {
      ...(options.etag ? { 'if-none-match': options.etag } : {}),
      ...(options.ifModifiedSince ? { 'if-modified-since': options.ifModifiedSince } : {}),
    };
    const response = await this.counted(options.counter, () =>
      this.http.request(pathOrUrl, {
        query: options.query,
        ...(Object.keys(conditional).length ? { headers: conditional, accept: [304] } : {}),
      }),
    );
    const etag = response.headers.get('etag');
    if (response.status === 304)
      return { status: 304, data: null, etag: options.etag ?? etag, headers: response.headers };
    return {
      status: response.status,
      data: this.validate(schema, response.body, options.what, response.status),
      etag,
      headers: response.headers,
    };
  }

  async send<S extends z.ZodType>(
    path: string,
    method: 'POST' | 'PATCH',
    body: unknown,
    schema: S,
    what: string,
  ): Promise<z.output<S>> {
    const response = await this.http.request(path, { method, body });
    return this.validate(schema, response.body, what, response.status);
  }

  /**
   * POST a GraphQL document. Answers are HTTP 200 even when fields failed: the caller reads `errors` itself.
   * Counts as one billable request (GraphQL spends its own points budget, never answers 304).
   */
  async graphql<S extends z.ZodType>(
    query: string,
    variables: Record<string, unknown>,
    schema: S,
    options: { counter?: RequestCounter; what: string; timeoutMs?: number },
  ): Promise<z.output<S>> {
    const response = await this.counted(options.counter, () =>
      this.http.request(this.graphqlUrl, {
        method: 'POST',
        body: { query, variables },
        ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
      }),
    );
    return this.validate(schema, response.body, options.what, response.status);
  }

  /** A shape mismatch is a bad_response carrying the (2xx) status, unlike unreadable JSON, which has none. */
  private validate<S extends z.ZodType>(schema: S, body: unknown, what: string, status: number): z.output<S> {
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'unexpected shape';
      throw new ForgeError('bad_response', `GitHub sent an unexpected ${what} (${where}).`, { status });
    }
    return parsed.data;
  }

  private async counted<T>(
    counter: RequestCounter | undefined,
    call: () => Promise<T & { status: number }>,
  ): Promise<T & { status: number }> {
    if (counter) counter.total++;
    try {
      const result = await call();
      if (counter && result.status !== 304) counter.billable++;
      return result;
    } catch (error) {
      if (counter && error instanceof ForgeError && error.details.status !== undefined) counter.billable++;
      throw error;
    }
  }
}

/** GitHub's GraphQL endpoint for a REST base URL: /graphql next to api.github.com, /api/graphql next to GHES's /api/v3. */
export function graphqlUrlOf(apiUrl: string): string {
  const base = apiUrl.replace(/\/+$/, '');
  return /\/api\/v3$/i.test(base) ? base.replace(/\/v3$/i, '/graphql') : `${base}/graphql`;
}

/** The rel="next" URL of a Link header, if any. */
export function nextLink(headers: Headers): string | null {
  const link = headers.get('link');
  if (!link) return null;
  for (const part of link.split(',')) {
    const match = /<([^>]+)>\s*;\s*rel="?([^";]+)"?/.exec(part.trim());
    if (match && match[2]?.split(/\s+/).includes('next')) return match[1] ?? null;
  }
  return null;
}
