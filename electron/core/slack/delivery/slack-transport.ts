import type { Block, KnownBlock } from '@slack/types';

export interface OutgoingMessage {
  /** Channel name (no #) or ID. */
  channel: string;
  text: string;
  blocks: (Block | KnownBlock)[];
  threadTs?: string;
  /** Our delivery id, attached as message metadata so a resend can be detected. */
  deliveryId?: string;
}

export interface PostedMessage {
  channelId: string | null;
  ts: string | null;
}

/** Where to look for a message that may have been posted: its channel, and its thread when it is a reply. */
export interface DeliveryLookup {
  channel: string;
  deliveryId: string;
  /** The thread parent's ts when the message is a thread reply (only conversations.replies lists replies). */
  threadTs: string | null;
  /** Slack's ts of the message sent before it on the same queue: the post can only be newer (Slack's own clock). */
  afterTs: string | null;
  /** Local fallback bound when `afterTs` is unknown: when the row was queued. */
  sinceMs: number;
}

/** What a lookup found: the message, certainly nothing, or nothing it could tell (then a resend may repeat one). */
export type LookupResult =
  { state: 'found'; message: PostedMessage } | { state: 'absent' } | { state: 'unknown'; reason: string };

/** How messages reach Slack: the bot token (Web API) or an incoming webhook. */
export interface SlackTransport {
  readonly kind: 'bot' | 'webhook';
  post(message: OutgoingMessage): Promise<PostedMessage>;
  /** Threads and parent updates exist only with the bot token. */
  update?(channelId: string, ts: string, message: Pick<OutgoingMessage, 'text' | 'blocks'>): Promise<void>;
  /**
   * Looks in Slack for a message carrying our delivery id. `unknown` when Slack cannot be read for it (no history
   * scope, a channel the bot is not in). Throws a retryable SlackDeliveryError when the lookup itself failed for
   * now (network, 5xx, rate limit): the caller tries again later rather than risk a second message.
   */
  findDelivered?(lookup: DeliveryLookup): Promise<LookupResult>;
  permalink?(channelId: string, ts: string): Promise<string | null>;
}
