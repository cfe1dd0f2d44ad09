import type { FakeState } from './fake-state.js';
import type { ChannelRecord, MessageRecord } from './fake-types.js';

/** The message as the Web API returns it (chat.postMessage `message`, conversations.history). */
export function messageJson(state: FakeState, m: MessageRecord, includeMetadata: boolean): Record<string, unknown> {
  const json: Record<string, unknown> = { type: 'message', text: m.text, ts: m.ts };
  if (m.via === 'user') {
    json.user = m.user;
  } else {
    json.user = state.config.botUserId;
    json.bot_id = m.bot_id ?? state.config.botId;
    json.app_id = state.config.appId;
    if (m.via === 'webhook' || m.username !== undefined) json.subtype = 'bot_message';
    json.bot_profile = {
      id: state.config.botId,
      app_id: state.config.appId,
      name: state.config.botUserName,
      team_id: state.config.teamId,
      deleted: false,
    };
  }
  json.team = state.config.teamId;
  if (m.blocks !== undefined) json.blocks = m.blocks;
  if (m.thread_ts !== undefined) json.thread_ts = m.thread_ts;
  if (m.username !== undefined) json.username = m.username;
  if (m.icon_url !== undefined || m.icon_emoji !== undefined)
    json.icons = { image_48: m.icon_url, emoji: m.icon_emoji };
  const last = m.edits.at(-1);
  if (last) json.edited = { user: state.config.botUserId, ts: `${Math.floor(last.editedAt / 1000)}.000000` };
  const replies = state.messages.filter(
    (r) => r.channel === m.channel && r.thread_ts === m.ts && r.ts !== m.ts && !r.deleted,
  );
  if (replies.length > 0) {
    json.thread_ts = m.ts;
    json.reply_count = replies.length;
    json.latest_reply = replies.at(-1)?.ts;
  }
  if (includeMetadata && m.metadata !== undefined) json.metadata = m.metadata;
  return json;
}

export function channelJson(state: FakeState, c: ChannelRecord): Record<string, unknown> {
  return {
    id: c.id,
    name: c.name,
    name_normalized: c.name,
    is_channel: !c.is_private,
    is_group: c.is_private,
    is_im: false,
    is_mpim: false,
    is_private: c.is_private,
    is_archived: c.is_archived,
    is_general: c.name === 'general',
    is_shared: false,
    is_org_shared: false,
    is_ext_shared: false,
    is_member: c.is_member,
    created: c.created,
    creator: state.defaultUser.id,
    context_team_id: state.config.teamId,
    topic: { value: c.topic, creator: '', last_set: 0 },
    purpose: { value: c.purpose, creator: '', last_set: 0 },
    num_members: c.is_member ? 3 : 2,
  };
}
