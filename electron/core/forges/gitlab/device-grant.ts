import type { Dispatcher } from 'undici';
import { z } from 'zod';
import { ForgeHttp, type FetchFn } from '../../http/forge-http.js';
import type { Clock } from '../../runtime/clock.js';
import {
  DEVICE_GRANT_TYPE,
  type DeviceCode,
  type DeviceEnd,
  type DeviceStep,
  oauthErrorSchema,
  parseDeviceCode,
  pollDeviceAuthorization,
  stepOfOAuthError,
} from '../device-authorization.js';
import { ForgeError } from '../forge-error.js';
import type { OAuthToken } from '../personal-token.js';
import { webUrlFromApiUrl } from './web-urls.js';

/**
 * GitLab's OAuth 2.0 device authorization grant (RFC 8628, GitLab 17.2+): `POST /oauth/authorize_device`, then
 * `POST /oauth/token` until the person has entered the code. Errors are HTTP 400 with `error` (RFC 6749). The access
 * token expires (two hours on GitLab); `refreshAccessToken` renews it (the refresh token rotates). The grant's common
 * parts (answers, poll loop) are in ../device-authorization.ts.
 */
/** `api`: act as yourself (approve, comment, merge); it also reads the To-Do list. */
export const GITLAB_SIGNIN_SCOPES = 'api';

export interface GitLabGrantOptions {
  /** https://gitlab.com/api/v4 or https://HOST/api/v4; the grant runs on the web origin. */
  apiUrl: string;
  clientId: string;
  clock: Clock;
  dispatcher?: Dispatcher;
  fetch?: FetchFn;
}

export type GrantCode = DeviceCode;

interface GrantToken {
  kind: 'token';
  token: OAuthToken;
}

export type GrantOutcome = GrantToken | DeviceEnd;
const tokenSchema = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1),
  expires_in: z.number().positive().default(7200),
});

function httpOf(options: GitLabGrantOptions): ForgeHttp {
  return new ForgeHttp({
    baseUrl: webUrlFromApiUrl(options.apiUrl.replace(/\/+$/, '')),
    headers: {},
    clock: options.clock,
    ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}

function describe(code: string, description: string | undefined): string {
  switch (code) {
    case 'invalid_client':
      return 'GitLab does not know this OAuth application (client ID). Copy the Application ID from the application settings.';
    case 'unauthorized_client':
    case 'unsupported_grant_type':
      return 'This GitLab does not allow the device grant for this application (GitLab 17.2 or later is needed).';
    case 'expired_token':
      return 'The code expired before it was entered. Start again.';
    case 'access_denied':
      return 'The sign-in was cancelled on GitLab.';
    case 'invalid_grant':
      return 'GitLab no longer accepts this sign-in (revoked or expired). Sign in again.';
    default:
      return description ? `${description} (${code})` : `GitLab answered ${code}.`;
  }
}

export async function requestGrantCode(
  options: GitLabGrantOptions,
  scopes: string = GITLAB_SIGNIN_SCOPES,
): Promise<GrantCode> {
  const http = httpOf(options);
  const host = new URL(webUrlFromApiUrl(options.apiUrl)).host;
  const response = await http.request('/oauth/authorize_device', {
    method: 'POST',
    body: { client_id: options.clientId, scope: scopes },
    accept: [400, 401, 404],
  });
  return parseDeviceCode(
    response.body,
    host,
    describe,
    `${host} did not answer the device authorization request as GitLab 17.2+ does; is the device grant available there?`,
  );
}

async function tokenRequest(
  options: GitLabGrantOptions,
  body: Record<string, string>,
): Promise<OAuthToken | { error: string; description: string | undefined }> {
  const response = await httpOf(options).request('/oauth/token', { method: 'POST', body, accept: [400, 401] });
  const failure = oauthErrorSchema.safeParse(response.body);
  if (failure.success) return { error: failure.data.error, description: failure.data.error_description };
  const token = tokenSchema.safeParse(response.body);
  if (!token.success) return { error: 'bad_response', description: 'GitLab sent a token answer without a token' };
  return {
    access: token.data.access_token,
    refresh: token.data.refresh_token,
    expiresAt: options.clock.now() + token.data.expires_in * 1000,
  };
}

/** Polls until the person enters the code, denies it, or it expires (see pollDeviceAuthorization). */
export async function waitForGrant(
  options: GitLabGrantOptions,
  code: GrantCode,
  wait: { expiresAt: number; signal?: AbortSignal },
): Promise<GrantOutcome> {
  const attempt = async (): Promise<DeviceStep<GrantToken>> => {
    const answer = await tokenRequest(options, {
      grant_type: DEVICE_GRANT_TYPE,
      device_code: code.deviceCode,
      client_id: options.clientId,
    });
    if (!('error' in answer)) return { kind: 'token', token: answer };
    return stepOfOAuthError({ error: answer.error, error_description: answer.description }, describe);
  };
  return pollDeviceAuthorization(
    options.clock,
    {
      expiresAt: wait.expiresAt,
      intervalSeconds: code.intervalSeconds,
      ...(wait.signal ? { signal: wait.signal } : {}),
    },
    attempt,
    describe,
  );
}

/**
 * Renews an expired (or nearly expired) access token. Throws ForgeError `unauthorized` when GitLab no longer accepts
 * the refresh token (revoked): the person must sign in again.
 */
export async function refreshAccessToken(options: GitLabGrantOptions, refresh: string): Promise<OAuthToken> {
  const answer = await tokenRequest(options, {
    grant_type: 'refresh_token',
    refresh_token: refresh,
    client_id: options.clientId,
  });
  if ('error' in answer) {
    throw new ForgeError(
      answer.error === 'invalid_grant' ? 'unauthorized' : 'bad_response',
      describe(answer.error, answer.description),
    );
  }
  return answer;
}
