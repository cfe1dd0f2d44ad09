import { randomBytes } from 'node:crypto';
import type { RouteResult } from './router.js';
import type { World } from './world.js';

/** The OAuth application the fake accepts unless told otherwise (GitLab ≥ 17.2, device authorization grant). */
export const DEFAULT_GITLAB_CLIENT_ID = 'fake-gitlab-oauth-app-0001';

export interface DeviceGrantCode {
  deviceCode: string;
  userCode: string;
  clientId: string;
  scope: string;
  expiresAt: number;
  intervalSeconds: number;
  lastPollAt: number | null;
  state: 'pending' | 'approved' | 'denied' | 'redeemed';
  username: string | null;
  polls: number;
}

/**
 * GitLab's OAuth 2.0 device authorization grant (RFC 8628) on the web origin: `POST /oauth/authorize_device`, then
 * `POST /oauth/token` with `grant_type=urn:ietf:params:oauth:grant-type:device_code` (errors as HTTP 400 with
 * `error`, RFC 6749 style; polling faster than the interval answers `slow_down`). Access tokens expire after
 * `tokenLifetimeSeconds` (GitLab: 2 hours) and are renewed with `grant_type=refresh_token`, which rotates the refresh
 * token. A test plays the user with approve / deny / expire.
 */
export class DeviceGrantFake {
  readonly codes: DeviceGrantCode[] = [];
  clientIds = new Set([DEFAULT_GITLAB_CLIENT_ID]);
  expiresInSeconds = 600;
  intervalSeconds = 5;
  tokenLifetimeSeconds = 7200;
  /** refresh token → the user it renews for. */
  private readonly refreshTokens = new Map<string, { username: string; scopes: string[] }>();
  /** access token → when it stops working. */
  readonly expiry = new Map<string, number>();
  webOrigin = '';

  constructor(private readonly store: World) {}

  code(userCode?: string): DeviceGrantCode {
    const found = userCode ? this.codes.find((c) => c.userCode === userCode) : this.codes.at(-1);
    if (!found) throw new Error('fake GitLab: no device code was requested yet');
    return found;
  }

  approve(username: string, userCode?: string): void {
    const code = this.code(userCode);
    if (code.state !== 'pending') throw new Error(`device code ${code.userCode} is ${code.state}`);
    this.store.user(username);
    Object.assign(code, { state: 'approved', username });
  }

  deny(userCode?: string): void {
    this.code(userCode).state = 'denied';
  }

  expire(userCode?: string): void {
    this.code(userCode).expiresAt = this.store.now() - 1;
  }

  /** Revokes every token (access and refresh) of a user, as "Revoke" in the user's applications settings does. */
  revokeUser(username: string): void {
    for (const [token, info] of this.store.personalTokens)
      if (info.user.username === username) this.store.personalTokens.delete(token);
    for (const [token, info] of this.refreshTokens) if (info.username === username) this.refreshTokens.delete(token);
  }

  handle(method: string, path: string, input: Record<string, unknown>): RouteResult | null {
    if (method !== 'POST') return null;
    if (path === '/oauth/authorize_device') return this.authorize(input);
    if (path === '/oauth/token') return this.token(input);
    return null;
  }

  private authorize(input: Record<string, unknown>): RouteResult {
    const clientId = String(input.client_id ?? '');
    if (!this.clientIds.has(clientId))
      return {
        status: 401,
        body: { error: 'invalid_client', error_description: 'Client authentication failed due to unknown client.' },
      };
    const code: DeviceGrantCode = {
      deviceCode: randomBytes(20).toString('hex'),
      userCode: randomBytes(4).toString('hex').toUpperCase(),
      clientId,
      scope: String(input.scope ?? 'api'),
      expiresAt: this.store.now() + this.expiresInSeconds * 1000,
      intervalSeconds: this.intervalSeconds,
      lastPollAt: null,
      state: 'pending',
      username: null,
      polls: 0,
    };
    this.codes.push(code);
    return {
      status: 200,
      body: {
        device_code: code.deviceCode,
        user_code: code.userCode,
        verification_uri: `${this.webOrigin}/oauth/device`,
        verification_uri_complete: `${this.webOrigin}/oauth/device?user_code=${code.userCode}`,
        expires_in: this.expiresInSeconds,
        interval: code.intervalSeconds,
      },
    };
  }

  private token(input: Record<string, unknown>): RouteResult {
    const fail = (error: string, description: string): RouteResult => ({
      status: 400,
      body: { error, error_description: description },
    });
    if (input.grant_type === 'refresh_token') {
      const old = this.refreshTokens.get(String(input.refresh_token ?? ''));
      if (!old) return fail('invalid_grant', 'The provided authorization grant is invalid, expired, revoked.');
      this.refreshTokens.delete(String(input.refresh_token));
      return this.issue(old.username, old.scopes);
    }
    if (input.grant_type !== 'urn:ietf:params:oauth:grant-type:device_code')
      return fail('unsupported_grant_type', 'The authorization grant type is not supported.');
    const code = this.codes.find((c) => c.deviceCode === input.device_code);
    if (!code || code.clientId !== input.client_id) return fail('invalid_grant', 'The device code is invalid.');
    code.polls++;
    const now = this.store.now();
    if (code.state === 'redeemed') return fail('invalid_grant', 'The device code was already used.');
    if (now > code.expiresAt) return fail('expired_token', 'The device code has expired.');
    if (code.state === 'denied') return fail('access_denied', 'The resource owner denied the request.');
    if (code.lastPollAt !== null && now - code.lastPollAt < code.intervalSeconds * 1000) {
      code.lastPollAt = now;
      return fail('slow_down', 'Polling too fast.');
    }
    code.lastPollAt = now;
    if (code.state === 'pending') return fail('authorization_pending', 'The authorization request is still pending.');
    code.state = 'redeemed';
    return this.issue(code.username as string, code.scope.split(/\s+/));
  }

  private issue(username: string, scopes: string[]): RouteResult {
    const access = `gloas-${randomBytes(16).toString('hex')}`;
    const refresh = `glort-${randomBytes(16).toString('hex')}`;
    this.store.personalTokens.set(access, { user: this.store.user(username), scopes });
    this.refreshTokens.set(refresh, { username, scopes });
    this.expiry.set(access, this.store.now() + this.tokenLifetimeSeconds * 1000);
    return {
      status: 200,
      body: {
        access_token: access,
        token_type: 'Bearer',
        expires_in: this.tokenLifetimeSeconds,
        refresh_token: refresh,
        scope: scopes.join(' '),
        created_at: Math.floor(this.store.now() / 1000),
      },
    };
  }
}
