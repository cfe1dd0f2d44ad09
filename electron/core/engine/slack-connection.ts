import type { WebAPICallResult, WebClient } from '@slack/web-api';
import type { Dispatcher } from 'undici';
import { fetch as undiciFetch } from '../http/undici-parts.js';
import type { Logger } from '../runtime/logger.js';
import type { Settings } from '../settings/settings-model.js';
import { type ChannelVerdict, checkChannels } from '../slack/connection/channel-check.js';
import { createWebClient } from '../slack/connection/slack-client.js';
import type { Responder, SlackUser, SlackWeb } from '../slack/connection/slack-web.js';
import { identifyBotWith } from '../slack/connection/slack-verify.js';
import { BotTransport } from '../slack/delivery/bot-transport.js';
import type { ReactionsApi } from '../slack/delivery/reaction-lane.js';
import type { SlackDeliveryError } from '../slack/delivery/slack-delivery-error.js';
import type { SlackTransport } from '../slack/delivery/slack-transport.js';
import { WebhookTransport } from '../slack/delivery/webhook-transport.js';
import type { SlackRuntimeState } from './status-builder.js';

interface RawUser {
  id?: string;
  name?: string;
  real_name?: string;
  tz?: string;
  is_bot?: boolean;
  deleted?: boolean;
  profile?: { real_name?: string; display_name?: string };
}

function toSlackUser(u: RawUser): SlackUser {
  return {
    id: u.id ?? '',
    name: u.profile?.display_name || u.name || u.id || '',
    realName: u.real_name ?? u.profile?.real_name ?? null,
    tz: u.tz ?? null,
    isBot: u.is_bot === true,
    deleted: u.deleted === true,
  };
}

export interface SlackConnectionDeps {
  settings: () => Settings;
  /** The cached dispatcher for a Slack URL (proxy settings decide per URL). */
  dispatcher: (url: string) => Dispatcher | undefined;
  logger: Logger;
  /** Slack's state changed: push the status. */
  onChange: () => void;
  /** A transport is ready (or gone): wake delivery. */
  onTransport: () => void;
  /** auth.test passed with this bot token (scopes as granted, null when Slack did not say). */
  onVerified?: (scopes: readonly string[] | null) => void;
}

/**
 * Slack as the engine uses it: the delivery transport (bot token or webhook), ONE WebClient per bot token shared by
 * delivery, slash commands, buttons, modals and link previews, the bot's identity and granted scopes (auth.test in
 * the background), and the state the status shows.
 */
export class SlackConnection {
  private state: SlackRuntimeState = { team: null, botUser: null, error: null, socket: 'disabled', socketError: null };
  private scopes: Set<string> | null = null;
  private transportNow: SlackTransport | null = null;
  private bot: {
    client: WebClient;
    transport: BotTransport;
    key: string;
    dispatcher: Dispatcher | undefined;
  } | null = null;
  private readonly web: SlackWeb;

  constructor(private readonly deps: SlackConnectionDeps) {
    this.web = {
      openView: async (triggerId, view) => {
        await this.requireClient().views.open({ trigger_id: triggerId, view });
      },
      openViewForUpdate: async (triggerId, view) => {
        const answer = await this.requireClient().views.open({ trigger_id: triggerId, view });
        return answer.view?.id ?? null;
      },
      updateView: async (viewId, view) => {
        await this.requireClient().views.update({ view_id: viewId, view });
      },
      postMessage: async (channel, text) => {
        await this.requireClient().chat.postMessage({ channel, text });
      },
      postEphemeral: async (channel, user, text) => {
        await this.requireClient().chat.postEphemeral({ channel, user, text });
      },
      unfurl: async (target, unfurls) => {
        const client = this.requireClient();
        await (client.chat.unfurl({ ...target, unfurls } as unknown as Parameters<
          typeof client.chat.unfurl
        >[0]) as Promise<WebAPICallResult>);
      },
      channelId: async (channel) => {
        const id = await this.bot?.transport.resolveChannel(channel);
        return id && /^[CGD][A-Z0-9]{6,}$/.test(id) ? id : null;
      },
      userInfo: async (user) => {
        try {
          const res = (await this.requireClient().users.info({ user })) as WebAPICallResult & { user?: RawUser };
          return res.user ? toSlackUser(res.user) : null;
        } catch (error) {
          if ((error as { data?: { error?: string } }).data?.error === 'user_not_found') return null;
          throw error;
        }
      },
      listUsers: async () => {
        const client = this.requireClient();
        const users: SlackUser[] = [];
        let cursor: string | undefined;
        for (let page = 0; page < 20; page++) {
          const res = (await client.users.list({ limit: 500, ...(cursor ? { cursor } : {}) })) as WebAPICallResult & {
            members?: RawUser[];
          };
          users.push(...(res.members ?? []).map(toSlackUser));
          cursor = res.response_metadata?.next_cursor || undefined;
          if (!cursor) break;
        }
        return users;
      },
    };
  }

  /** Rebuilds the transport from the settings (the WebClient is kept while token, URL and route stay the same). */
  configure(): void {
    const slack = this.deps.settings().slack;
    const dispatcher = this.deps.dispatcher(slack.apiUrl);
    this.transportNow = null;
    this.state = { ...this.state, team: null, botUser: null, error: null };
    if (slack.botToken) {
      const key = JSON.stringify([slack.botToken, slack.apiUrl]);
      const reuse = this.bot !== null && this.bot.key === key && this.bot.dispatcher === dispatcher;
      const client = reuse && this.bot ? this.bot.client : createWebClient(slack.botToken, slack.apiUrl, dispatcher);
      const transport = new BotTransport({
        client,
        username: slack.username,
        iconUrl: slack.iconUrl,
        scopes: () => this.scopes,
      });
      this.bot = { client, transport, key, dispatcher };
      this.transportNow = transport;
      this.identify(client, slack.botToken);
    } else {
      this.bot = null;
      if (slack.webhookUrl)
        this.transportNow = new WebhookTransport(slack.webhookUrl, dispatcher ? { dispatcher } : {});
    }
    this.deps.onTransport();
    this.deps.onChange();
  }

  /** auth.test runs in the background: start-up never waits on the network. */
  private identify(client: WebClient, token: string): void {
    identifyBotWith(client).then(
      (id) => {
        if (this.deps.settings().slack.botToken !== token) return;
        this.scopes = id.scopes ? new Set(id.scopes) : null;
        this.state = { ...this.state, team: id.team, botUser: id.botUser };
        this.deps.onChange();
        this.deps.onVerified?.(id.scopes ?? null);
      },
      (error: unknown) => {
        if (this.deps.settings().slack.botToken !== token) return;
        const code = (error as { data?: { error?: string } }).data?.error;
        this.state = {
          ...this.state,
          error:
            code === 'invalid_auth' || code === 'token_revoked'
              ? `Slack rejected the bot token (${code}). Paste a fresh xoxb- token in Setup → Slack.`
              : `Cannot reach Slack: ${(error as Error).message}`,
        };
        this.deps.logger.error('Slack auth.test failed', { error });
        this.deps.onChange();
      },
    );
  }

  transport(): SlackTransport | null {
    return this.transportNow;
  }

  /** The Web API with the bot token, or null without one. */
  slackWeb(): SlackWeb | null {
    return this.bot ? this.web : null;
  }

  /** reactions.add / reactions.remove with the bot token (the state reactions' lane), or null without one. */
  reactions(): ReactionsApi | null {
    const client = this.bot?.client;
    if (!client) return null;
    return {
      add: async (channel, ts, name) => {
        await client.reactions.add({ channel, timestamp: ts, name });
      },
      remove: async (channel, ts, name) => {
        await client.reactions.remove({ channel, timestamp: ts, name });
      },
    };
  }

  /** Channels the bot can see (the subscription editor's picker), or null without a bot token. */
  listChannels(): Promise<{ id: string; name: string }[]> | null {
    return this.bot ? this.bot.transport.listChannels() : null;
  }

  /** Checks channels the way a post would meet them (one listing), or null without a bot token. */
  checkChannels(channels: readonly string[]): Promise<Map<string, ChannelVerdict>> | null {
    return this.bot ? checkChannels(this.bot.client, channels, this.scopes ? [...this.scopes] : null) : null;
  }

  /** Answers through a `response_url`, over the same route as the rest of Slack. */
  readonly respond: Responder = async (responseUrl, body) => {
    if (!responseUrl) return;
    const dispatcher = this.deps.dispatcher(responseUrl);
    await undiciFetch(responseUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      ...(dispatcher ? { dispatcher } : {}),
    }).catch((error: unknown) => this.deps.logger.warn('could not answer through response_url', { error }));
  };

  runtimeState(): SlackRuntimeState {
    return this.state;
  }

  setSocketState(socket: SlackRuntimeState['socket'], socketError: string | null): void {
    this.state = { ...this.state, socket, socketError };
    this.deps.onChange();
  }

  /** Delivery's latest permanent problem (null: the last send worked). */
  setDeliveryProblem(err: SlackDeliveryError | null): void {
    const message = err ? `${err.message}${err.fix ? ` — ${err.fix}` : ''}` : null;
    if (this.state.error === message) return;
    this.state = { ...this.state, error: message };
    this.deps.onChange();
  }

  private requireClient(): WebClient {
    if (!this.bot) throw new Error('Slack has no bot token: add it in Setup → Slack.');
    return this.bot.client;
  }
}
