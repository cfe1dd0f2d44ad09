import { isRecord, json, str } from './api-params.js';
import { validateBlocks } from './block-kit-limits.js';
import { ok, SlackApiError } from './web-api-types.js';
import type { MethodContext, MethodReply, MethodSpec } from './web-api-types.js';

function authTest({ state }: MethodContext): MethodReply {
  const c = state.config;
  return ok({
    url: `https://${c.teamDomain}.slack.com/`,
    team: c.teamName,
    user: c.botUserName,
    team_id: c.teamId,
    user_id: c.botUserId,
    bot_id: c.botId,
    is_enterprise_install: false,
  });
}

function usersInfo({ state, params }: MethodContext): MethodReply {
  const id = str(params, 'user');
  const user = id === undefined ? undefined : state.findUser(id);
  if (!user) throw new SlackApiError('user_not_found');
  return ok({
    user: {
      id: user.id,
      team_id: state.config.teamId,
      name: user.name,
      real_name: user.real_name,
      deleted: user.deleted,
      is_bot: user.is_bot,
      is_app_user: false,
      tz: user.tz,
      profile: {
        real_name: user.real_name,
        display_name: user.name,
        image_48: `https://avatars.example/${user.id}.png`,
      },
    },
  });
}

/** users.list: every member (bots included, flagged), paged with a cursor like Slack's. */
function usersList({ state, params }: MethodContext): MethodReply {
  const limit = Math.min(Math.max(Number(str(params, 'limit') ?? '200') || 200, 1), 1000);
  const cursor = str(params, 'cursor');
  const start = cursor
    ? Number(
        Buffer.from(cursor, 'base64')
          .toString('utf8')
          .replace(/^users:/, ''),
      )
    : 0;
  if (!Number.isInteger(start) || start < 0) throw new SlackApiError('invalid_cursor');
  const page = state.users.slice(start, start + limit);
  const next = start + limit < state.users.length ? Buffer.from(`users:${start + limit}`).toString('base64') : '';
  return ok({
    members: page.map((user) => ({
      id: user.id,
      team_id: state.config.teamId,
      name: user.name,
      real_name: user.real_name,
      deleted: user.deleted,
      is_bot: user.is_bot,
      is_app_user: false,
      tz: user.tz,
      profile: { real_name: user.real_name, display_name: user.name },
    })),
    response_metadata: { next_cursor: next },
  });
}

function invalidView(message: string): SlackApiError {
  return new SlackApiError('invalid_arguments', { response_metadata: { messages: [`[ERROR] ${message}`] } });
}

function viewsOpen({ state, params }: MethodContext): MethodReply {
  const triggerId = str(params, 'trigger_id');
  if (triggerId === undefined) throw invalidView('missing required field: trigger_id');
  const trigger = state.triggers.get(triggerId);
  if (!trigger) throw new SlackApiError('invalid_trigger_id');
  if (trigger.used) throw new SlackApiError('exchanged_trigger_id');
  if (state.clock.now() - trigger.issuedAt > state.config.triggerTtlMs) throw new SlackApiError('expired_trigger_id');
  const view = json(params, 'view', 'invalid_arguments');
  if (!isRecord(view)) throw invalidView('missing required field: view');
  if (view.type !== 'modal') throw invalidView('must be "modal" [json-pointer:/view/type]');
  const title = view.title;
  if (
    !isRecord(title) ||
    title.type !== 'plain_text' ||
    typeof title.text !== 'string' ||
    title.text.length === 0 ||
    title.text.length > 24
  ) {
    throw invalidView('must be a plain_text object of at most 24 characters [json-pointer:/view/title]');
  }
  const errors = validateBlocks(view.blocks, 'modal');
  if (errors.length > 0)
    throw new SlackApiError('invalid_arguments', {
      response_metadata: {
        messages: errors.map((e) => `[ERROR] ${e.replace('json-pointer:/', 'json-pointer:/view/')}`),
      },
    });
  trigger.used = true;
  const id = state.ids.id('V');
  state.views.push({ id, trigger_id: triggerId, view, openedAt: state.clock.now() });
  return ok({
    view: {
      ...view,
      id,
      team_id: state.config.teamId,
      app_id: state.config.appId,
      bot_id: state.config.botId,
      state: { values: {} },
      hash: `${Math.floor(state.clock.now() / 1000)}.${state.ids.secret().slice(0, 8)}`,
      root_view_id: id,
      previous_view_id: null,
    },
  });
}

/** views.update by view_id: the modal's blocks are replaced (validated as on open); its id stays. */
function viewsUpdate({ state, params }: MethodContext): MethodReply {
  const viewId = str(params, 'view_id');
  const record = viewId === undefined ? undefined : state.views.find((v) => v.id === viewId);
  if (!record) throw new SlackApiError('not_found');
  const view = json(params, 'view', 'invalid_arguments');
  if (!isRecord(view) || view.type !== 'modal') throw invalidView('must be "modal" [json-pointer:/view/type]');
  const errors = validateBlocks(view.blocks, 'modal');
  if (errors.length > 0)
    throw new SlackApiError('invalid_arguments', {
      response_metadata: {
        messages: errors.map((e) => `[ERROR] ${e.replace('json-pointer:/', 'json-pointer:/view/')}`),
      },
    });
  record.view = view;
  record.updates = (record.updates ?? 0) + 1;
  return ok({ view: { ...view, id: record.id, team_id: state.config.teamId, app_id: state.config.appId } });
}

function connectionsOpen({ state, baseUrl }: MethodContext): MethodReply {
  const ticket = state.ids.envelopeId();
  state.tickets.add(ticket);
  const wsBase = baseUrl.replace(/^http/, 'ws');
  return ok({ url: `${wsBase}/link/?ticket=${ticket}&app_id=${state.config.appId}` });
}

export const appMethods: Record<string, MethodSpec> = {
  'auth.test': { token: 'bot', scopes: () => [], handle: authTest },
  'users.info': { token: 'bot', scopes: () => ['users:read'], handle: usersInfo },
  'users.list': { token: 'bot', scopes: () => ['users:read'], handle: usersList },
  'views.open': { token: 'bot', scopes: () => [], handle: viewsOpen },
  'views.update': { token: 'bot', scopes: () => [], handle: viewsUpdate },
  'apps.connections.open': { token: 'app', scopes: () => [], handle: connectionsOpen },
};
