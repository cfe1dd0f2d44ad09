import type { Clock } from '../../../electron/core/runtime/clock.js';
import { FakeIds } from './fake-ids.js';
import type {
  AddChannelOptions,
  ApiCallRecord,
  ChannelRecord,
  EnvelopeRecord,
  EphemeralRecord,
  MessageRecord,
  ResponseUrlRecord,
  SlackFakeOptions,
  UnfurlRecord,
  UserRecord,
  ViewRecord,
  WebhookCallRecord,
} from './fake-types.js';

export const DEFAULT_SCOPES: readonly string[] = [
  'chat:write',
  'chat:write.public',
  'chat:write.customize',
  'commands',
  'links:read',
  'links:write',
  'channels:read',
  'channels:join',
  'channels:history',
  'groups:history',
  'users:read',
  'im:write',
  'im:history',
  'reactions:write',
];

export interface FakeConfig {
  botToken: string;
  appToken: string;
  teamId: string;
  teamName: string;
  teamDomain: string;
  appId: string;
  botUserId: string;
  botUserName: string;
  botId: string;
  ackTimeoutMs: number;
  triggerTtlMs: number;
  pingIntervalMs: number;
  helloDelayMs: number;
}

export interface TriggerRecord {
  issuedAt: number;
  used: boolean;
  user: string;
}

export interface ResponseUrlTarget {
  source: ResponseUrlRecord['source'];
  channel: string;
  user: string;
  /** The message a block action came from (replace_original / delete_original act on it). */
  messageTs: string | undefined;
  uses: number;
}

export interface LinkShare {
  unfurl_id: string;
  source: string;
  channel: string;
  message_ts: string;
  urls: string[];
}

type NewMessage = Pick<MessageRecord, 'channel' | 'text' | 'via'> & Partial<MessageRecord>;

/** All mutable state of the fake, shared by the HTTP handlers and the Socket Mode server. */
export class FakeState {
  readonly config: FakeConfig;
  readonly clock: Clock;
  readonly ids: FakeIds;
  scopes: Set<string>;
  readonly revoked = { bot: false, app: false };

  readonly channels: ChannelRecord[] = [];
  readonly users: UserRecord[] = [];
  readonly messages: MessageRecord[] = [];
  readonly ephemerals: EphemeralRecord[] = [];
  readonly responses: ResponseUrlRecord[] = [];
  readonly views: ViewRecord[] = [];
  readonly unfurls: UnfurlRecord[] = [];
  readonly calls: ApiCallRecord[] = [];
  readonly webhookCalls: WebhookCallRecord[] = [];
  readonly envelopes: EnvelopeRecord[] = [];

  readonly triggers = new Map<string, TriggerRecord>();
  /** Users whose DMs Slack refuses, with the error (user_not_found, user_disabled, messages_tab_disabled …). */
  readonly dmRefusals = new Map<string, string>();
  /** link_shared events sent to the app: what chat.unfurl may answer. */
  readonly linkShares: LinkShare[] = [];
  /** response_url path → where it answers. */
  readonly responseUrls = new Map<string, ResponseUrlTarget>();
  /** incoming webhook path → channel id. */
  readonly webhooks = new Map<string, string>();
  /** Socket Mode tickets handed out by apps.connections.open and not used yet. */
  readonly tickets = new Set<string>();
  rateLimitedCount = 0;

  constructor(options: SlackFakeOptions, clock: Clock) {
    this.clock = clock;
    this.ids = new FakeIds(() => clock.now());
    const teamName = options.teamName ?? 'Forgebell Fake Team';
    this.config = {
      botToken: options.botToken ?? 'xoxb-fake-bot-token',
      appToken: options.appToken ?? 'xapp-fake-app-token',
      teamId: 'T0FAKETEAM',
      teamName,
      teamDomain:
        teamName
          .toLowerCase()
          .replace(/[^a-z0-9]+/g, '-')
          .replace(/^-|-$/g, '') || 'fake',
      appId: 'A0FAKEAPP1',
      botUserId: 'U0FAKEBOT1',
      botUserName: options.botUserName ?? 'forgebell',
      botId: 'B0FAKEBOT1',
      ackTimeoutMs: options.ackTimeoutMs ?? 3000,
      triggerTtlMs: options.triggerTtlMs ?? 3000,
      pingIntervalMs: options.pingIntervalMs ?? 10_000,
      helloDelayMs: options.helloDelayMs ?? 0,
    };
    this.scopes = new Set(options.scopes ?? DEFAULT_SCOPES);
    this.users.push(
      {
        id: this.config.botUserId,
        name: this.config.botUserName,
        real_name: this.config.botUserName,
        is_bot: true,
        deleted: false,
        tz: 'UTC',
      },
      {
        id: 'U0ALICE001',
        name: 'alice',
        real_name: 'Alice Example',
        is_bot: false,
        deleted: false,
        tz: 'Europe/Paris',
      },
      {
        id: 'U0BOB00001',
        name: 'bob',
        real_name: 'Bob Example',
        is_bot: false,
        deleted: false,
        tz: 'America/New_York',
      },
    );
    this.addChannel('general', { id: 'C0GENERAL1', is_member: true });
    this.addChannel('random', { id: 'C0RANDOM01', is_member: false });
    this.addChannel('ops-private', { id: 'C0PRIVATE1', is_member: true, is_private: true });
  }

  get defaultUser(): UserRecord {
    const user = this.users.find((u) => !u.is_bot);
    if (!user) throw new Error('the fake has no human user');
    return user;
  }

  addChannel(name: string, opts: AddChannelOptions = {}): ChannelRecord {
    const clean = name.replace(/^#/, '');
    if (this.channels.some((c) => c.name === clean))
      throw new Error(`channel #${clean} already exists in the Slack fake`);
    const channel: ChannelRecord = {
      id: opts.id ?? this.ids.id('C'),
      name: clean,
      is_member: opts.is_member ?? false,
      is_archived: opts.is_archived ?? false,
      is_private: opts.is_private ?? false,
      created: Math.floor(this.clock.now() / 1000),
      topic: '',
      purpose: '',
    };
    this.channels.push(channel);
    return channel;
  }

  /** By id, or by name with or without '#'. */
  findChannel(nameOrId: string): ChannelRecord | undefined {
    return (
      this.channels.find((c) => c.id === nameOrId) ??
      this.channels.find((c) => !c.is_im && c.name === nameOrId.replace(/^#/, ''))
    );
  }

  requireChannel(nameOrId: string): ChannelRecord {
    const channel = this.findChannel(nameOrId);
    if (!channel) throw new Error(`no channel ${nameOrId} in the Slack fake`);
    return channel;
  }

  removeChannel(nameOrId: string): void {
    const channel = this.requireChannel(nameOrId);
    this.channels.splice(this.channels.indexOf(channel), 1);
  }

  addUser(name: string, opts: { id?: string; real_name?: string } = {}): UserRecord {
    const user: UserRecord = {
      id: opts.id ?? this.ids.id('U'),
      name,
      real_name: opts.real_name ?? name,
      is_bot: false,
      deleted: false,
      tz: 'UTC',
    };
    this.users.push(user);
    return user;
  }

  findUser(id: string): UserRecord | undefined {
    return this.users.find((u) => u.id === id);
  }

  /** The app's DM channel with a user, opened on first use (as chat.postMessage to a user ID or conversations.open do). */
  imChannel(userId: string): ChannelRecord {
    const existing = this.channels.find((c) => c.is_im && c.user === userId);
    if (existing) return existing;
    const channel: ChannelRecord = {
      id: this.ids.id('D'),
      name: `@${userId}`,
      is_member: true,
      is_archived: false,
      is_private: true,
      is_im: true,
      user: userId,
      created: Math.floor(this.clock.now() / 1000),
      topic: '',
      purpose: '',
    };
    this.channels.push(channel);
    return channel;
  }

  /** Messages the bot sent a user in their DM with the app. */
  dmsTo(userId: string): MessageRecord[] {
    const im = this.channels.find((c) => c.is_im && c.user === userId);
    return im ? this.messages.filter((m) => m.channel === im.id && !m.deleted) : [];
  }

  findMessage(channelId: string, ts: string): MessageRecord | undefined {
    return this.messages.find((m) => m.channel === channelId && m.ts === ts && !m.deleted);
  }

  recordMessage(input: NewMessage): MessageRecord {
    const message: MessageRecord = {
      ts: input.ts ?? this.ids.nextTs(),
      channel: input.channel,
      text: input.text,
      blocks: input.blocks,
      thread_ts: input.thread_ts,
      reply_broadcast: input.reply_broadcast ?? false,
      metadata: input.metadata,
      username: input.username,
      icon_url: input.icon_url,
      icon_emoji: input.icon_emoji,
      unfurl_links: input.unfurl_links,
      via: input.via,
      user: input.user,
      bot_id: input.bot_id,
      edits: [],
      reactions: [],
      deleted: false,
      postedAt: this.clock.now(),
    };
    this.messages.push(message);
    return message;
  }

  issueTrigger(user: string): string {
    const id = this.ids.triggerId();
    this.triggers.set(id, { issuedAt: this.clock.now(), used: false, user });
    return id;
  }
}
