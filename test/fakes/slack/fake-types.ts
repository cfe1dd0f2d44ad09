import type { Clock } from '../../../electron/core/runtime/clock.js';

/** Options of the Slack fake. Everything has a default; the fake always listens on 127.0.0.1 port 0. */
export interface SlackFakeOptions {
  /** Default 'xoxb-fake-bot-token'; any other xoxb- token gets `invalid_auth`. */
  botToken?: string;
  /** Default 'xapp-fake-app-token'. */
  appToken?: string;
  /** Granted bot scopes. Default: the full set Forgebell's manifest asks for. */
  scopes?: string[];
  teamName?: string;
  botUserName?: string;
  /** Per channel posting limit (chat.postMessage + incoming webhooks share it). null (default) = off. */
  rateLimit?: { perSecond: number; burst: number } | null;
  /** An envelope not acked in time is redelivered (retry_reason 'timeout', max 3 retries). Default 3000. */
  ackTimeoutMs?: number;
  /** How long a trigger_id may be exchanged in views.open. Default 3000 (Slack's value). */
  triggerTtlMs?: number;
  /** Interval of server pings on Socket Mode connections (0 = never). Default 10000. */
  pingIntervalMs?: number;
  /** Delay before a new Socket Mode connection gets its `hello` (the client counts as connected only then). Default 0. */
  helloDelayMs?: number;
  /** Channel the default incoming webhook posts to. Default 'general'. */
  webhookChannel?: string;
  /** Time source for rate limits, ack deadlines and trigger expiry. Default: the system clock. */
  clock?: Clock;
}

export type MessageVia = 'bot' | 'webhook' | 'response_url' | 'command_ack' | 'user';

export interface MessageEdit {
  text: string;
  blocks: unknown[] | undefined;
  metadata: SlackMetadata | undefined;
  editedAt: number;
}

export interface SlackMetadata {
  event_type: string;
  event_payload: Record<string, unknown>;
}

export interface MessageRecord {
  ts: string;
  channel: string;
  text: string;
  blocks: unknown[] | undefined;
  thread_ts: string | undefined;
  reply_broadcast: boolean;
  metadata: SlackMetadata | undefined;
  username: string | undefined;
  icon_url: string | undefined;
  icon_emoji: string | undefined;
  unfurl_links: boolean | undefined;
  via: MessageVia;
  /** Author: the bot user for 'bot', a human for 'user'. */
  user: string | undefined;
  bot_id: string | undefined;
  /** Previous versions, oldest first (chat.update, replace_original). */
  edits: MessageEdit[];
  /** Reactions on the message, by name, with the users (the bot user for the app's own) who added them. */
  reactions: { name: string; users: string[] }[];
  deleted: boolean;
  postedAt: number;
}

export interface ChannelRecord {
  id: string;
  name: string;
  is_member: boolean;
  is_archived: boolean;
  is_private: boolean;
  /** The app's DM with a user (`D…`): `user` is that user; it has no name and is never listed. */
  is_im?: boolean;
  user?: string;
  created: number;
  topic: string;
  purpose: string;
}

export interface UserRecord {
  id: string;
  name: string;
  real_name: string;
  is_bot: boolean;
  deleted: boolean;
  tz: string;
}

export interface EphemeralRecord {
  channel: string;
  user: string;
  text: string;
  blocks: unknown[] | undefined;
  thread_ts: string | undefined;
  message_ts: string;
  via: 'api' | 'command_ack' | 'response_url';
}

export interface ResponseUrlRecord {
  url: string;
  /** What issued the URL: a slash command or a block action. */
  source: 'slash_command' | 'block_actions';
  channel: string;
  user: string;
  body: Record<string, unknown>;
  at: number;
}

export interface ViewRecord {
  id: string;
  trigger_id: string;
  /** The modal as it is now (views.update replaces it). */
  view: Record<string, unknown>;
  openedAt: number;
  /** How many times views.update replaced it. */
  updates?: number;
}

export interface UnfurlRecord {
  channel: string | undefined;
  ts: string | undefined;
  unfurl_id: string | undefined;
  source: string | undefined;
  unfurls: Record<string, unknown>;
}

export interface ApiCallRecord {
  method: string;
  params: Record<string, unknown>;
  tokenKind: 'bot' | 'app' | 'none' | 'unknown';
  status: number;
  ok: boolean;
  error: string | undefined;
  at: number;
  /** Set when a hook took the call: what the caller got instead of (or later than) the method's answer. */
  hooked?: { stage: 'before' | 'after'; answer: string; ran: boolean };
}

/**
 * How a hooked call is answered. `hold`: the answer waits until `release()` (a `before` call then runs only if its
 * caller is still connected) or `drop()` (never runs, never answered); `hang`: never answered while the fake runs (the client's timeout fires); `reset`: the
 * connection is destroyed; `{status}`: that HTTP status (e.g. 500) instead of the method's answer.
 */
export type HookAnswer = 'hold' | 'hang' | 'reset' | { status: number };

export interface CallHookOptions {
  /** `before`: the method has not run (nothing stored); `after`: it ran (a post is stored) and only the answer is affected. */
  stage: 'before' | 'after';
  answer: HookAnswer;
  /** Only calls whose arguments match, e.g. thread replies: `(p) => p.thread_ts !== undefined`. */
  match?: (params: Record<string, unknown>) => boolean;
  /** How many matching calls the hook takes. Default 1. */
  times?: number;
}

export interface HookedCall {
  method: string;
  params: Record<string, unknown>;
}

export interface CallHook {
  /** Resolves when the first matching call arrives (for stage `after`: once the method has run). */
  readonly arrived: Promise<HookedCall>;
  /** Matching calls taken so far. */
  readonly hits: number;
  /** Lets held calls go on (stage `before`: the method runs now, unless its caller has gone). */
  release(): void;
  /** Ends held calls without running them (stage `before`) or answering (the connection is closed): a caller killed mid-call. */
  drop(): void;
  /** Takes no further calls and releases held ones. */
  cancel(): void;
}

export interface WebhookCallRecord {
  url: string;
  body: unknown;
  status: number;
  response: string;
  at: number;
}

/** An injected failure for a Web API method or an incoming webhook. */
export type InjectedFailure =
  | { error: string; extra?: Record<string, unknown> }
  | { status: 429; retryAfter: number }
  | { status: number; body?: string };

export type EnvelopeType = 'slash_commands' | 'interactive' | 'events_api';

export interface EnvelopeAttempt {
  retry_attempt: number;
  retry_reason: string;
  sentAt: number;
  /** Connection that carried it, or undefined when no connection was open. */
  connectionId: number | undefined;
}

export interface EnvelopeRecord {
  envelope_id: string;
  type: EnvelopeType;
  payload: Record<string, unknown>;
  attempts: EnvelopeAttempt[];
  status: 'pending' | 'acked' | 'timed_out' | 'dispatch_failed';
  /** The payload of the first ack (the SDK always sends one, `{}` when empty). */
  ackPayload: Record<string, unknown> | undefined;
  ackMs: number | undefined;
  /** The first attempt was not acked in time: for a slash command the user saw `operation_timeout`. */
  timedOut: boolean;
  error: 'operation_timeout' | 'dispatch_failed' | undefined;
}

export interface EnvelopeResult {
  envelopeId: string;
  ackPayload: Record<string, unknown> | undefined;
  /** Milliseconds from the first delivery to the ack. */
  ackMs: number | undefined;
  timedOut: boolean;
  acked: boolean;
  attempts: number;
  error: 'operation_timeout' | 'dispatch_failed' | 'fake_closed' | undefined;
}

export interface SlashCommandInput {
  text: string;
  user_id?: string;
  channel_id?: string;
  command?: string;
}

export interface BlockActionInput {
  action_id: string;
  value?: string;
  block_id?: string;
  /** Element type, default 'button' (or the type found in the message's blocks). */
  type?: string;
  user_id?: string;
  channel_id?: string;
  /** The message holding the button; default the channel's last message posted by the bot. */
  message_ts?: string;
}

export interface ViewSubmissionInput {
  /** A view opened through views.open; its callback_id/private_metadata are used when not given. */
  view_id?: string;
  callback_id?: string;
  private_metadata?: string;
  /** state.values: block_id → action_id → element state. */
  values?: Record<string, Record<string, Record<string, unknown>>>;
  user_id?: string;
}

export interface LinkSharedInput {
  channel?: string;
  user?: string;
  message_ts?: string;
  urls: string[];
  source?: 'conversations_history' | 'composer';
}

export type DisconnectReason = 'warning' | 'refresh_requested' | 'link_disabled' | 'too_many_websockets';

export interface AddChannelOptions {
  id?: string;
  is_member?: boolean;
  is_archived?: boolean;
  is_private?: boolean;
}

export type Predicate<T> = (fake: SlackFake) => T | undefined | null | false;

export interface SlackFake {
  readonly apiUrl: string;
  readonly webhookUrl: string;
  readonly port: number;
  readonly teamId: string;
  readonly appId: string;
  readonly botUserId: string;
  readonly botId: string;
  readonly botToken: string;
  readonly appToken: string;

  // state
  readonly messages: MessageRecord[];
  readonly channels: ChannelRecord[];
  readonly users: UserRecord[];
  readonly ephemerals: EphemeralRecord[];
  readonly responses: ResponseUrlRecord[];
  readonly views: ViewRecord[];
  readonly unfurls: UnfurlRecord[];
  readonly calls: ApiCallRecord[];
  readonly webhookCalls: WebhookCallRecord[];
  readonly envelopes: EnvelopeRecord[];
  /** Number of requests answered with 429 by the rate limiter. */
  readonly rateLimited: number;
  /** Open Socket Mode connections. */
  readonly connections: number;
  /** Socket Mode connections accepted since start. */
  readonly connectionsOpened: number;

  addChannel(name: string, opts?: AddChannelOptions): ChannelRecord;
  channel(nameOrId: string): ChannelRecord | undefined;
  removeChannel(nameOrId: string): void;
  addUser(name: string, opts?: { id?: string; real_name?: string; tz?: string }): UserRecord;
  /** A human's message in a channel (for history and link_shared). */
  addUserMessage(channel: string, text: string, user?: string): MessageRecord;
  /** Another incoming webhook bound to a channel; returns its URL. */
  addWebhook(channel: string): string;
  /** Messages of one channel (id or name), oldest first. */
  messagesIn(channel: string): MessageRecord[];
  calledMethods(method: string): ApiCallRecord[];

  // failure injection
  failNext(method: string, failure: InjectedFailure, times?: number): void;
  failNextWebhook(failure: InjectedFailure, times?: number): void;
  /** Holds, drops or replaces the answer of the next matching call(s) of a Web API method. */
  hookNext(method: string, options: CallHookOptions): CallHook;
  revokeToken(which?: 'bot' | 'app'): void;
  setScopes(scopes: string[]): void;
  setRateLimit(limit: { perSecond: number; burst: number } | null): void;

  // Socket Mode
  /** Messages the bot sent a user in their DM with the app. */
  dmsTo(userId: string): MessageRecord[];
  /** Slack refuses DMs to this user with `error` from now on (null: accepts them again). */
  refuseDms(userId: string, error: string | null): void;
  /** The user is deactivated: DMs to them get `user_disabled`. */
  deactivateUser(userId: string): void;
  sendSlashCommand(input: SlashCommandInput): Promise<EnvelopeResult>;
  sendBlockAction(input: BlockActionInput): Promise<EnvelopeResult>;
  sendViewSubmission(input: ViewSubmissionInput): Promise<EnvelopeResult>;
  sendEvent(event: Record<string, unknown>): Promise<EnvelopeResult>;
  sendLinkShared(input: LinkSharedInput): Promise<EnvelopeResult>;
  disconnect(reason: DisconnectReason, opts?: { closeAfterMs?: number }): void;
  dropSockets(): void;
  /** Sends a raw frame (garbage JSON, binary) on every open connection. */
  sendRaw(frame: string | Buffer): void;

  waitFor<T>(predicate: Predicate<T>, timeoutMs?: number, description?: string): Promise<T>;
  close(): Promise<void>;
}
