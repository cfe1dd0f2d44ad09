import { bool, int, str } from './api-params.js';
import type { FakeState } from './fake-state.js';
import { channelJson, messageJson } from './api-json.js';
import type { ChannelRecord } from './fake-types.js';
import { resolveDmChannel } from './chat-methods.js';
import { ok, SlackApiError } from './web-api-types.js';
import type { MethodContext, MethodReply, MethodSpec } from './web-api-types.js';

const TYPE_SCOPES: Record<string, string> = {
  public_channel: 'channels:read',
  private_channel: 'groups:read',
  mpim: 'mpim:read',
  im: 'im:read',
};

function listTypes(params: Record<string, unknown>): string[] {
  return (str(params, 'types') ?? 'public_channel')
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t.length > 0);
}

function encodeCursor(kind: string, value: string): string {
  return Buffer.from(`${kind}:${value}`).toString('base64');
}

function decodeCursor(cursor: string, kind: string): string {
  const decoded = Buffer.from(cursor, 'base64').toString('utf8');
  if (!decoded.startsWith(`${kind}:`)) throw new SlackApiError('invalid_cursor');
  return decoded.slice(kind.length + 1);
}

function clampLimit(params: Record<string, unknown>, max: number): number {
  const limit = int(params, 'limit') ?? 100;
  return limit <= 0 ? 100 : Math.min(limit, max);
}

/** The channel as the bot sees it: private channels it is not in do not exist. */
function visibleChannel(state: FakeState, ref: string | undefined): ChannelRecord {
  const channel = ref === undefined ? undefined : state.channels.find((c) => c.id === ref);
  if (!channel || (channel.is_private && !channel.is_member)) throw new SlackApiError('channel_not_found');
  return channel;
}

function list({ state, params }: MethodContext): MethodReply {
  const types = listTypes(params);
  if (types.some((t) => TYPE_SCOPES[t] === undefined)) throw new SlackApiError('invalid_types');
  const excludeArchived = bool(params, 'exclude_archived') ?? false;
  const all = state.channels.filter(
    (c) =>
      !c.is_im &&
      ((!c.is_private && types.includes('public_channel')) ||
        (c.is_private && c.is_member && types.includes('private_channel'))) &&
      !(excludeArchived && c.is_archived),
  );
  const limit = clampLimit(params, 1000);
  const cursor = str(params, 'cursor');
  let start = 0;
  if (cursor !== undefined) {
    const id = decodeCursor(cursor, 'team');
    start = all.findIndex((c) => c.id === id);
    if (start < 0) throw new SlackApiError('invalid_cursor');
  }
  const page = all.slice(start, start + limit);
  const next = all[start + limit];
  return ok({
    channels: page.map((c) => channelJson(state, c)),
    response_metadata: { next_cursor: next ? encodeCursor('team', next.id) : '' },
  });
}

function join({ state, params }: MethodContext): MethodReply {
  const channel = visibleChannel(state, str(params, 'channel'));
  if (channel.is_private) throw new SlackApiError('method_not_supported_for_channel_type');
  if (channel.is_archived) throw new SlackApiError('is_archived');
  if (channel.is_member) {
    return ok({
      channel: channelJson(state, channel),
      warning: 'already_in_channel',
      response_metadata: { warnings: ['already_in_channel'] },
    });
  }
  channel.is_member = true;
  return ok({ channel: channelJson(state, channel) });
}

function history({ state, params }: MethodContext): MethodReply {
  const channel = visibleChannel(state, str(params, 'channel'));
  if (!channel.is_member) throw new SlackApiError('not_in_channel');
  const inclusive = bool(params, 'inclusive') ?? false;
  const oldest = Number(str(params, 'oldest') ?? '0');
  const latest = Number(str(params, 'latest') ?? String(Number.MAX_SAFE_INTEGER));
  const includeMetadata = bool(params, 'include_all_metadata') ?? false;
  const limit = clampLimit(params, 999);
  const inRange = (ts: number): boolean => (inclusive ? ts >= oldest && ts <= latest : ts > oldest && ts < latest);
  const all = state.messages
    .filter((m) => m.channel === channel.id && !m.deleted)
    .filter((m) => m.thread_ts === undefined || m.thread_ts === m.ts || m.reply_broadcast)
    .filter((m) => inRange(Number(m.ts)))
    .sort((a, b) => Number(b.ts) - Number(a.ts));
  const cursor = str(params, 'cursor');
  let start = 0;
  if (cursor !== undefined) {
    const ts = decodeCursor(cursor, 'next_ts');
    start = all.findIndex((m) => m.ts === ts);
    if (start < 0) throw new SlackApiError('invalid_cursor');
  }
  const page = all.slice(start, start + limit);
  const next = all[start + limit];
  const body: Record<string, unknown> = {
    messages: page.map((m) => messageJson(state, m, includeMetadata)),
    has_more: next !== undefined,
    pin_count: 0,
    channel_actions_ts: null,
    channel_actions_count: 0,
  };
  if (next) body.response_metadata = { next_cursor: encodeCursor('next_ts', next.ts) };
  return ok(body);
}

/**
 * A thread: its parent first, then the replies oldest first (Slack's order). `ts` may be the parent or any reply.
 * oldest/latest/inclusive filter the replies; the parent always leads the first page. Thread replies are found
 * only here: conversations.history lists top-level messages (and replies broadcast to the channel).
 */
function replies({ state, params }: MethodContext): MethodReply {
  const channel = visibleChannel(state, str(params, 'channel'));
  if (!channel.is_member) throw new SlackApiError('not_in_channel');
  const ts = str(params, 'ts');
  if (ts === undefined) throw new SlackApiError('invalid_arguments');
  const anchor = state.findMessage(channel.id, ts);
  if (!anchor) throw new SlackApiError('thread_not_found');
  const parentTs = anchor.thread_ts ?? anchor.ts;
  const parent = state.findMessage(channel.id, parentTs);
  if (!parent) throw new SlackApiError('thread_not_found');
  const inclusive = bool(params, 'inclusive') ?? false;
  const oldest = Number(str(params, 'oldest') ?? '0');
  const latest = Number(str(params, 'latest') ?? String(Number.MAX_SAFE_INTEGER));
  const includeMetadata = bool(params, 'include_all_metadata') ?? false;
  const limit = clampLimit(params, 1000);
  const inRange = (t: number): boolean => (inclusive ? t >= oldest && t <= latest : t > oldest && t < latest);
  const thread = [
    parent,
    ...state.messages
      .filter((m) => m.channel === channel.id && !m.deleted && m.thread_ts === parentTs && m.ts !== parentTs)
      .filter((m) => inRange(Number(m.ts)))
      .sort((a, b) => Number(a.ts) - Number(b.ts)),
  ];
  const cursor = str(params, 'cursor');
  let start = 0;
  if (cursor !== undefined) {
    const from = decodeCursor(cursor, 'thread_ts');
    start = thread.findIndex((m, i) => i > 0 && m.ts === from);
    if (start < 0) throw new SlackApiError('invalid_cursor');
  }
  const page = thread.slice(start, start + limit);
  const next = thread[start + limit];
  const body: Record<string, unknown> = {
    messages: page.map((m) => messageJson(state, m, includeMetadata)),
    has_more: next !== undefined,
  };
  if (next) body.response_metadata = { next_cursor: encodeCursor('thread_ts', next.ts) };
  return ok(body);
}

/** conversations.open with `users` (one user): the app's DM channel with them, opened if needed. */
function open({ state, params }: MethodContext): MethodReply {
  const users = (str(params, 'users') ?? '').split(',').filter(Boolean);
  if (users.length !== 1) throw new SlackApiError(users.length === 0 ? 'users_list_not_supplied' : 'not_implemented');
  const channel = resolveDmChannel(state, users[0] as string);
  return ok({ no_op: false, already_open: false, channel: { id: channel.id } });
}

function info({ state, params }: MethodContext): MethodReply {
  return ok({ channel: channelJson(state, visibleChannel(state, str(params, 'channel'))) });
}

/** Scope depends on the channel kind: channels:* for public, groups:* for private, im:* for a DM. */
function byChannelKind(publicScope: string, privateScope: string, imScope = publicScope) {
  return (params: Record<string, unknown>, state: FakeState): string[] => {
    const ref = str(params, 'channel');
    const channel = ref === undefined ? undefined : state.channels.find((c) => c.id === ref);
    if (channel?.is_im) return [imScope];
    return [channel?.is_private === true && channel.is_member ? privateScope : publicScope];
  };
}

export const conversationMethods: Record<string, MethodSpec> = {
  'conversations.list': {
    token: 'bot',
    scopes: (params) => [...new Set(listTypes(params).map((t) => TYPE_SCOPES[t] ?? 'channels:read'))],
    handle: list,
  },
  'conversations.join': { token: 'bot', scopes: () => ['channels:join'], handle: join },
  'conversations.history': {
    token: 'bot',
    scopes: byChannelKind('channels:history', 'groups:history', 'im:history'),
    handle: history,
  },
  'conversations.replies': {
    token: 'bot',
    scopes: byChannelKind('channels:history', 'groups:history', 'im:history'),
    handle: replies,
  },
  'conversations.open': { token: 'bot', scopes: () => ['im:write'], handle: open },
  'conversations.info': { token: 'bot', scopes: byChannelKind('channels:read', 'groups:read'), handle: info },
};
