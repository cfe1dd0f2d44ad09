import { randomBytes } from 'node:crypto';
import type { RouteResult, TokenInfo } from './router.js';

/** The OAuth app client ID the fake accepts unless told otherwise. */
export const DEFAULT_DEVICE_CLIENT_ID = 'Iv1.forgebellfake0001';

export interface DeviceFlowFakeOptions {
  /** Accepted client IDs (others get incorrect_client_credentials). */
  clientIds?: string[];
  /** Client IDs whose app has device flow switched off (device_flow_disabled). */
  disabledClientIds?: string[];
  expiresInSeconds?: number;
  intervalSeconds?: number;
}

export type DeviceCodeState = 'pending' | 'approved' | 'denied' | 'expired' | 'redeemed';

export interface FakeDeviceCode {
  deviceCode: string;
  userCode: string;
  clientId: string;
  scope: string;
  expiresAt: number;
  intervalSeconds: number;
  lastPollAt: number | null;
  state: DeviceCodeState;
  /** Set on approval. */
  token: string | null;
  polls: number;
}

export interface ApproveOptions {
  login?: string;
  /** Granted scopes (default: what was asked for). */
  scopes?: string[];
  name?: string | null;
}

/**
 * GitHub's OAuth device flow on the fake's web origin: POST /login/device/code and
 * POST /login/oauth/access_token (form or JSON). Errors come back as HTTP 200 with `error`, as on GitHub.
 * A test plays the user with approve / deny / expire; polling faster than the interval answers slow_down (+5 s).
 */
export class DeviceFlowFake {
  readonly codes: FakeDeviceCode[] = [];
  clientIds: Set<string>;
  disabledClientIds: Set<string>;
  expiresInSeconds: number;
  intervalSeconds: number;
  /** Where verification_uri points; set once the server listens. */
  webOrigin = 'https://github.com';
  private counter = 0;

  constructor(
    private readonly now: () => number,
    private readonly tokens: Record<string, TokenInfo>,
    private readonly defaultLogin: string,
    options: DeviceFlowFakeOptions = {},
  ) {
    this.clientIds = new Set(options.clientIds ?? [DEFAULT_DEVICE_CLIENT_ID]);
    this.disabledClientIds = new Set(options.disabledClientIds ?? []);
    this.expiresInSeconds = options.expiresInSeconds ?? 900;
    this.intervalSeconds = options.intervalSeconds ?? 5;
  }

  /** The newest code (optionally by user code) — what a test approves when it does not name one. */
  code(userCode?: string): FakeDeviceCode {
    const found = userCode ? this.codes.find((c) => c.userCode === userCode) : this.codes[this.codes.length - 1];
    if (!found)
      throw new Error(userCode ? `No device code with user code ${userCode}` : 'No device code was requested yet');
    return found;
  }

  /** The user enters the code and authorizes the app; returns the token the next poll hands out. */
  approve(userCode?: string, options: ApproveOptions = {}): string {
    const code = this.code(userCode);
    if (code.state !== 'pending') throw new Error(`Device code ${code.userCode} is ${code.state}, not pending`);
    const token = `gho_${randomBytes(18).toString('hex')}`;
    this.tokens[token] = {
      login: options.login ?? this.defaultLogin,
      scopes: options.scopes ?? code.scope.split(/[\s,]+/).filter(Boolean),
      name: options.name ?? null,
    };
    code.state = 'approved';
    code.token = token;
    return token;
  }

  deny(userCode?: string): void {
    this.code(userCode).state = 'denied';
  }

  expire(userCode?: string): void {
    this.code(userCode).state = 'expired';
  }

  /** Routes the two web endpoints; null for every other path. */
  handle(
    method: string,
    path: string,
    rawBody: string,
    contentType: string,
    query: URLSearchParams,
  ): RouteResult | null {
    if (path !== '/login/device/code' && path !== '/login/oauth/access_token') return null;
    if (method !== 'POST') return { status: 404, body: { error: 'Not Found' } };
    const params = readParams(rawBody, contentType, query);
    return path === '/login/device/code' ? this.deviceCode(params) : this.accessToken(params);
  }

  private clientProblem(clientId: string | undefined): RouteResult | null {
    if (!clientId || !this.clientIds.has(clientId)) {
      return ok({
        error: 'incorrect_client_credentials',
        error_description: 'The client_id and/or client_secret passed are incorrect.',
        error_uri:
          'https://docs.github.com/developers/apps/troubleshooting-oauth-app-access-token-request-errors/#incorrect-client-credentials',
      });
    }
    if (this.disabledClientIds.has(clientId))
      return ok({
        error: 'device_flow_disabled',
        error_description: 'Device Flow must be explicitly enabled for this App',
      });
    return null;
  }

  private deviceCode(params: Record<string, string>): RouteResult {
    const problem = this.clientProblem(params.client_id);
    if (problem) return problem;
    const n = ++this.counter;
    const code: FakeDeviceCode = {
      deviceCode: randomBytes(20).toString('hex'),
      userCode: `${letters(4)}-${String(1000 + n).slice(-4)}`,
      clientId: params.client_id!,
      scope: params.scope ?? '',
      expiresAt: this.now() + this.expiresInSeconds * 1000,
      intervalSeconds: this.intervalSeconds,
      lastPollAt: null,
      state: 'pending',
      token: null,
      polls: 0,
    };
    this.codes.push(code);
    return ok({
      device_code: code.deviceCode,
      user_code: code.userCode,
      verification_uri: `${this.webOrigin}/login/device`,
      expires_in: this.expiresInSeconds,
      interval: code.intervalSeconds,
    });
  }

  private accessToken(params: Record<string, string>): RouteResult {
    const problem = this.clientProblem(params.client_id);
    if (problem) return problem;
    if (params.grant_type !== 'urn:ietf:params:oauth:grant-type:device_code')
      return ok({ error: 'unsupported_grant_type', error_description: 'The grant type is not supported.' });
    const code = this.codes.find((c) => c.deviceCode === params.device_code && c.clientId === params.client_id);
    if (!code)
      return ok({ error: 'incorrect_device_code', error_description: 'The device_code provided is not valid.' });
    code.polls++;
    const now = this.now();
    if (code.state === 'expired' || (code.state === 'pending' && now >= code.expiresAt)) {
      code.state = 'expired';
      return ok({ error: 'expired_token', error_description: 'The device_code has expired.' });
    }
    if (code.state === 'denied')
      return ok({ error: 'access_denied', error_description: 'The authorization request was denied.' });
    if (code.state === 'redeemed')
      return ok({ error: 'incorrect_device_code', error_description: 'The device_code was already used.' });
    const tooFast = code.lastPollAt !== null && now - code.lastPollAt < code.intervalSeconds * 1000;
    code.lastPollAt = now;
    if (tooFast) {
      code.intervalSeconds += 5;
      return ok({
        error: 'slow_down',
        error_description: 'Too many requests have been made in the same timeframe.',
        interval: code.intervalSeconds,
      });
    }
    if (code.state === 'pending')
      return ok({ error: 'authorization_pending', error_description: 'The authorization request is still pending.' });
    code.state = 'redeemed';
    const info = this.tokens[code.token!];
    return ok({ access_token: code.token, token_type: 'bearer', scope: (info?.scopes ?? []).join(',') });
  }
}

function ok(body: unknown): RouteResult {
  return { status: 200, body };
}

function letters(count: number): string {
  const alphabet = 'BCDFGHJKLMNPQRSTVWXZ';
  return [...randomBytes(count)].map((b) => alphabet[b % alphabet.length]).join('');
}

function readParams(rawBody: string, contentType: string, query: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = Object.fromEntries(query);
  if (!rawBody) return out;
  if (contentType.includes('json')) {
    try {
      const parsed = JSON.parse(rawBody) as unknown;
      if (parsed && typeof parsed === 'object') {
        for (const [k, v] of Object.entries(parsed)) if (typeof v === 'string') out[k] = v;
      }
    } catch {
      // GitHub ignores a body it cannot read; the missing client_id answers for it.
    }
    return out;
  }
  for (const [k, v] of new URLSearchParams(rawBody)) out[k] = v;
  return out;
}
