import type { Dispatcher } from 'undici';
import { z } from 'zod';
import { ForgeHttp, type FetchFn } from '../../http/forge-http.js';
import type { Clock } from '../../runtime/clock.js';
import {
  DEVICE_GRANT_TYPE,
  type DeviceCode,
  type DeviceEnd,
  type DeviceStep,
  type DeviceWait,
  oauthErrorSchema,
  parseDeviceCode,
  pollDeviceAuthorization,
  stepOfOAuthError,
} from '../device-authorization.js';
import { webUrlOf } from '../repo-reference.js';

/**
 * GitHub OAuth device flow (RFC 8628 as GitHub implements it: errors come back as HTTP 200 with an `error` field).
 * The grant's common parts (answers, poll loop) are in ../device-authorization.ts.
 */
export const DEFAULT_DEVICE_SCOPES = 'repo read:org';

export interface DeviceFlowClientOptions {
  /** https://api.github.com or https://HOST/api/v3; the flow runs on the web origin (webUrlOf). */
  apiUrl: string;
  clientId: string;
  clock: Clock;
  dispatcher?: Dispatcher;
  fetch?: FetchFn;
  timeoutMs?: number;
}

interface GitHubToken {
  kind: 'token';
  accessToken: string;
  tokenType: string;
  scope: string;
}

export type TokenPoll = DeviceStep<GitHubToken>;
export type FinalTokenPoll = GitHubToken | DeviceEnd;
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
  return parseDeviceCode(
    response.body,
    host,
    describe,
    `${host} did not answer the device code request as GitHub does; is this a GitHub host with OAuth device flow?`,
  );
}

/** Step 2, once: exchange the device code for a token, or learn why not yet. */
export async function pollAccessToken(options: DeviceFlowClientOptions, deviceCode: string): Promise<TokenPoll> {
  const http = httpOf(options);
  const response = await http.request('/login/oauth/access_token', {
    method: 'POST',
    body: { client_id: options.clientId, device_code: deviceCode, grant_type: DEVICE_GRANT_TYPE },
  });
  const failure = oauthErrorSchema.safeParse(response.body);
  if (failure.success) return stepOfOAuthError(failure.data, describe);
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

export type WaitOptions = DeviceWait;

/** Polls until GitHub hands out a token or the flow ends (see pollDeviceAuthorization). */
export async function waitForToken(
  options: DeviceFlowClientOptions,
  deviceCode: string,
  wait: WaitOptions,
): Promise<FinalTokenPoll> {
  return pollDeviceAuthorization(options.clock, wait, () => pollAccessToken(options, deviceCode), describe);
}
