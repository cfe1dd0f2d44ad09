import { z } from 'zod';
import { sleep, type Clock } from '../runtime/clock.js';
import { ForgeError } from './forge-error.js';

/**
 * The OAuth 2.0 device authorization grant (RFC 8628) as GitHub's device flow and GitLab's device grant share it: the
 * device code answer, the error answers while polling, and the poll loop (wait `interval`, +5 s on `slow_down`, stop at
 * expiry or when cancelled, retry transient network failures). Each forge keeps its own endpoints and words.
 */
export const DEVICE_GRANT_TYPE = 'urn:ietf:params:oauth:grant-type:device_code';
const SLOW_DOWN_STEP_SECONDS = 5;

/** An OAuth error answer (RFC 6749 §5.2; RFC 8628 §3.5 adds `slow_down`'s optional new `interval`). */
export const oauthErrorSchema = z.object({
  error: z.string(),
  error_description: z.string().optional(),
  interval: z.number().optional(),
});

const deviceCodeSchema = z.object({
  device_code: z.string().min(1),
  user_code: z.string().min(1),
  verification_uri: z.string().min(1),
  verification_uri_complete: z.string().nullish(),
  expires_in: z.number().positive(),
  interval: z.number().nonnegative().optional(),
});

export interface DeviceCode {
  deviceCode: string;
  userCode: string;
  verificationUri: string;
  /** The page with the code filled in, when the forge gives it. */
  verificationUriComplete: string | null;
  expiresInSeconds: number;
  intervalSeconds: number;
}

/** Turns a forge's OAuth error code (and description) into words for the person. */
export type DescribeOAuthError = (code: string, description: string | undefined) => string;

/**
 * Reads the device authorization answer: the codes, or a ForgeError in the forge's words (an OAuth error answer), or
 * `notDeviceAnswer` when the host answered something else entirely.
 */
export function parseDeviceCode(
  body: unknown,
  host: string,
  describe: DescribeOAuthError,
  notDeviceAnswer: string,
): DeviceCode {
  const failure = oauthErrorSchema.safeParse(body);
  if (failure.success)
    throw new ForgeError('invalid_input', describe(failure.data.error, failure.data.error_description), { host });
  const parsed = deviceCodeSchema.safeParse(body);
  if (!parsed.success) throw new ForgeError('bad_response', notDeviceAnswer, { host });
  return {
    deviceCode: parsed.data.device_code,
    userCode: parsed.data.user_code,
    verificationUri: parsed.data.verification_uri,
    verificationUriComplete: parsed.data.verification_uri_complete ?? null,
    expiresInSeconds: parsed.data.expires_in,
    intervalSeconds: parsed.data.interval ?? 5,
  };
}

/** How a device authorization ended without a token. */
export type DeviceEnd =
  | { kind: 'expired'; message: string }
  | { kind: 'denied'; message: string }
  /** code: the forge's OAuth error (incorrect_client_credentials …), a ForgeError code, or 'cancelled'. */
  | { kind: 'failed'; code: string; message: string };

/** One token request's outcome: the forge's token, not yet, slower please, or the end. */
export type DeviceStep<Token> =
  Token | { kind: 'pending' } | { kind: 'slow_down'; intervalSeconds: number | null } | DeviceEnd;

/** An OAuth error answer to a token request, as a step (RFC 8628 §3.5). */
export function stepOfOAuthError(
  answer: z.infer<typeof oauthErrorSchema>,
  describe: DescribeOAuthError,
): DeviceStep<never> {
  const { error, error_description: description, interval } = answer;
  if (error === 'authorization_pending') return { kind: 'pending' };
  if (error === 'slow_down') return { kind: 'slow_down', intervalSeconds: interval ?? null };
  if (error === 'expired_token') return { kind: 'expired', message: describe(error, description) };
  if (error === 'access_denied') return { kind: 'denied', message: describe(error, description) };
  return { kind: 'failed', code: error, message: describe(error, description) };
}

export interface DeviceWait {
  /** When the code stops being valid (epoch ms). */
  expiresAt: number;
  intervalSeconds: number;
  signal?: AbortSignal;
  /** Called after every poll that did not end the flow (the interval may have grown). */
  onWaiting?: (intervalSeconds: number) => void;
}

/**
 * Polls on the injected clock until `attempt` yields a token or the flow ends: waits `interval` before each request,
 * adds 5 s (or takes the forge's new interval) on slow_down, and stops at expiry. Transient network failures are
 * retried at the current interval until the code expires.
 */
export async function pollDeviceAuthorization<Token extends { kind: 'token' }>(
  clock: Clock,
  wait: DeviceWait,
  attempt: () => Promise<DeviceStep<Token>>,
  describe: DescribeOAuthError,
): Promise<Token | DeviceEnd> {
  let interval = Math.max(1, wait.intervalSeconds);
  for (;;) {
    await sleep(clock, interval * 1000, wait.signal);
    if (wait.signal?.aborted) return { kind: 'failed', code: 'cancelled', message: 'The sign-in was cancelled.' };
    if (clock.now() >= wait.expiresAt) return { kind: 'expired', message: describe('expired_token', undefined) };
    let step: DeviceStep<Token>;
    try {
      step = await attempt();
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
    if (step.kind === 'pending') {
      wait.onWaiting?.(interval);
      continue;
    }
    if (step.kind === 'slow_down') {
      interval = Math.max(interval + SLOW_DOWN_STEP_SECONDS, step.intervalSeconds ?? 0);
      wait.onWaiting?.(interval);
      continue;
    }
    return step as Token | DeviceEnd;
  }
}
