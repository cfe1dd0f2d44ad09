import type { z } from 'zod';
import type { ForgeHttp, RequestOptions } from '../../http/forge-http.js';
import type { Logger } from '../../runtime/logger.js';
import type { RateLimitInfo } from '../forge-adapter.js';
import { ForgeError } from '../forge-error.js';

/** Requests made on behalf of one poll. Gitea sends no ETag on these lists: every request is billable. */
export interface Meter {
  total: number;
  billable: number;
}

/** Gitea caps `limit` at `[api] MAX_RESPONSE_ITEMS` (50 by default) whatever is asked. */
export const PAGE_LIMIT = 50;

export interface ListOptions<T> {
  query?: RequestOptions['query'];
  meter?: Meter;
  maxPages?: number;
  /** Called with each page's valid items; return true to stop after this page. */
  stopAfter?: (page: T[]) => boolean;
}

export interface ListResult<T> {
  items: T[];
  /** More pages were left unread (maxPages reached). */
  truncated: boolean;
}

const SCOPE_MESSAGE = /required scope\(s\):\s*\[([^\]]*)\]/i;

/**
 * Gitea/Forgejo REST calls over the shared ForgeHttp: schema validation, `page`/`limit` paging (the `Link` header, or
 * `X-Total-Count` when a proxy strips it), rate-limit headers when a proxy in front adds them, and Gitea's "token does
 * not have at least one of required scope(s): [read:issue]" turned into `missing_scope` naming the scope to tick.
 */
export class GiteaClient {
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
    const { body } = await this.call(path, { query: options.query }, options.meter);
    return parse(schema, body, path);
  }

  /** A paged list, newest first where the endpoint sorts so; malformed items are skipped with a logged reason. */
  async list<S extends z.ZodType>(
    path: string,
    itemSchema: S,
    options: ListOptions<z.infer<S>> = {},
  ): Promise<ListResult<z.infer<S>>> {
    const items: z.infer<S>[] = [];
    const maxPages = options.maxPages ?? 1;
    for (let page = 1; ; page++) {
      const { body, headers } = await this.call(
        path,
        { query: { limit: PAGE_LIMIT, ...options.query, page } },
        options.meter,
      );
      if (!Array.isArray(body))
        throw new ForgeError('bad_response', `Gitea answered ${path} with something that is not a list.`);
      const valid = this.validItems(itemSchema, body, path);
      items.push(...valid);
      const limit = Number(options.query?.limit ?? PAGE_LIMIT);
      if (!hasNextPage(headers, page, body.length, limit) || options.stopAfter?.(valid))
        return { items, truncated: false };
      if (page >= maxPages) return { items, truncated: true };
    }
  }

  /** Items of a list answer, the malformed ones skipped with a logged reason. */
  validItems<S extends z.ZodType>(itemSchema: S, raw: readonly unknown[], path: string): z.infer<S>[] {
    const valid: z.infer<S>[] = [];
    for (const item of raw) {
      const parsed = itemSchema.safeParse(item);
      if (parsed.success) valid.push(parsed.data);
      else
        this.logger.warn('gitea: skipped a malformed entry', {
          path,
          reason: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
          id: item && typeof item === 'object' && 'id' in item ? (item as { id: unknown }).id : undefined,
        });
    }
    return valid;
  }

  async send<S extends z.ZodType>(
    method: 'POST' | 'PATCH',
    path: string,
    body: Record<string, unknown>,
    schema: S,
  ): Promise<z.infer<S>> {
    const response = await this.call(path, { method, body });
    return parse(schema, response.body, `${method} ${path}`);
  }

  /** GET that answers null on 404 instead of throwing (endpoints that older servers lack). */
  async optional<S extends z.ZodType>(
    path: string,
    schema: S,
    options: { query?: RequestOptions['query']; meter?: Meter } = {},
  ): Promise<z.infer<S> | null> {
    const { status, body } = await this.call(path, { query: options.query, accept: [404, 405] }, options.meter);
    if (status === 404 || status === 405) return null;
    return parse(schema, body, path);
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
    const limit = number('x-ratelimit-limit') ?? number('ratelimit-limit');
    const remaining = number('x-ratelimit-remaining') ?? number('ratelimit-remaining');
    const reset = number('x-ratelimit-reset') ?? number('ratelimit-reset');
    if (limit === null && remaining === null) return;
    this.limits = { limit, remaining, resetAt: reset === null ? null : new Date(reset * 1000).toISOString() };
  }

  private translate(error: unknown): unknown {
    if (!(error instanceof ForgeError)) return error;
    if (error.code === 'rate_limited') {
      const resetAt =
        error.details.retryAt === undefined ? this.limits.resetAt : new Date(error.details.retryAt).toISOString();
      this.limits = { ...this.limits, remaining: 0, resetAt };
    }
    const scopes = error.code === 'forbidden' ? SCOPE_MESSAGE.exec(error.message) : null;
    if (scopes) {
      const names = (scopes[1] ?? '').trim() || 'the needed scope';
      return new ForgeError(
        'missing_scope',
        `${error.details.host ?? 'Gitea'}: the token lacks the ${names} scope. Create a token with it under Settings → Applications (https://${error.details.host ?? 'HOST'}/user/settings/applications).`,
        error.details,
      );
    }
    return error;
  }
}

function parse<S extends z.ZodType>(schema: S, body: unknown, what: string): z.infer<S> {
  const parsed = schema.safeParse(body);
  if (!parsed.success)
    throw new ForgeError(
      'bad_response',
      `Gitea answered ${what.split('?')[0]} with an unexpected shape: ${parsed.error.issues[0]?.message ?? 'invalid'}.`,
    );
  return parsed.data;
}

/** `Link: <…page=3…>; rel="next"`, else `X-Total-Count` against the pages read, else a full page means "maybe more". */
function hasNextPage(headers: Headers, page: number, count: number, limit: number): boolean {
  const link = headers.get('link');
  if (link !== null) return /rel="next"/.test(link);
  const total = Number(headers.get('x-total-count') ?? '');
  if (Number.isFinite(total) && headers.get('x-total-count') !== null)
    return page * Math.min(limit, count || limit) < total;
  return count >= Math.min(limit, PAGE_LIMIT);
}
