import type { WebAPICallResult, WebClient } from '@slack/web-api';
import type { Dispatcher } from 'undici';
import type { VerifyResult } from '../../../contract/schemas.js';
import { toDeliveryError } from '../delivery/bot-transport.js';
import { neededScopesFor } from '../manifest/scopes.js';
import { createWebClient } from './slack-client.js';

/** Scopes the bot needs for the full experience (the manifest asks for the same); chat:write is indispensable. */
export const NEEDED_BOT_SCOPES = neededScopesFor({
  customize: true,
  history: true,
  unfurl: true,
  people: true,
  reactions: true,
});

export interface BotIdentity {
  team: string | null;
  teamId: string | null;
  botUser: string | null;
  userId: string | null;
  scopes: string[] | null;
}

/** What a bot scope that was not granted leaves off, in words. */
function featureOf(scope: string): string {
  switch (scope) {
    case 'chat:write.public':
      return 'posting in public channels the bot was not invited to';
    case 'chat:write.customize':
      return 'custom name and icon';
    case 'channels:history':
    case 'groups:history':
      return 'the duplicate check after a lost answer';
    case 'links:read':
    case 'links:write':
      return 'link previews';
    case 'channels:read':
      return 'channel list and channel checks';
    case 'channels:join':
      return 'joining public channels';
    case 'commands':
      return 'slash commands';
    case 'users:read':
      return 'Slack user names';
    case 'app_mentions:read':
      return '@Forgebell mentions';
    case 'im:write':
      return "people's personal DMs";
    case 'im:history':
      return 'the duplicate check for DMs after a lost answer';
    case 'reactions:write':
      return 'state reactions on thread parents';
    default:
      return `what ${scope} allows`;
  }
}

export function tokenKindProblem(field: 'bot' | 'app', token: string): string | null {
  if (field === 'bot') {
    if (token.startsWith('xapp-'))
      return 'This is an app-level token (xapp-…). The bot token starts with xoxb- (OAuth & Permissions → Bot User OAuth Token); put the xapp- token in the app-level token field.';
    if (token.startsWith('xoxp-'))
      return 'This is a user token (xoxp-…). Forgebell needs the bot token, which starts with xoxb-.';
    if (!token.startsWith('xoxb-'))
      return 'A bot token starts with xoxb- (OAuth & Permissions → Bot User OAuth Token).';
  } else {
    if (token.startsWith('xoxb-'))
      return 'This is the bot token (xoxb-…). The app-level token starts with xapp- (Basic Information → App-Level Tokens, scope connections:write).';
    if (!token.startsWith('xapp-'))
      return 'An app-level token starts with xapp- (Basic Information → App-Level Tokens, scope connections:write).';
  }
  return null;
}

/** auth.test with the bot token; granted scopes from the x-oauth-scopes header (response_metadata.scopes). */
export async function identifyBot(
  token: string,
  apiUrl: string,
  dispatcher: Dispatcher | undefined,
): Promise<BotIdentity> {
  return identifyBotWith(createWebClient(token, apiUrl, dispatcher));
}

/** auth.test with a client the caller keeps (the engine's one client per bot token). */
export async function identifyBotWith(client: WebClient): Promise<BotIdentity> {
  const res = (await client.auth.test()) as WebAPICallResult & {
    team?: string;
    team_id?: string;
    user?: string;
    user_id?: string;
  };
  const scopes = res.response_metadata?.scopes ?? null;
  return {
    team: res.team ?? null,
    teamId: res.team_id ?? null,
    botUser: res.user ?? null,
    userId: res.user_id ?? null,
    scopes,
  };
}

export async function verifyBotToken(
  token: string,
  apiUrl: string,
  dispatcher: Dispatcher | undefined,
): Promise<VerifyResult> {
  const kind = tokenKindProblem('bot', token);
  if (kind) return { ok: false, summary: kind, details: [{ ok: false, label: 'Token type', message: kind }] };
  try {
    const id = await identifyBot(token, apiUrl, dispatcher);
    const details: VerifyResult['details'] = [
      { ok: true, label: 'Bot token', message: `Works as workspace ${id.team ?? '?'} / bot ${id.botUser ?? '?'}` },
    ];
    if (id.scopes) {
      const missing = NEEDED_BOT_SCOPES.filter((s) => !id.scopes!.includes(s));
      if (missing.includes('chat:write')) {
        details.push({
          ok: false,
          label: 'Scopes',
          message:
            'Missing scope chat:write, which posting needs. Add it under OAuth & Permissions and reinstall the app.',
        });
        return { ok: false, summary: 'Missing scope chat:write: the bot cannot post.', details };
      }
      details.push({
        ok: true,
        label: 'Scopes',
        message: missing.length === 0 ? 'All needed scopes are granted.' : 'chat:write is granted: the bot can post.',
      });
      // Like doctor: an optional scope not granted turns a feature off; it is said, never shown as a failure.
      if (missing.length > 0)
        details.push({
          ok: false,
          optional: true,
          label: 'Optional scopes',
          message: `Not granted: ${missing.join(', ')}. These stay off: ${[...new Set(missing.map(featureOf))].join('; ')}. Add the scopes under OAuth & Permissions and reinstall the app to have them.`,
        });
    }
    return { ok: true, summary: `Works as workspace ${id.team ?? '?'} / bot ${id.botUser ?? '?'}`, details };
  } catch (error) {
    const err = toDeliveryError(error);
    const message =
      err.code === 'invalid_auth'
        ? 'Slack does not know this token (invalid_auth). Copy the Bot User OAuth Token again.'
        : `${err.message}${err.fix ? ` — ${err.fix}` : ''}`;
    return { ok: false, summary: message, details: [{ ok: false, label: 'Bot token', message }] };
  }
}

/** apps.connections.open with the app-level token proves Socket Mode can connect (the hello comes from the socket service). */
export async function verifyAppToken(
  token: string,
  apiUrl: string,
  dispatcher: Dispatcher | undefined,
): Promise<VerifyResult> {
  const kind = tokenKindProblem('app', token);
  if (kind) return { ok: false, summary: kind, details: [{ ok: false, label: 'Token type', message: kind }] };
  try {
    const client = createWebClient(token, apiUrl, dispatcher);
    const res = (await client.apps.connections.open()) as WebAPICallResult & { url?: string };
    if (!res.url) throw new Error('no WebSocket URL in the answer');
    return {
      ok: true,
      summary: 'Socket Mode can connect.',
      details: [
        {
          ok: true,
          label: 'App-level token',
          message: 'apps.connections.open works (Socket Mode enabled, connections:write granted).',
        },
      ],
    };
  } catch (error) {
    const err = toDeliveryError(error);
    const hint =
      err.code === 'invalid_auth'
        ? 'Slack does not know this app-level token. Generate one under Basic Information → App-Level Tokens with connections:write.'
        : err.code === 'missing_scope'
          ? 'The app-level token lacks connections:write. Generate a new one with that scope.'
          : err.code === 'not_allowed_token_type'
            ? 'Wrong token type: use the app-level token (xapp-…).'
            : `${err.message}${err.fix ? ` — ${err.fix}` : ''}`;
    return { ok: false, summary: hint, details: [{ ok: false, label: 'App-level token', message: hint }] };
  }
}
