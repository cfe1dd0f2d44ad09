import type { WebAPICallResult, WebClient } from '@slack/web-api';
import { SlackDeliveryError, slackErrorFromCode } from './slack-delivery-error.js';
import type {
  DeliveryLookup,
  LookupResult,
  OutgoingMessage,
  PostedMessage,
  SlackTransport,
} from './slack-transport.js';

const METADATA_EVENT = 'forgebell_delivery';
const LOOKUP_PAGE_SIZE = 200;
const LOOKUP_PAGES = 10;
const LOOKUP_MARGIN_SECONDS = 15 * 60;
const CHANNEL_ID = /^[CGD][A-Z0-9]{6,}$/;
/** A Slack user ID: a DM goes to it (chat.postMessage opens the app's DM with that user). */
const USER_ID = /^[UW][A-Z0-9]{2,}$/;

type MetadataMessage = { ts?: string; metadata?: { event_type?: string; event_payload?: { delivery_id?: unknown } } };

interface ErrorShape {
  code?: string;
  data?: { error?: string; needed?: string; response_metadata?: unknown };
  retryAfter?: number;
  statusCode?: number;
}

/** Slack ts order ("1700000000.000100"): whole seconds, then the fraction; exact, unlike parsing as a float. */
export function tsBefore(a: string, b: string): boolean {
  const [as = '0', af = ''] = a.split('.');
  const [bs = '0', bf = ''] = b.split('.');
  if (as.length !== bs.length) return as.length < bs.length;
  if (as !== bs) return as < bs;
  return af.padEnd(6, '0') < bf.padEnd(6, '0');
}

/** Maps @slack/web-api errors to SlackDeliveryError (permanent or retryable, with Retry-After). */
export function toDeliveryError(error: unknown): SlackDeliveryError {
  const e = error as ErrorShape;
  if (e.code === 'slack_webapi_rate_limited_error') {
    return new SlackDeliveryError('rate_limited', `Slack rate limit; retry after ${e.retryAfter ?? 1}s`, {
      permanent: false,
      retryAfterMs: (e.retryAfter ?? 1) * 1000,
    });
  }
  if (e.code === 'slack_webapi_platform_error' && e.data?.error) {
    if (e.data.error === 'ratelimited' || e.data.error === 'rate_limited')
      return new SlackDeliveryError('rate_limited', 'Slack rate limit', { permanent: false, retryAfterMs: 1000 });
    return slackErrorFromCode(e.data.error, e.data.needed ? { neededScope: e.data.needed } : {});
  }
  if (e.code === 'slack_webapi_http_error') {
    return new SlackDeliveryError(`http_${e.statusCode ?? 0}`, `Slack answered HTTP ${e.statusCode ?? '?'}`, {
      permanent: false,
      uncertain: (e.statusCode ?? 500) >= 500,
    });
  }
  if (error instanceof SlackDeliveryError) return error;
  // A reset, a timeout or a refused connection: the request may or may not have been carried out.
  const message = error instanceof Error ? error.message : String(error);
  return new SlackDeliveryError('network', `Cannot reach Slack: ${message}`, { permanent: false, uncertain: true });
}

export interface BotTransportOptions {
  client: WebClient;
  username?: string | null;
  iconUrl?: string | null;
  /** Granted scopes from auth.test (x-oauth-scopes); decides customize/join/history behaviour. */
  scopes: () => ReadonlySet<string> | null;
}

/**
 * Delivery with the bot token: chat.postMessage with our delivery id in message metadata,
 * channel names resolved to IDs (cached, refreshed on channel_not_found), automatic join of public
 * channels when chat:write.public is missing but channels:join is granted.
 */
export class BotTransport implements SlackTransport {
  readonly kind = 'bot' as const;
  private channelIds = new Map<string, string>();

  constructor(private readonly options: BotTransportOptions) {}

  private has(scope: string): boolean {
    const scopes = this.options.scopes();
    return scopes === null || scopes.has(scope);
  }

  /** Resolves a channel name to its ID via conversations.list; names already IDs pass through. */
  async resolveChannel(channel: string, refresh = false): Promise<string> {
    if (CHANNEL_ID.test(channel)) return channel;
    const cached = this.channelIds.get(channel);
    if (cached && !refresh) return cached;
    if (USER_ID.test(channel)) return channel;
    try {
      let cursor: string | undefined;
      for (let page = 0; page < 50; page++) {
        // Listing private channels needs groups:read; without it Slack refuses the whole call.
        const types =
          this.has('groups:read') && this.options.scopes() !== null
            ? 'public_channel,private_channel'
            : 'public_channel';
        const res = (await this.options.client.conversations.list({
          limit: 1000,
          exclude_archived: true,
          types,
          ...(cursor ? { cursor } : {}),
        })) as WebAPICallResult & {
          channels?: { id?: string; name?: string }[];
        };
        for (const c of res.channels ?? []) if (c.id && c.name) this.channelIds.set(c.name, c.id);
        cursor = res.response_metadata?.next_cursor || undefined;
        if (!cursor || this.channelIds.has(channel)) break;
      }
    } catch {
      // Without channels:read, post by name: Slack accepts it.
    }
    return this.channelIds.get(channel) ?? channel;
  }

  async listChannels(): Promise<{ id: string; name: string }[]> {
    await this.resolveChannel('\u0000', true);
    return [...this.channelIds.entries()]
      .map(([name, id]) => ({ id, name }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  async post(message: OutgoingMessage): Promise<PostedMessage> {
    const channel = await this.resolveChannel(message.channel);
    try {
      return await this.postOnce(channel, message);
    } catch (error) {
      const err = toDeliveryError(error);
      if (USER_ID.test(message.channel)) throw err;
      if (err.code === 'channel_not_found' && channel === message.channel && !CHANNEL_ID.test(channel)) throw err;
      if (err.code === 'channel_not_found') {
        const fresh = await this.resolveChannel(message.channel, true);
        if (fresh !== channel)
          return this.postOnce(fresh, message).catch((e: unknown) => Promise.reject(toDeliveryError(e)));
      }
      if (err.code === 'not_in_channel' && this.has('channels:join') && /^C/.test(channel)) {
        await this.options.client.conversations.join({ channel }).catch(() => undefined);
        return this.postOnce(channel, message).catch((e: unknown) => Promise.reject(toDeliveryError(e)));
      }
      throw err;
    }
  }

  private async postOnce(channel: string, message: OutgoingMessage): Promise<PostedMessage> {
    const customize = this.has('chat:write.customize');
    const res = (await this.options.client.chat.postMessage({
      channel,
      text: message.text,
      blocks: message.blocks,
      unfurl_links: false,
      unfurl_media: false,
      ...(message.threadTs ? { thread_ts: message.threadTs } : {}),
      ...(message.deliveryId
        ? { metadata: { event_type: METADATA_EVENT, event_payload: { delivery_id: message.deliveryId } } }
        : {}),
      ...(customize && this.options.username ? { username: this.options.username } : {}),
      ...(customize && this.options.iconUrl ? { icon_url: this.options.iconUrl } : {}),
    })) as WebAPICallResult & { channel?: string; ts?: string };
    if (res.channel && !CHANNEL_ID.test(message.channel)) this.channelIds.set(message.channel, res.channel);
    return { channelId: res.channel ?? null, ts: res.ts ?? null };
  }

  async update(channelId: string, ts: string, message: Pick<OutgoingMessage, 'text' | 'blocks'>): Promise<void> {
    try {
      await this.options.client.chat.update({ channel: channelId, ts, text: message.text, blocks: message.blocks });
    } catch (error) {
      throw toDeliveryError(error);
    }
  }

  /** The DM channel (`D…`) of the app with a user: conversations.open (im:write) answers it. */
  private async dmChannel(user: string): Promise<string> {
    const cached = this.channelIds.get(user);
    if (cached) return cached;
    const res = (await this.options.client.conversations.open({ users: user })) as WebAPICallResult & {
      channel?: { id?: string };
    };
    const id = res.channel?.id;
    if (!id) throw new Error('conversations.open returned no channel');
    this.channelIds.set(user, id);
    return id;
  }

  /**
   * Finds a post by the delivery id in its metadata. Top-level messages are in conversations.history; thread
   * replies only in conversations.replies (history never lists them). History is read back to the earlier of the
   * message sent before it on the same queue and 15 minutes before it was queued; a thread from its start.
   */
  async findDelivered(lookup: DeliveryLookup): Promise<LookupResult> {
    const dm = USER_ID.test(lookup.channel);
    if (dm && !this.has('im:history')) return { state: 'unknown', reason: 'the Slack app lacks im:history' };
    if (!dm && !this.has('channels:history') && !this.has('groups:history'))
      return { state: 'unknown', reason: 'the Slack app lacks channels:history / groups:history' };
    let channelId: string;
    try {
      channelId = dm ? await this.dmChannel(lookup.channel) : await this.resolveChannel(lookup.channel);
    } catch (error) {
      const err = toDeliveryError(error);
      if (err.code === 'rate_limited' || err.code === 'network' || err.code.startsWith('http_')) throw err;
      return { state: 'unknown', reason: `conversations.open: ${err.code}` };
    }
    // The earlier of two bounds, so that either being right is enough: Slack's ts of the message sent before it
    // (immune to a wrong local clock) and the local time it was queued (immune to a retried older row in between).
    const local = `${Math.floor(lookup.sinceMs / 1000) - LOOKUP_MARGIN_SECONDS}.000000`;
    const oldest = lookup.threadTs
      ? undefined
      : lookup.afterTs && tsBefore(lookup.afterTs, local)
        ? lookup.afterTs
        : local;
    let cursor: string | undefined;
    for (let page = 0; page < LOOKUP_PAGES; page++) {
      const args = {
        channel: channelId,
        limit: LOOKUP_PAGE_SIZE,
        include_all_metadata: true,
        ...(oldest ? { oldest } : {}),
        ...(cursor ? { cursor } : {}),
      };
      let res: WebAPICallResult & { messages?: MetadataMessage[]; has_more?: boolean };
      try {
        res = lookup.threadTs
          ? await this.options.client.conversations.replies({ ...args, ts: lookup.threadTs })
          : await this.options.client.conversations.history(args);
      } catch (error) {
        const err = toDeliveryError(error);
        if (err.code === 'rate_limited' || err.code === 'network' || err.code.startsWith('http_') || err.uncertain)
          throw err;
        return {
          state: 'unknown',
          reason: `${lookup.threadTs ? 'conversations.replies' : 'conversations.history'}: ${err.code}`,
        };
      }
      const hit = (res.messages ?? []).find(
        (m) => m.metadata?.event_type === METADATA_EVENT && m.metadata.event_payload?.delivery_id === lookup.deliveryId,
      );
      if (hit) return { state: 'found', message: { channelId, ts: hit.ts ?? null } };
      cursor = res.response_metadata?.next_cursor || undefined;
      if (!res.has_more || !cursor) return { state: 'absent' };
    }
    return { state: 'unknown', reason: `not in the last ${LOOKUP_PAGES * LOOKUP_PAGE_SIZE} messages read` };
  }

  async permalink(channelId: string, ts: string): Promise<string | null> {
    try {
      const res = (await this.options.client.chat.getPermalink({
        channel: channelId,
        message_ts: ts,
      })) as WebAPICallResult & { permalink?: string };
      return res.permalink ?? null;
    } catch {
      return null;
    }
  }
}
