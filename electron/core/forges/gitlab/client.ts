import type { z } from 'zod';
import type { ForgeHttp, RequestOptions } from '../../http/forge-http.js';
import type { Logger } from '../../runtime/logger.js';
import type { RateLimitInfo } from '../forge-adapter.js';
import { ForgeError } from '../forge-error.js';

/** Requests made on behalf of one poll. GitLab has no ETag/304 on /api/v4: every request is billable. */
export interface Meter {
  total: number;
  billable: number;
}

export interface ListOptions<T> {
  query?: RequestOptions['query'];
  meter?: Meter;
  maxPages?: number;
  /** Called with each page's valid items; return true to stop after this page. */
  stopAfter?: (page: T[]) => boolean;
  /** Called for each malformed item instead of logging it (the caller decides whether it is news). */
  onInvalid?: (raw: unknown, reason: string) => void;
}

export interface ListResult<T> {
  items: T[];
  /** More pages were left unread (maxPages reached). */
  truncated: boolean;
}

/**
 * GitLab REST calls over the shared ForgeHttp: schema validation, x-next-page paging,
 * RateLimit-* bookkeeping and GitLab's insufficient_scope answer turned into `missing_scope`.
 */
export class GitLabClient {
  private limits: RateLimitInfo = { limit: null, remaining: null, resetAt: null };

  constructor(
    private readonly http: ForgeHttp,
    private readonly logger: Logger,
  ) {}

  rateLimit(): RateLimitInfo {
    return { ...this.limits };
  }

  async get<S extends z.ZodType>(
    path: string,
    schema: S,
    options: { query?: RequestOptions['query']; meter?: Meter } = {},
  ): Promise<z.infer<S>> {
    const { body, status } = await this.call(path, { query: options.query }, options.meter);
    const parsed = schema.safeParse(body);
    // A shape mismatch carries the (2xx) status, unlike unreadable JSON, which has none.
    if (!parsed.success)
      throw new ForgeError(
        'bad_response',
        `GitLab answered ${path.split('?')[0]} with an unexpected shape: ${parsed.error.issues[0]?.message ?? 'invalid'}.`,
        { status },
      );
    return parsed.data;
  }

  /** A paged list; malformed items are skipped with a logged reason. */
  async list<S extends z.ZodType>(
    path: string,
    itemSchema: S,
    options: ListOptions<z.infer<S>> = {},
  ): Promise<ListResult<z.infer<S>>> {
    const items: z.infer<S>[] = [];
    const maxPages = options.maxPages ?? 1;
    let page = 1;
    for (;;) {
      const { body, headers } = await this.call(
        path,
        { query: { per_page: 100, ...options.query, page } },
        options.meter,
      );
      if (!Array.isArray(body))
        throw new ForgeError(
          'bad_response',
          `GitLab answered ${path.split('?')[0]} with something that is not a list.`,
        );
      const valid: z.infer<S>[] = [];
      for (const raw of body) {
        const parsed = itemSchema.safeParse(raw);
        if (parsed.success) {
          valid.push(parsed.data);
          continue;
        }
        const reason = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
        if (options.onInvalid) options.onInvalid(raw, reason);
        else this.logger.warn('gitlab: skipped a malformed entry', { path: path.split('?')[0], reason, id: idOf(raw) });
      }
      items.push(...valid);
      const next = Number(headers.get('x-next-page') ?? '');
      if (!Number.isInteger(next) || next <= page || options.stopAfter?.(valid)) return { items, truncated: false };
      if (page >= maxPages) return { items, truncated: true };
      page = next;
    }
  }

  async send<S extends z.ZodType>(
    method: 'POST' | 'PUT',
    path: string,
    body: Record<string, unknown>,
    schema: S,
  ): Promise<z.infer<S>> {
    const response = await this.call(path, { method, body });
    const parsed = schema.safeParse(response.body);
    if (!parsed.success)
      throw new ForgeError('bad_response', `GitLab answered ${method} ${path} with an unexpected shape.`);
    return parsed.data;
  }

  /** POST a GraphQL document to `url` (GitLab's /api/graphql, outside /api/v4). Answers are 200 even with errors. */
  async graphql<S extends z.ZodType>(url: string, body: unknown, schema: S, meter?: Meter): Promise<z.infer<S>> {
    const response = await this.call(url, { method: 'POST', body }, meter);
    const parsed = schema.safeParse(response.body);
    if (!parsed.success)
      throw new ForgeError('bad_response', 'GitLab sent an unexpected GraphQL answer.', { status: response.status });
    return parsed.data;
  }

  /** GET that answers null on 401/403/404 instead of throwing (optional endpoints such as /personal_access_tokens/self). */
  async optional<S extends z.ZodType>(path: string, schema: S): Promise<z.infer<S> | null> {
    const { status, body } = await this.call(path, { accept: [401, 403, 404] });
    if (status >= 400) return null;
    const parsed = schema.safeParse(body);
    return parsed.success ? parsed.data : null;
  }

  private async call(
    path: string,
    options: RequestOptions,
    meter?: Meter,
  ): Promise<{ status: number; body: unknown; headers: Headers }> {
    if (meter) {
      meter.total++;
      meter.billable++;
    }
    try {
      const response = await this.http.request(path, options);
      this.record(response.headers);
      return response;
    } catch (error) {
      throw this.translate(error);
    }
  }

  private record(headers: Headers): void {
    const number = (name: string): number | null => {
      const value = headers.get(name);
      const n = value === null ? NaN : Number(value);
      return Number.isFinite(n) ? n : null;
    };
    const limit = number('ratelimit-limit');
    const remaining = number('ratelimit-remaining');
    const reset = number('ratelimit-reset');
    if (limit === null && remaining === null) return;
    this.limits = { limit, remaining, resetAt: reset === null ? null : new Date(reset * 1000).toISOString() };
  }

  private translate(error: unknown): unknown {
    if (!(error instanceof ForgeError)) return error;
    if (error.code === 'rate_limited') {
      this.limits = {
        ...this.limits,
        remaining: 0,
        resetAt:
          error.details.retryAt === undefined ? this.limits.resetAt : new Date(error.details.retryAt).toISOString(),
      };
    }
    if (error.code === 'forbidden' && /insufficient_scope/.test(error.message)) {
      return new ForgeError(
        'missing_scope',
        `${error.details.host ?? 'GitLab'}: the token lacks the "api" scope needed for this action. Create a token with the api scope (read_api is enough for notifications only).`,
        error.details,
      );
    }
    return error;
  }
}

export function idOf(raw: unknown): unknown {
  return raw && typeof raw === 'object' && 'id' in raw ? (raw as { id: unknown }).id : undefined;
}
