import type { Dispatcher } from 'undici';
import { ForgeHttp, type FetchFn } from '../../http/forge-http.js';
import type { Clock } from '../../runtime/clock.js';
import { ForgeError } from '../forge-error.js';
import { ActionRefused } from './forge-actions.js';

/** Every status an action reads itself (the refusals it turns into words); others throw as usual. */
const READ = [400, 401, 403, 404, 405, 406, 409, 410, 422, 423];

export interface ActionAnswer {
  status: number;
  body: unknown;
}

export interface ActionHttpOptions {
  baseUrl: string;
  headers: Record<string, string>;
  clock: Clock;
  dispatcher?: Dispatcher;
  fetch?: FetchFn;
}

/**
 * One person's requests to a forge for an action: the refusal statuses come back with their bodies (the caller says
 * what they mean for that operation); rate limits, 5xx and network failures become `unavailable` in plain words.
 */
export class ActionHttp {
  private readonly http: ForgeHttp;
  constructor(options: ActionHttpOptions) {
    this.http = new ForgeHttp({
      baseUrl: options.baseUrl.replace(/\/+$/, ''),
      headers: options.headers,
      clock: options.clock,
      timeoutMs: 20_000,
      ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
  }

  async call(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    path: string,
    body?: unknown,
    query?: Record<string, string | number | undefined>,
  ): Promise<ActionAnswer> {
    try {
      const res = await this.http.request(path, {
        method,
        accept: READ,
        ...(body === undefined ? {} : { body }),
        ...(query ? { query } : {}),
      });
      return { status: res.status, body: res.body };
    } catch (error) {
      if (error instanceof ForgeError) {
        const what =
          error.code === 'rate_limited'
            ? 'the forge is rate-limiting these requests right now'
            : error.code === 'server_error'
              ? `the forge answered ${error.details.status ?? 'an error'}`
              : 'the forge could not be reached';
        throw new ActionRefused('unavailable', `Nothing was done: ${what}. Try again in a minute.`);
      }
      throw error;
    }
  }
}

/** A forge's error text: GitHub `message` and `errors[]` (strings or objects), GitLab `message`/`error`. */
export function errorText(body: unknown): string {
  if (typeof body !== 'object' || body === null) return '';
  const b = body as { message?: unknown; error?: unknown; errors?: unknown };
  const parts: string[] = [];
  const add = (v: unknown): void => {
    if (typeof v === 'string') parts.push(v);
    else if (Array.isArray(v)) v.forEach(add);
    else if (typeof v === 'object' && v !== null) {
      const m = (v as { message?: unknown }).message;
      if (typeof m === 'string') parts.push(m);
      else parts.push(JSON.stringify(v));
    }
  };
  add(b.message);
  add(b.error);
  add(b.errors);
  return parts.join(' ');
}
