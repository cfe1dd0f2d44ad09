import type { Dispatcher } from 'undici';
import { z } from 'zod';
import { ForgeHttp, type FetchFn } from '../../http/forge-http.js';
import { sleep, type Clock } from '../../runtime/clock.js';
import { ForgeError } from '../forge-error.js';
import { webUrlOf } from '../repo-reference.js';

/** GitHub OAuth device flow (RFC 8628 as GitHub implements it: errors come back as HTTP 200 with an `error` field). */
export const DEVICE_GRANT_TYPE = 'urn:ietf:params:oauth:grant-type:device_code';
export const DEFAULT_DEVICE_SCOPES = 'repo read:org';
const SLOW_DOWN_STEP_SECONDS = 5;

export interface DeviceFlowClientOptions {
  /** https://api.github.com or https://HOST/api/v3; the flow runs on the web origin (webUrlOf). */
  apiUrl: string;
  clientId: string;
  clock: Clock;
  dispatcher?: Dispatcher;
  fetch?: FetchFn;
  timeoutMs?: number;
}

export interface DeviceCode {
  deviceCode: string;
  userCode: string;
  verificationUri: string;
  expiresInSeconds: number;
  intervalSeconds: number;
}

export type TokenPoll =
  | { kind: 'token'; accessToken: string; tokenType: string; scope: string }
  | { kind: 'pending' }
  | { kind: 'slow_down'; intervalSeconds: number | null }
  | { kind: 'expired'; message: string }
  | { kind: 'denied'; message: string }
  /** code: GitHub's error (incorrect_client_credentials, device_flow_disabled …), a ForgeError code, or 'cancelled'. */
  | { kind: 'failed'; code: string; message: string };

export type FinalTokenPoll = Exclude<TokenPoll, { kind: 'pending' } | { kind: 'slow_down' }>;

const errorSchema = z.object({
  error: z.string(),
  error_description: z.string().optional(),
  interval: z.number().optional(),
});
const codeSchema = z.object({
  device_code: z.string().min(1),
  user_code: z.string().min(1),
  verification_uri: z.string().min(1),
  expires_in: z.number().positive(),
  interval: z.number().nonnegative().optional(),
});
const tokenSchema = z.object({
  access_token: z.string().min(1),
  token_type: z.string().default('bearer'),
  scope: z.string().default(''),
});

function httpOf(options: DeviceFlowClientOptions): ForgeHttp {
  return new ForgeHttp({
    baseUrl: webUrlOf(options.apiUrl),
    headers: {},
    clock: options.clock,
    ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
  });
}

function describe(code: string, description: string | undefined): string {
  switch (code) {
    case 'incorrect_client_credentials':
      return 'GitHub does not know this OAuth app client ID. Copy the Client ID from the OAuth app settings.';
    case 'device_flow_disabled':
      return 'Device flow is disabled for this OAuth app. Enable “Device Flow” in the app settings, or use a personal access token.';
    case 'expired_token':
      return 'The code expired before it was entered. Start again.';
    case 'access_denied':
      return 'The sign-in was cancelled on GitHub.';
    default:
      return description ? `${description} (${code})` : `GitHub answered ${code}.`;
  }
}

/** Step 1: ask the web origin for a device code and the user code to show. */
export async function requestDeviceCode(
  options: DeviceFlowClientOptions,
  scopes: string = DEFAULT_DEVICE_SCOPES,
): Promise<DeviceCode> {
  const http = httpOf(options);
  const host = new URL(webUrlOf(options.apiUrl)).host;
  const response = await http.request('/login/device/code', {
    method: 'POST',
    body: { client_id: options.clientId, scope: scopes },
  });
  const failure = errorSchema.safeParse(response.body);
  if (failure.success)
    throw new ForgeError('invalid_input', describe(failure.data.error, failure.data.error_description), { host });
  const parsed = codeSchema.safeParse(response.body);
  if (!parsed.success)
    throw new ForgeError(
      'bad_response',
      `${host} did not answer the device code request as GitHub does; is this a GitHub host with OAuth device flow?`,
      { host },
    );
  return {
    deviceCode: parsed.data.device_code,
    userCode: parsed.data.user_code,
    verificationUri: parsed.data.verification_uri,
    expiresInSeconds: parsed.data.expires_in,
    intervalSeconds: parsed.data.interval ?? 5,
  };
}

/** Step 2, once: exchange the device code for a token, or learn why not yet. */
export async function pollAccessToken(options: DeviceFlowClientOptions, deviceCode: string): Promise<TokenPoll> {
  const http = httpOf(options);
  const response = await http.request('/login/oauth/access_token', {
    method: 'POST',
    body: { client_id: options.clientId, device_code: deviceCode, grant_type: DEVICE_GRANT_TYPE },
  });
  const failure = errorSchema.safeParse(response.body);
  if (failure.success) {
    const { error, error_description: description, interval } = failure.data;
    if (error === 'authorization_pending') return { kind: 'pending' };
    if (error === 'slow_down') return { kind: 'slow_down', intervalSeconds: interval ?? null };
    if (error === 'expired_token') return { kind: 'expired', message: describe(error, description) };
    if (error === 'access_denied') return { kind: 'denied', message: describe(error, description) };
    return { kind: 'failed', code: error, message: describe(error, description) };
  }
  const token = tokenSchema.safeParse(response.body);
  if (!token.success)
    return {
      kind: 'failed',
      code: 'bad_response',
      message: `${new URL(webUrlOf(options.apiUrl)).host} sent an access token answer without a token.`,
    };
  return {
    kind: 'token',
    accessToken: token.data.access_token,
    tokenType: token.data.token_type,
    scope: token.data.scope,
  };
}

export interface WaitOptions {
  /** When the code stops being valid (epoch ms). */
  expiresAt: number;
  intervalSeconds: number;
  signal?: AbortSignal;
  /** Called after every poll that did not end the flow (the interval may have grown). */
  onWaiting?: (intervalSeconds: number) => void;
}

/**
 * Polls on the injected clock until GitHub hands out a token or the flow ends: waits `interval` before
 * each request, adds 5 s (or takes GitHub's new interval) on slow_down, and stops at expiry.
 * Transient network failures are retried at the current interval until the code expires.
 */
export async function waitForToken(
  options: DeviceFlowClientOptions,
  deviceCode: string,
  wait: WaitOptions,
): Promise<FinalTokenPoll> {
  let interval = Math.max(1, wait.intervalSeconds);
  for (;;) {
    await sleep(options.clock, interval * 1000, wait.signal);
    if (wait.signal?.aborted) return { kind: 'failed', code: 'cancelled', message: 'The sign-in was cancelled.' };
    if (options.clock.now() >= wait.expiresAt)
      return { kind: 'expired', message: describe('expired_token', undefined) };
    let outcome: TokenPoll;
    try {
      outcome = await pollAccessToken(options, deviceCode);
    } catch (error) {
      if (error instanceof ForgeError && error.transient) {
        wait.onWaiting?.(interval);
        continue;
      }
      return {
        kind: 'failed',
        code: error instanceof ForgeError ? error.code : 'error',
        message: (error as Error).message,
      };
    }
    if (outcome.kind === 'pending') {
      wait.onWaiting?.(interval);
      continue;
    }
    if (outcome.kind === 'slow_down') {
      interval = Math.max(interval + SLOW_DOWN_STEP_SECONDS, outcome.intervalSeconds ?? 0);
      wait.onWaiting?.(interval);
      continue;
    }
    return outcome;
  }
}
