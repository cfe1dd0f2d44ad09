import { isRecord } from './api-params.js';
import type { FakeState } from './fake-state.js';
import { messageJson } from './api-json.js';
import type { BlockActionInput, LinkSharedInput, SlashCommandInput, ViewSubmissionInput } from './fake-types.js';
import type { ResponseUrls } from './response-url.js';

/** Builders of the payloads Slack puts in Socket Mode envelopes, with the fields the real ones carry. */

const VERIFICATION_TOKEN = 'fakeVerificationToken0001';

function channelName(state: FakeState, channelId: string): string {
  const channel = state.findChannel(channelId);
  if (channel) return channel.name;
  return channelId.startsWith('D') ? 'directmessage' : 'privategroup';
}

function userJson(state: FakeState, userId: string): Record<string, unknown> {
  const name = state.findUser(userId)?.name ?? 'unknown';
  return { id: userId, username: name, name, team_id: state.config.teamId };
}

function nowTs(state: FakeState): string {
  return (state.clock.now() / 1000).toFixed(6);
}

export function slashCommandPayload(
  state: FakeState,
  urls: ResponseUrls,
  input: SlashCommandInput,
): Record<string, unknown> {
  const userId = input.user_id ?? state.defaultUser.id;
  const channelId = input.channel_id ?? state.requireChannel('general').id;
  return {
    token: VERIFICATION_TOKEN,
    team_id: state.config.teamId,
    team_domain: state.config.teamDomain,
    channel_id: channelId,
    channel_name: channelName(state, channelId),
    user_id: userId,
    user_name: state.findUser(userId)?.name ?? 'unknown',
    command: input.command ?? '/forgebell',
    text: input.text,
    api_app_id: state.config.appId,
    is_enterprise_install: 'false',
    response_url: urls.issue('slash_command', channelId, userId),
    trigger_id: state.issueTrigger(userId),
  };
}

interface FoundElement {
  blockId: string;
  element: Record<string, unknown>;
}

function findElement(blocks: unknown[] | undefined, actionId: string): FoundElement | undefined {
  for (const block of blocks ?? []) {
    if (!isRecord(block)) continue;
    const blockId = typeof block.block_id === 'string' ? block.block_id : 'fake';
    const candidates = [...(Array.isArray(block.elements) ? block.elements : []), block.accessory, block.element];
    for (const el of candidates) {
      if (isRecord(el) && el.action_id === actionId) return { blockId, element: el };
    }
  }
  return undefined;
}

export function blockActionPayload(
  state: FakeState,
  urls: ResponseUrls,
  input: BlockActionInput,
): Record<string, unknown> {
  const userId = input.user_id ?? state.defaultUser.id;
  const channelId = input.channel_id ?? state.requireChannel('general').id;
  const message =
    input.message_ts !== undefined
      ? state.findMessage(channelId, input.message_ts)
      : state.messages.filter((m) => m.channel === channelId && m.via === 'bot' && !m.deleted).at(-1);
  const messageTs = message?.ts ?? input.message_ts ?? nowTs(state);
  const found = findElement(message?.blocks, input.action_id);
  const action: Record<string, unknown> = {
    action_id: input.action_id,
    block_id: input.block_id ?? found?.blockId ?? 'fake',
    type: input.type ?? (typeof found?.element.type === 'string' ? found.element.type : 'button'),
    action_ts: nowTs(state),
  };
  if (found?.element.text !== undefined) action.text = found.element.text;
  const value = input.value ?? (typeof found?.element.value === 'string' ? found.element.value : undefined);
  if (value !== undefined) action.value = value;
  if (found?.element.style !== undefined) action.style = found.element.style;
  return {
    type: 'block_actions',
    user: userJson(state, userId),
    api_app_id: state.config.appId,
    token: VERIFICATION_TOKEN,
    container: { type: 'message', message_ts: messageTs, channel_id: channelId, is_ephemeral: false },
    trigger_id: state.issueTrigger(userId),
    team: { id: state.config.teamId, domain: state.config.teamDomain },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: channelId, name: channelName(state, channelId) },
    message: message ? messageJson(state, message, false) : { type: 'message', ts: messageTs, text: '' },
    state: { values: {} },
    response_url: urls.issue('block_actions', channelId, userId, messageTs),
    actions: [action],
  };
}

export function viewSubmissionPayload(state: FakeState, input: ViewSubmissionInput): Record<string, unknown> {
  const userId = input.user_id ?? state.defaultUser.id;
  const opened = input.view_id === undefined ? undefined : state.views.find((v) => v.id === input.view_id);
  const view = opened?.view ?? {};
  const viewId = opened?.id ?? input.view_id ?? state.ids.id('V');
  return {
    type: 'view_submission',
    team: { id: state.config.teamId, domain: state.config.teamDomain },
    user: userJson(state, userId),
    api_app_id: state.config.appId,
    token: VERIFICATION_TOKEN,
    trigger_id: state.issueTrigger(userId),
    view: {
      id: viewId,
      team_id: state.config.teamId,
      type: 'modal',
      blocks: Array.isArray(view.blocks) ? view.blocks : [],
      private_metadata:
        input.private_metadata ?? (typeof view.private_metadata === 'string' ? view.private_metadata : ''),
      callback_id: input.callback_id ?? (typeof view.callback_id === 'string' ? view.callback_id : ''),
      state: { values: input.values ?? {} },
      hash: `${Math.floor(state.clock.now() / 1000)}.fakehash`,
      title: view.title ?? { type: 'plain_text', text: 'Modal' },
      clear_on_close: false,
      notify_on_close: false,
      close: view.close ?? null,
      submit: view.submit ?? null,
      root_view_id: viewId,
      previous_view_id: null,
      app_id: state.config.appId,
      external_id: '',
      app_installed_team_id: state.config.teamId,
      bot_id: state.config.botId,
    },
    response_urls: [],
    is_enterprise_install: false,
    enterprise: null,
  };
}

export function eventCallbackPayload(state: FakeState, event: Record<string, unknown>): Record<string, unknown> {
  const eventTs = typeof event.event_ts === 'string' ? event.event_ts : nowTs(state);
  return {
    token: VERIFICATION_TOKEN,
    team_id: state.config.teamId,
    context_team_id: state.config.teamId,
    context_enterprise_id: null,
    api_app_id: state.config.appId,
    event: { ...event, event_ts: eventTs },
    type: 'event_callback',
    event_id: state.ids.id('Ev'),
    event_time: Math.floor(state.clock.now() / 1000),
    authorizations: [
      {
        enterprise_id: null,
        team_id: state.config.teamId,
        user_id: state.config.botUserId,
        is_bot: true,
        is_enterprise_install: false,
      },
    ],
    is_ext_shared_channel: false,
    event_context: `4-${Buffer.from(state.config.teamId).toString('base64')}`,
  };
}

/** A link_shared event; registers the share so chat.unfurl can answer it. */
export function linkSharedEvent(state: FakeState, input: LinkSharedInput): Record<string, unknown> {
  const source = input.source ?? 'conversations_history';
  const user = input.user ?? state.defaultUser.id;
  let channel =
    input.channel === undefined ? state.requireChannel('general').id : state.requireChannel(input.channel).id;
  let messageTs = input.message_ts;
  if (source === 'composer') {
    channel = 'COMPOSER';
    messageTs = messageTs ?? `${state.ids.secret()}-composer`;
  } else if (messageTs === undefined) {
    messageTs = state.recordMessage({ channel, text: input.urls.map((u) => `<${u}>`).join(' '), via: 'user', user }).ts;
  }
  const unfurlId = `${channel}.${messageTs}.${state.ids.secret().slice(0, 10)}`;
  state.linkShares.push({ unfurl_id: unfurlId, source, channel, message_ts: messageTs, urls: input.urls });
  return {
    type: 'link_shared',
    channel,
    is_bot_user_member: state.findChannel(channel)?.is_member ?? false,
    user,
    message_ts: messageTs,
    unfurl_id: unfurlId,
    source,
    links: input.urls.map((url) => ({ domain: new URL(url).hostname, url })),
  };
}
