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

/** How messages reach Slack: the bot token (Web API) or an incoming webhook. */
export interface SlackTransport {
  readonly kind: 'bot' | 'webhook';
  post(message: OutgoingMessage): Promise<PostedMessage>;
  /** Threads and parent updates exist only with the bot token. */
  update?(channelId: string, ts: string, message: Pick<OutgoingMessage, 'text' | 'blocks'>): Promise<void>;
  /**
   * Looks for a message carrying our delivery id, posted since `sinceMs`. `unknown` when the history
   * cannot be read (no scope, webhook): then a resend may repeat one message.
   */
  findDelivered?(channel: string, deliveryId: string, sinceMs: number): Promise<PostedMessage | null | 'unknown'>;
  permalink?(channelId: string, ts: string): Promise<string | null>;
}
