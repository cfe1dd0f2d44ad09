import type { IncomingMessage, ServerResponse } from 'node:http';
import { appMethods } from './app-methods.js';
import { chatMethods } from './chat-methods.js';
import { conversationMethods } from './conversation-methods.js';
import type { FailureInjector } from './failure-injector.js';
import type { FakeState } from './fake-state.js';
import type { ArmedHook, CallHooks } from './call-hooks.js';
import type { ApiCallRecord, HookAnswer, InjectedFailure } from './fake-types.js';
import { parseApiParams, readBody, sendJson, sendText } from './http-io.js';
import type { ChannelRateLimiter } from './rate-limiter.js';
import { SlackApiError } from './web-api-types.js';
import type { MethodReply, MethodSpec } from './web-api-types.js';

const METHODS: Record<string, MethodSpec> = { ...appMethods, ...chatMethods, ...conversationMethods };

type TokenKind = ApiCallRecord['tokenKind'];

function bearer(req: IncomingMessage, params: Record<string, unknown>): string | undefined {
  const header = req.headers.authorization;
  if (typeof header === 'string' && header.toLowerCase().startsWith('bearer ')) return header.slice(7).trim();
  return typeof params.token === 'string' && params.token.length > 0 ? params.token : undefined;
}

function describeAnswer(answer: HookAnswer): string {
  return typeof answer === 'string' ? answer : `status ${answer.status}`;
}

/** The caller hung up (its process was killed, or it timed out). */
function gone(req: IncomingMessage, res: ServerResponse): boolean {
  return res.destroyed || req.socket.destroyed || res.writableEnded;
}

export function injectedReply(failure: InjectedFailure): MethodReply {
  if ('error' in failure) return { body: { ok: false, error: failure.error, ...failure.extra } };
  if (failure.status === 429 && 'retryAfter' in failure) {
    return {
      status: 429,
      headers: { 'retry-after': String(failure.retryAfter) },
      body: { ok: false, error: 'ratelimited' },
    };
  }
  return {
    status: failure.status,
    body: { ok: false, error: 'body' in failure && failure.body !== undefined ? failure.body : 'fake_http_error' },
  };
}

/** Serves `/api/<method>` the way slack.com does: JSON over HTTP 200, except 429s and server failures. */
export class WebApiRouter {
  constructor(
    private readonly state: FakeState,
    private readonly limiter: ChannelRateLimiter,
    private readonly failures: FailureInjector,
    private readonly hooks: CallHooks,
    private readonly baseUrl: () => string,
  ) {}

  async handle(req: IncomingMessage, res: ServerResponse, method: string, url: URL): Promise<void> {
    const raw = await readBody(req);
    const { params, malformed } = parseApiParams(req, raw, url);
    const token = bearer(req, params);
    const logged: Record<string, unknown> = { ...params };
    delete logged.token;
    const kind = this.tokenKind(token);
    const hook = this.hooks.take(method, params);
    const record = (entry: Omit<ApiCallRecord, 'method' | 'params' | 'tokenKind' | 'at'>): void => {
      this.state.calls.push({ method, params: logged, tokenKind: kind, at: this.state.clock.now(), ...entry });
    };
    if (hook?.options.stage === 'before' && !(await this.beforeRun(hook, req, res))) {
      const answer = describeAnswer(hook.options.answer);
      record({ status: 0, ok: false, error: `hook: ${answer}`, hooked: { stage: 'before', answer, ran: false } });
      return;
    }
    const reply = this.reply(method, params, token, kind, malformed);
    const status = reply.status ?? 200;
    record({
      status,
      ok: reply.body.ok === true,
      error: typeof reply.body.error === 'string' ? reply.body.error : undefined,
      ...(hook
        ? { hooked: { stage: hook.options.stage, answer: describeAnswer(hook.options.answer), ran: true } }
        : {}),
    });
    if (status === 429) this.state.rateLimitedCount += 1;
    if (hook?.options.stage === 'after' && !(await this.afterRun(hook, req, res))) return;
    if (status >= 500) return sendText(res, status, String(reply.body.error), reply.headers);
    sendJson(res, status, reply.body, reply.headers);
  }

  /** Stage `before`: false when the call must not run (dropped, reset, replaced, or its caller went away). */
  private async beforeRun(hook: ArmedHook, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const answer = hook.options.answer;
    if (answer === 'hold') {
      if ((await hook.settled()) === 'release' && !gone(req, res)) return true;
      res.destroy();
      return false;
    }
    await this.spoil(answer, req, res);
    return false;
  }

  /** Stage `after` (the method ran): false when the real answer must not be sent. */
  private async afterRun(hook: ArmedHook, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const answer = hook.options.answer;
    if (answer === 'hold') {
      if ((await hook.settled()) === 'release' && !gone(req, res)) return true;
      res.destroy();
      return false;
    }
    await this.spoil(answer, req, res);
    return false;
  }

  private async spoil(answer: Exclude<HookAnswer, 'hold'>, req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (answer === 'hang') {
      await this.hooks.untilClosed();
      res.destroy();
    } else if (answer === 'reset') {
      req.socket.destroy();
    } else {
      sendText(res, answer.status, answer.status >= 500 ? 'fake_http_error' : 'hooked');
    }
  }

  private tokenKind(token: string | undefined): TokenKind {
    if (token === undefined) return 'none';
    if (token === this.state.config.botToken) return 'bot';
    if (token === this.state.config.appToken) return 'app';
    return 'unknown';
  }

  private reply(
    method: string,
    params: Record<string, unknown>,
    token: string | undefined,
    kind: TokenKind,
    malformed: boolean,
  ): MethodReply {
    const spec = METHODS[method];
    if (!spec) return { body: { ok: false, error: 'unknown_method', req_method: method } };
    const injected = this.failures.take(method);
    if (injected) return injectedReply(injected);
    if (malformed) return { body: { ok: false, error: 'invalid_json' } };
    if (kind === 'none') return { body: { ok: false, error: 'not_authed' } };
    if (kind === 'unknown' || token === undefined) return { body: { ok: false, error: 'invalid_auth' } };
    if (this.state.revoked[kind]) return { body: { ok: false, error: 'token_revoked' } };
    if (kind !== spec.token) return { body: { ok: false, error: 'not_allowed_token_type' } };

    const granted = kind === 'bot' ? [...this.state.scopes] : ['connections:write'];
    const required = spec.scopes(params, this.state);
    const headers = { 'x-oauth-scopes': granted.join(','), 'x-accepted-oauth-scopes': required.join(',') };
    const missing = required.filter((s) => !granted.includes(s));
    if (missing.length > 0) {
      return {
        headers,
        body: { ok: false, error: 'missing_scope', needed: missing.join(','), provided: granted.join(',') },
      };
    }
    try {
      const result = spec.handle({ state: this.state, params, limiter: this.limiter, baseUrl: this.baseUrl() });
      return { ...result, headers: { ...headers, ...result.headers } };
    } catch (error) {
      if (error instanceof SlackApiError) return { headers, body: { ok: false, error: error.error, ...error.extra } };
      throw error;
    }
  }
}
