import type { Block, KnownBlock, View } from '@slack/types';

/** Where a link preview goes: the message (channel + ts) or, from the composer, the unfurl id Slack gave. */
export type UnfurlTarget = { unfurl_id: string; source: string } | { channel: string; ts: string };

/** An answer through a slash command's or a button's `response_url`. */
export interface ResponseBody {
  response_type?: 'ephemeral' | 'in_channel';
  replace_original?: boolean;
  text: string;
  blocks?: (Block | KnownBlock)[];
}

/**
 * The Slack Web API calls that slash commands, buttons, modals and link previews make with the bot token — one
 * WebClient per bot token behind it, reused for every call. In tests: a plain object that records the calls.
 */
export interface SlackWeb {
  openView(triggerId: string, view: View): Promise<void>;
  /** Opens a modal and returns its id, to replace it (views.update) once slow data is read. */
  openViewForUpdate(triggerId: string, view: View): Promise<string | null>;
  updateView(viewId: string, view: View): Promise<void>;
  postMessage(channel: string, text: string): Promise<void>;
  /** A message only `user` sees, in `channel` (chat.postEphemeral). */
  postEphemeral(channel: string, user: string, text: string): Promise<void>;
  unfurl(target: UnfurlTarget, unfurls: Record<string, { blocks: (Block | KnownBlock)[] }>): Promise<void>;
  /** The ID of a channel given by name or ID (null when Slack does not know it or the bot cannot list channels). */
  channelId(channel: string): Promise<string | null>;
  /** A user's name and time zone (users.info, `users:read`); null when Slack does not know them. */
  userInfo(user: string): Promise<SlackUser | null>;
  /** The workspace's people (users.list, `users:read`): for the People screen's picker. */
  listUsers(): Promise<SlackUser[]>;
}

export interface SlackUser {
  id: string;
  name: string;
  realName: string | null;
  /** IANA time zone from the user's Slack profile. */
  tz: string | null;
  isBot: boolean;
  deleted: boolean;
}

/** Answers through `response_url` (works without a bot token: the URL carries its own authority). */
export type Responder = (responseUrl: string | undefined, body: ResponseBody) => Promise<void>;
