import { type FetchFunction, LogLevel, WebClient } from '@slack/web-api';
import type { Dispatcher } from 'undici';
import { fetch as undiciFetch } from '../../http/undici-parts.js';

/** Our fetch for the Slack SDK: undici with the proxy/CA dispatcher. */
export function slackFetch(dispatcher: Dispatcher | undefined): FetchFunction {
  return ((url: string | URL, init?: Parameters<typeof undiciFetch>[1]) =>
    undiciFetch(url, { ...init, ...(dispatcher ? { dispatcher } : {}) })) as unknown as FetchFunction;
}

/**
 * A WebClient that reports 429s to us (the outbox schedules its own retries) instead of sleeping inside, and never
 * retries by itself: a retried post whose first answer was lost would be a second message.
 */
export function createWebClient(
  token: string,
  apiUrl: string,
  dispatcher: Dispatcher | undefined,
  options: { timeoutMs?: number } = {},
): WebClient {
  return new WebClient(token, {
    slackApiUrl: apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/`,
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 0 },
    timeout: options.timeoutMs ?? 30_000,
    logLevel: LogLevel.ERROR,
    fetch: slackFetch(dispatcher),
  });
}
