import type { Dispatcher } from 'undici';
import { fetch as undiciFetch } from './undici-parts.js';
import { ForgeError } from '../forges/forge-error.js';
import type { Clock } from '../runtime/clock.js';
import { classifyNetworkError } from './network-error.js';
import type { RequestLedger, RequestPacer } from './request-ledger.js';

export type FetchFn = typeof undiciFetch;

export interface ForgeHttpOptions {
  /** API base without trailing slash: https://api.github.com, https://host/api/v3, https://host/api/v4 */
  baseUrl: string;
  headers: Record<string, string>;
  dispatcher?: Dispatcher;
  fetch?: FetchFn;
  clock: Clock;
  timeoutMs?: number;
  /** Largest body accepted; larger answers are a bad_response (never a crashed poller). */
  maxBodyBytes?: number;
  /** Where every request is counted per minute (Diagnostics' budget chart). */
  ledger?: RequestLedger;
  /** Keeps the account under a request rate (GitHub's secondary limit). */
  pacer?: RequestPacer;
}

export interface ForgeResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
  url: string;
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  query?: Record<string, string | number | undefined>;
  headers?: Record<string, string>;
  body?: unknown;
  /** Statuses returned to the caller instead of thrown (e.g. 304, 404). */
  accept?: number[];
  /** Overrides the client's timeout for this request. */
  timeoutMs?: number;
}

/**
 * Minimal JSON client for forge REST APIs: auth headers, per-account dispatcher (CA, proxy),
 * typed errors with a retry time for 429 / secondary limits, size and JSON validation.
 */
export class ForgeHttp {
  requests = 0;
  billable = 0;
  constructor(private readonly options: ForgeHttpOptions) {}

  url(path: string, query?: RequestOptions['query']): string {
    const url = new URL(this.options.baseUrl.replace(/\/+$/, '') + (path.startsWith('/') ? path : `/${path}`));
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    return url.toString();
  }

  async request<T = unknown>(pathOrUrl: string, options: RequestOptions = {}): Promise<ForgeResponse<T>> {
    const url = /^https?:\/\//.test(pathOrUrl) ? pathOrUrl : this.url(pathOrUrl, options.query);
    const fetchFn = this.options.fetch ?? undiciFetch;
    let response: Awaited<ReturnType<FetchFn>>;
    await this.options.pacer?.take();
    this.requests++;
    try {
      response = await fetchFn(url, {
        method: options.method ?? 'GET',
        headers: {
          accept: 'application/json',
          'user-agent': 'Forgebell',
          ...this.options.headers,
          ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...options.headers,
        },
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        dispatcher: this.options.dispatcher,
        signal: AbortSignal.timeout(options.timeoutMs ?? this.options.timeoutMs ?? 30_000),
      });
    } catch (error) {
      this.options.ledger?.record(0);
      throw classifyNetworkError(error, url);
    }
    this.options.ledger?.record(response.status);
    if (response.status !== 304) this.billable++;
    const host = new URL(url).host;
    if (options.accept?.includes(response.status)) {
      const body = response.status === 304 || response.status === 204 ? null : await this.readJson(response, url, true);
      return { status: response.status, headers: response.headers as unknown as Headers, body: body as T, url };
    }
    if (response.status >= 200 && response.status < 300) {
      const body = response.status === 204 ? null : await this.readJson(response, url, false);
      return { status: response.status, headers: response.headers as unknown as Headers, body: body as T, url };
    }
    const text = await response.text().catch(() => '');
    const message = extractMessage(text);
    const retryAt = retryTime(response.headers as unknown as Headers, this.options.clock.now());
    if (
      response.status === 429 ||
      (response.status === 403 &&
        (retryAt !== null || response.headers.get('x-ratelimit-remaining') === '0' || /rate limit/i.test(message)))
    ) {
      const at = retryAt ?? this.options.clock.now() + 60_000;
      throw new ForgeError('rate_limited', `${host} rate limit reached; waiting until ${new Date(at).toISOString()}.`, {
        status: response.status,
        retryAt: at,
        host,
      });
    }
    if (response.status === 401) {
      throw new ForgeError(
        'unauthorized',
        `${host} rejected the token (401${message ? `: ${message}` : ''}). Create a new token and update the account.`,
        { status: 401, host },
      );
    }
    if (response.status === 403) {
      throw new ForgeError(
        'forbidden',
        `${host} refused access (403${message ? `: ${message}` : ''}). Check the token's scopes and your access to the project.`,
        { status: 403, host },
      );
    }
    if (response.status === 404) {
      throw new ForgeError('not_found', `${host}: not found or no access (${new URL(url).pathname}).`, {
        status: 404,
        host,
      });
    }
    if (response.status >= 500) {
      throw new ForgeError('server_error', `${host} answered ${response.status}; will retry.`, {
        status: response.status,
        host,
      });
    }
    throw new ForgeError('bad_response', `${host} answered ${response.status}${message ? `: ${message}` : ''}.`, {
      status: response.status,
      host,
    });
  }

  private async readJson(response: Awaited<ReturnType<FetchFn>>, url: string, lenient: boolean): Promise<unknown> {
    const text = await response.text();
    const max = this.options.maxBodyBytes ?? 20 * 1024 * 1024;
    if (text.length > max)
      throw new ForgeError('bad_response', `${new URL(url).host} sent an oversized answer (${text.length} bytes).`);
    if (text.length === 0) return null;
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      if (lenient) return null;
      throw new ForgeError(
        'bad_response',
        `${new URL(url).host} sent something that is not JSON (${text.slice(0, 60).replace(/\s+/g, ' ')}…).`,
        { cause: error },
      );
    }
  }
}

function extractMessage(text: string): string {
  try {
    const parsed = JSON.parse(text) as { message?: unknown; error?: unknown };
    const m = parsed.message ?? parsed.error;
    return typeof m === 'string' ? m : m ? JSON.stringify(m) : '';
  } catch {
    return '';
  }
}

/** Retry-After (seconds or HTTP date), else x-ratelimit-reset / RateLimit-Reset (epoch seconds) when remaining is 0. */
export function retryTime(headers: Headers, now: number): number | null {
  const retryAfter = headers.get('retry-after');
  if (retryAfter) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds)) return now + Math.max(0, seconds) * 1000;
    const date = Date.parse(retryAfter);
    if (Number.isFinite(date)) return date;
  }
  const remaining = headers.get('x-ratelimit-remaining') ?? headers.get('ratelimit-remaining');
  const reset = headers.get('x-ratelimit-reset') ?? headers.get('ratelimit-reset');
  if (remaining === '0' && reset) {
    const epoch = Number(reset);
    if (Number.isFinite(epoch)) return Math.max(now, epoch * 1000);
  }
  return null;
}
