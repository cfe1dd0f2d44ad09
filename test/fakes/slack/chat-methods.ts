import { bool, isRecord, json, str } from './api-params.js';
import { validateBlocks } from './block-kit-limits.js';
import type { FakeState } from './fake-state.js';
import { messageJson } from './api-json.js';
import type { ChannelRecord } from './fake-types.js';
import { MAX_TEXT, readBlocks, readMessageContent, readMetadata } from './message-content.js';
import { ok, SlackApiError } from './web-api-types.js';
import type { MethodContext, MethodReply, MethodSpec } from './web-api-types.js';

/**
 * A user ID as `channel` posts into the app's DM with that user (its Messages tab). Slack refuses an unknown user
 * (`channel_not_found`), a deactivated one (`user_disabled`), a bot (`cannot_dm_bot`), and whatever a test set for the
 * user (`messages_tab_disabled` …).
 */
export function resolveDmChannel(state: FakeState, userId: string): ChannelRecord {
  const refused = state.dmRefusals.get(userId);
  if (refused) throw new SlackApiError(refused);
  const user = state.findUser(userId);
  if (!user) throw new SlackApiError('channel_not_found');
  if (user.deleted) throw new SlackApiError('user_disabled');
  if (user.is_bot) throw new SlackApiError('cannot_dm_bot');
  return state.imChannel(userId);
}

/** Channel a bot may post into: by id or name; private channels it is not in do not exist for it. */
export function resolvePostChannel(state: FakeState, ref: string | undefined): ChannelRecord {
  if (ref !== undefined && /^[UW][A-Z0-9]{2,}$/.test(ref)) return resolveDmChannel(state, ref);
  const im = ref === undefined ? undefined : state.channels.find((c) => c.is_im && c.id === ref);
  if (im) return resolveDmChannel(state, im.user as string);
  const channel = ref === undefined ? undefined : state.findChannel(ref);
  if (!channel || (channel.is_private && !channel.is_member)) throw new SlackApiError('channel_not_found');
  if (channel.is_archived) throw new SlackApiError('is_archived');
  if (!channel.is_member && !state.scopes.has('chat:write.public')) throw new SlackApiError('not_in_channel');
  return channel;
}

/** chat.update / getPermalink / history take channel IDs only. */
function channelById(state: FakeState, ref: string | undefined): ChannelRecord {
  const channel = ref === undefined ? undefined : state.channels.find((c) => c.id === ref);
  if (!channel || (channel.is_private && !channel.is_member)) throw new SlackApiError('channel_not_found');
  return channel;
}

function rateLimitedReply(retryAfter: number): MethodReply {
  return { status: 429, headers: { 'retry-after': String(retryAfter) }, body: { ok: false, error: 'ratelimited' } };
}

function postMessage({ state, params, limiter }: MethodContext): MethodReply {
  const channel = resolvePostChannel(state, str(params, 'channel'));
  const content = readMessageContent(params);
  if (content.empty) throw new SlackApiError('no_text');
  const retryAfter = limiter.take(channel.id);
  if (retryAfter !== undefined) return rateLimitedReply(retryAfter);

  let threadTs = str(params, 'thread_ts');
  if (threadTs !== undefined) {
    const parent = state.findMessage(channel.id, threadTs);
    if (parent?.thread_ts !== undefined) threadTs = parent.thread_ts;
  }
  const customize = state.scopes.has('chat:write.customize');
  const message = state.recordMessage({
    channel: channel.id,
    text: content.text,
    blocks: content.blocks,
    metadata: content.metadata,
    thread_ts: threadTs,
    reply_broadcast: bool(params, 'reply_broadcast') ?? false,
    username: customize ? str(params, 'username') : undefined,
    icon_url: customize ? str(params, 'icon_url') : undefined,
    icon_emoji: customize ? str(params, 'icon_emoji') : undefined,
    unfurl_links: bool(params, 'unfurl_links'),
    via: 'bot',
    user: state.config.botUserId,
    bot_id: state.config.botId,
  });
  return ok({ channel: channel.id, ts: message.ts, message: messageJson(state, message, true) });
}

function update({ state, params }: MethodContext): MethodReply {
  const channel = channelById(state, str(params, 'channel'));
  const ts = str(params, 'ts');
  const message = ts === undefined ? undefined : state.findMessage(channel.id, ts);
  if (!message) throw new SlackApiError('message_not_found');
  if (message.via !== 'bot' && message.via !== 'response_url') throw new SlackApiError('cant_update_message');
  const text = str(params, 'text');
  if (text !== undefined && text.length > MAX_TEXT) throw new SlackApiError('msg_too_long');
  const blocks = readBlocks(params);
  const metadata = readMetadata(params);
  if (text === undefined && blocks === undefined && metadata === undefined) throw new SlackApiError('no_text');
  message.edits.push({
    text: message.text,
    blocks: message.blocks,
    metadata: message.metadata,
    editedAt: state.clock.now(),
  });
  message.text = text ?? (blocks !== undefined ? '' : message.text);
  if (blocks !== undefined) message.blocks = blocks;
  if (metadata !== undefined) message.metadata = metadata;
  return ok({ channel: channel.id, ts: message.ts, text: message.text, message: messageJson(state, message, true) });
}

function postEphemeral({ state, params }: MethodContext): MethodReply {
  const channel = resolvePostChannel(state, str(params, 'channel'));
  const user = str(params, 'user');
  if (user === undefined || !state.findUser(user)) throw new SlackApiError('user_not_found');
  const content = readMessageContent(params);
  if (content.empty) throw new SlackApiError('no_text');
  const messageTs = state.ids.nextTs();
  state.ephemerals.push({
    channel: channel.id,
    user,
    text: content.text,
    blocks: content.blocks,
    thread_ts: str(params, 'thread_ts'),
    message_ts: messageTs,
    via: 'api',
  });
  return ok({ message_ts: messageTs });
}

function getPermalink({ state, params }: MethodContext): MethodReply {
  const channel = channelById(state, str(params, 'channel'));
  const ts = str(params, 'message_ts');
  const message = ts === undefined ? undefined : state.findMessage(channel.id, ts);
  if (!message) throw new SlackApiError('message_not_found');
  let permalink = `https://${state.config.teamDomain}.slack.com/archives/${channel.id}/p${message.ts.replace('.', '')}`;
  if (message.thread_ts !== undefined && message.thread_ts !== message.ts)
    permalink += `?thread_ts=${message.thread_ts}&cid=${channel.id}`;
  return ok({ channel: channel.id, permalink });
}

function unfurl({ state, params }: MethodContext): MethodReply {
  const unfurls = json(params, 'unfurls', 'invalid_unfurls_format');
  if (!isRecord(unfurls)) throw new SlackApiError('invalid_unfurls_format');
  const unfurlId = str(params, 'unfurl_id');
  const source = str(params, 'source');
  const channelRef = str(params, 'channel');
  const ts = str(params, 'ts');
  let share;
  if (unfurlId !== undefined) {
    if (source === undefined) throw new SlackApiError('missing_source');
    share = state.linkShares.find((s) => s.unfurl_id === unfurlId);
    if (!share) throw new SlackApiError('invalid_unfurl_id');
  } else {
    if (channelRef === undefined || ts === undefined) throw new SlackApiError('missing_unfurl_id');
    const channel = channelById(state, channelRef);
    share = state.linkShares.find((s) => s.channel === channel.id && s.message_ts === ts);
    if (!share) throw new SlackApiError('cannot_unfurl_message');
  }
  for (const [url, attachment] of Object.entries(unfurls)) {
    if (!share.urls.includes(url)) throw new SlackApiError('cannot_unfurl_url');
    if (isRecord(attachment) && attachment.blocks !== undefined) {
      const errors = validateBlocks(attachment.blocks);
      if (errors.length > 0) throw new SlackApiError('invalid_unfurls_format', { errors });
    }
  }
  state.unfurls.push({ channel: channelRef, ts, unfurl_id: unfurlId, source, unfurls });
  return ok();
}

const write = (): string[] => ['chat:write'];

/** reactions.add / reactions.remove: the bot's own reaction; `already_reacted` / `no_reaction` as Slack answers. */
function react(adding: boolean) {
  return ({ state, params }: MethodContext): MethodReply => {
    const channel = channelById(state, str(params, 'channel'));
    const ts = str(params, 'timestamp');
    const name = str(params, 'name');
    if (!name) throw new SlackApiError('invalid_name');
    const message = ts === undefined ? undefined : state.findMessage(channel.id, ts);
    if (!message) throw new SlackApiError('message_not_found');
    const bot = state.config.botUserId;
    const existing = message.reactions.find((r) => r.name === name);
    if (adding) {
      if (existing?.users.includes(bot)) throw new SlackApiError('already_reacted');
      if (existing) existing.users.push(bot);
      else message.reactions.push({ name, users: [bot] });
    } else {
      if (!existing?.users.includes(bot)) throw new SlackApiError('no_reaction');
      existing.users = existing.users.filter((u) => u !== bot);
      if (existing.users.length === 0) message.reactions.splice(message.reactions.indexOf(existing), 1);
    }
    return ok({});
  };
}

export const chatMethods: Record<string, MethodSpec> = {
  'reactions.add': { token: 'bot', scopes: () => ['reactions:write'], handle: react(true) },
  'reactions.remove': { token: 'bot', scopes: () => ['reactions:write'], handle: react(false) },
  'chat.postMessage': { token: 'bot', scopes: write, handle: postMessage },
  'chat.update': { token: 'bot', scopes: write, handle: update },
  'chat.postEphemeral': { token: 'bot', scopes: write, handle: postEphemeral },
  'chat.getPermalink': { token: 'bot', scopes: () => [], handle: getPermalink },
  'chat.unfurl': { token: 'bot', scopes: () => ['links:write'], handle: unfurl },
};
