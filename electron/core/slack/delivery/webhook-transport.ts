import type { Dispatcher } from 'undici';
import { fetch as undiciFetch } from '../../http/undici-parts.js';
import { SlackDeliveryError, slackErrorFromCode } from './slack-delivery-error.js';
import type { OutgoingMessage, PostedMessage, SlackTransport } from './slack-transport.js';

/** Delivery through an Incoming Webhook: one fixed channel, no threads, no updates. */
export class WebhookTransport implements SlackTransport {
  readonly kind = 'webhook' as const;
  constructor(
    private readonly url: string,
    private readonly options: { dispatcher?: Dispatcher; fetch?: typeof undiciFetch } = {},
  ) {}

  async post(message: OutgoingMessage): Promise<PostedMessage> {
    let response: Awaited<ReturnType<typeof undiciFetch>>;
    try {
      response = await (this.options.fetch ?? undiciFetch)(this.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text: message.text, blocks: message.blocks, unfurl_links: false }),
        dispatcher: this.options.dispatcher,
        signal: AbortSignal.timeout(30_000),
      });
    } catch (error) {
      throw new SlackDeliveryError('network', `Cannot reach the Slack webhook: ${(error as Error).message}`, {
        permanent: false,
      });
    }
    const body = (await response.text().catch(() => '')).trim();
    if (response.status === 200) return { channelId: null, ts: null };
    if (response.status === 429) {
      const after = Number(response.headers.get('retry-after') ?? '1');
      throw new SlackDeliveryError('rate_limited', 'Slack webhook rate limit', {
        permanent: false,
        retryAfterMs: (Number.isFinite(after) ? after : 1) * 1000,
      });
    }
    if (response.status >= 500)
      throw new SlackDeliveryError(`http_${response.status}`, `Slack webhook answered ${response.status} ${body}`, {
        permanent: false,
      });
    const code = /^[a-z_]+$/.test(body) ? body : `http_${response.status}`;
    const err = slackErrorFromCode(code);
    return Promise.reject(
      err.permanent
        ? err
        : new SlackDeliveryError(code, `Slack webhook answered ${response.status} ${body}`, {
            permanent: response.status !== 408,
          }),
    );
  }
}
