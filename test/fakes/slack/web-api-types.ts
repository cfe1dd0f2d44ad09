import type { ChannelRateLimiter } from './rate-limiter.js';
import type { FakeState } from './fake-state.js';

/** A Slack platform error: answered as HTTP 200 `{ok:false, error, ...extra}`. */
export class SlackApiError extends Error {
  constructor(
    readonly error: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(error);
  }
}

export interface MethodReply {
  body: Record<string, unknown>;
  status?: number;
  headers?: Record<string, string>;
}

export interface MethodContext {
  state: FakeState;
  params: Record<string, unknown>;
  limiter: ChannelRateLimiter;
  /** http://127.0.0.1:PORT (no trailing slash). */
  baseUrl: string;
}

export interface MethodSpec {
  /** Which token type the method accepts; the other gets `not_allowed_token_type`. */
  token: 'bot' | 'app';
  /** Bot scopes required for these arguments (all of them). */
  scopes: (params: Record<string, unknown>, state: FakeState) => string[];
  handle: (ctx: MethodContext) => MethodReply;
}

export function ok(body: Record<string, unknown> = {}): MethodReply {
  return { body: { ok: true, ...body } };
}
