import type { Dispatcher } from 'undici';
import { z } from 'zod';
import { ForgeHttp, type FetchFn } from '../../http/forge-http.js';
import { sleep, type Clock } from '../../runtime/clock.js';
import { ForgeError } from '../forge-error.js';
import type { OAuthToken } from '../personal-token.js';
import { webUrlFromApiUrl } from './web-urls.js';

/**
 * GitLab's OAuth 2.0 device authorization grant (RFC 8628, GitLab 17.2+): `POST /oauth/authorize_device`, then
 * `POST /oauth/token` until the person has entered the code. Errors are HTTP 400 with `error` (RFC 6749). The access
 * token expires (two hours on GitLab); `refreshAccessToken` renews it (the refresh token rotates).
 */
export const DEVICE_GRANT_TYPE = 'urn:ietf:params:oauth:grant-type:device_code';
/** `api`: act as yourself (approve, comment, merge); it also reads the To-Do list. */
export const GITLAB_SIGNIN_SCOPES = 'api';
const SLOW_DOWN_STEP_SECONDS = 5;

export interface GitLabGrantOptions {
  /** https://gitlab.com/api/v4 or https://HOST/api/v4; the grant runs on the web origin. */
  apiUrl: string;
  clientId: string;
  clock: Clock;
  dispatcher?: Dispatcher;
  fetch?: FetchFn;
}

export interface GrantCode {
  deviceCode: string;
  userCode: string;
  verificationUri: string;
  /** The page with the code filled in, when GitLab gives it. */
  verificationUriComplete: string | null;
  expiresInSeconds: number;
  intervalSeconds: number;
}

export type GrantOutcome =
  | { kind: 'token'; token: OAuthToken }
  | { kind: 'expired'; message: string }
  | { kind: 'denied'; message: string }
  | { kind: 'failed'; code: string; message: string };

const errorSchema = z.object({ error: z.string(), error_description: z.string().optional() });
const codeSchema = z.object({
  device_code: z.string().min(1),
  user_code: z.string().min(1),
  verification_uri: z.string().min(1),
  verification_uri_complete: z.string().nullish(),
  expires_in: z.number().positive(),
  interval: z.number().nonnegative().optional(),
});
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
  const failure = errorSchema.safeParse(response.body);
  if (failure.success)
    throw new ForgeError('invalid_input', describe(failure.data.error, failure.data.error_description), { host });
  const parsed = codeSchema.safeParse(response.body);
  if (!parsed.success)
    throw new ForgeError(
      'bad_response',
      `${host} did not answer the device authorization request as GitLab 17.2+ does; is the device grant available there?`,
      { host },
    );
  return {
    deviceCode: parsed.data.device_code,
    userCode: parsed.data.user_code,
    verificationUri: parsed.data.verification_uri,
    verificationUriComplete: parsed.data.verification_uri_complete ?? null,
    expiresInSeconds: parsed.data.expires_in,
    intervalSeconds: parsed.data.interval ?? 5,
  };
}

async function tokenRequest(
  options: GitLabGrantOptions,
  body: Record<string, string>,
): Promise<OAuthToken | { error: string; description: string | undefined }> {
  const response = await httpOf(options).request('/oauth/token', { method: 'POST', body, accept: [400, 401] });
  const failure = errorSchema.safeParse(response.body);
  if (failure.success) return { error: failure.data.error, description: failure.data.error_description };
  const token = tokenSchema.safeParse(response.body);
  if (!token.success) return { error: 'bad_response', description: 'GitLab sent a token answer without a token' };
  return {
    access: token.data.access_token,
    refresh: token.data.refresh_token,
    expiresAt: options.clock.now() + token.data.expires_in * 1000,
  };
}

/** Polls on the injected clock until the person enters the code, denies it, or it expires. */
export async function waitForGrant(
  options: GitLabGrantOptions,
  code: GrantCode,
  wait: { expiresAt: number; signal?: AbortSignal },
): Promise<GrantOutcome> {
  let interval = Math.max(1, code.intervalSeconds);
  for (;;) {
    await sleep(options.clock, interval * 1000, wait.signal);
    if (wait.signal?.aborted) return { kind: 'failed', code: 'cancelled', message: 'The sign-in was cancelled.' };
    if (options.clock.now() >= wait.expiresAt)
      return { kind: 'expired', message: describe('expired_token', undefined) };
    let answer: Awaited<ReturnType<typeof tokenRequest>>;
    try {
      answer = await tokenRequest(options, {
        grant_type: DEVICE_GRANT_TYPE,
        device_code: code.deviceCode,
        client_id: options.clientId,
      });
    } catch (error) {
      if (error instanceof ForgeError && error.transient) continue;
      return {
        kind: 'failed',
        code: error instanceof ForgeError ? error.code : 'error',
        message: (error as Error).message,
      };
    }
    if (!('error' in answer)) return { kind: 'token', token: answer };
    if (answer.error === 'authorization_pending') continue;
    if (answer.error === 'slow_down') {
      interval += SLOW_DOWN_STEP_SECONDS;
      continue;
    }
    if (answer.error === 'expired_token')
      return { kind: 'expired', message: describe(answer.error, answer.description) };
    if (answer.error === 'access_denied')
      return { kind: 'denied', message: describe(answer.error, answer.description) };
    return { kind: 'failed', code: answer.error, message: describe(answer.error, answer.description) };
  }
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
