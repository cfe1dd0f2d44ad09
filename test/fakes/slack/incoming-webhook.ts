import type { IncomingMessage, ServerResponse } from 'node:http';
import { isRecord } from './api-params.js';
import type { FailureInjector } from './failure-injector.js';
import type { FakeState } from './fake-state.js';
import type { InjectedFailure } from './fake-types.js';
import { readBody, sendText } from './http-io.js';
import { readMessageContent } from './message-content.js';
import type { ChannelRateLimiter } from './rate-limiter.js';
import { SlackApiError } from './web-api-types.js';

/** HTTP status Slack uses for each plain-text webhook error. */
const ERROR_STATUS: Record<string, number> = {
  invalid_payload: 400,
  no_text: 400,
  invalid_blocks: 400,
  invalid_blocks_format: 400,
  action_prohibited: 403,
  invalid_token: 403,
  channel_not_found: 404,
  no_service: 404,
  channel_is_archived: 410,
  rollup_error: 500,
};

interface WebhookReply {
  status: number;
  text: string;
  headers?: Record<string, string>;
}

function injected(failure: InjectedFailure): WebhookReply {
  if ('error' in failure) return { status: ERROR_STATUS[failure.error] ?? 400, text: failure.error };
  if (failure.status === 429 && 'retryAfter' in failure) {
    return { status: 429, text: 'rate_limited', headers: { 'retry-after': String(failure.retryAfter) } };
  }
  return { status: failure.status, text: ('body' in failure ? failure.body : undefined) ?? 'rollup_error' };
}

function parsePayload(req: IncomingMessage, raw: string): Record<string, unknown> | undefined {
  let text = raw;
  if ((req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
    text = new URLSearchParams(raw).get('payload') ?? '';
  }
  try {
    const parsed: unknown = JSON.parse(text);
    return isRecord(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** Modern incoming webhooks: bound to one channel, no overrides, plain-text answers. */
export class IncomingWebhooks {
  constructor(
    private readonly state: FakeState,
    private readonly limiter: ChannelRateLimiter,
    private readonly failures: FailureInjector,
  ) {}

  async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const raw = await readBody(req);
    const payload = parsePayload(req, raw);
    const reply = this.reply(req, url.pathname, payload);
    if (reply.status === 429) this.state.rateLimitedCount += 1;
    this.state.webhookCalls.push({
      url: url.href,
      body: payload ?? raw,
      status: reply.status,
      response: reply.text,
      at: this.state.clock.now(),
    });
    sendText(res, reply.status, reply.text, reply.headers);
  }

  private reply(req: IncomingMessage, path: string, payload: Record<string, unknown> | undefined): WebhookReply {
    const channelId = this.state.webhooks.get(path);
    if (channelId === undefined) return { status: 404, text: 'no_service' };
    if (req.method !== 'POST') return { status: 405, text: 'invalid_method' };
    const failure = this.failures.take('webhook');
    if (failure) return injected(failure);
    if (!payload) return { status: 400, text: 'invalid_payload' };
    const channel = this.state.channels.find((c) => c.id === channelId);
    if (!channel) return { status: 404, text: 'channel_not_found' };
    if (channel.is_archived) return { status: 410, text: 'channel_is_archived' };
    let content;
    try {
      content = readMessageContent(payload);
    } catch (error) {
      if (error instanceof SlackApiError) return { status: ERROR_STATUS[error.error] ?? 400, text: error.error };
      throw error;
    }
    if (content.empty) return { status: 400, text: 'no_text' };
    const retryAfter = this.limiter.take(channel.id);
    if (retryAfter !== undefined)
      return { status: 429, text: 'rate_limited', headers: { 'retry-after': String(retryAfter) } };
    this.state.recordMessage({
      channel: channel.id,
      text: content.text,
      blocks: content.blocks,
      via: 'webhook',
      bot_id: 'B0HOOKBOT1',
    });
    return { status: 200, text: 'ok' };
  }
}
