import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { systemClock } from '../../../electron/core/runtime/clock.js';
import { CallHooks } from './call-hooks.js';
import { EnvelopeDispatcher } from './envelope-dispatcher.js';
import { FailureInjector } from './failure-injector.js';
import { FakeState } from './fake-state.js';
import type {
  AddChannelOptions,
  ApiCallRecord,
  BlockActionInput,
  CallHook,
  CallHookOptions,
  ChannelRecord,
  DisconnectReason,
  EnvelopeRecord,
  EnvelopeResult,
  EphemeralRecord,
  InjectedFailure,
  LinkSharedInput,
  MessageRecord,
  Predicate,
  ResponseUrlRecord,
  SlackFake,
  SlackFakeOptions,
  SlashCommandInput,
  UnfurlRecord,
  UserRecord,
  ViewRecord,
  ViewSubmissionInput,
  WebhookCallRecord,
} from './fake-types.js';
import { sendText } from './http-io.js';
import { IncomingWebhooks } from './incoming-webhook.js';
import {
  blockActionPayload,
  eventCallbackPayload,
  linkSharedEvent,
  slashCommandPayload,
  viewSubmissionPayload,
} from './interaction-payloads.js';
import { ChannelRateLimiter } from './rate-limiter.js';
import { ResponseUrls } from './response-url.js';
import { SocketModeServer } from './socket-mode-server.js';
import { waitFor } from './wait-for.js';
import { WebApiRouter } from './web-api-router.js';

/** The Slack fake: one HTTP server for the Web API, webhooks and response_urls, plus the Socket Mode WebSocket. */
export class SlackFakeServer implements SlackFake {
  private readonly state: FakeState;
  private readonly server: Server;
  private readonly limiter: ChannelRateLimiter;
  private readonly failures = new FailureInjector();
  private readonly hooks = new CallHooks();
  private readonly router: WebApiRouter;
  private readonly webhooks: IncomingWebhooks;
  private readonly responseUrls: ResponseUrls;
  private readonly socketMode: SocketModeServer;
  private readonly dispatcher: EnvelopeDispatcher;
  private readonly defaultWebhookChannel: string;
  private baseUrl = '';
  webhookUrl = '';

  constructor(options: SlackFakeOptions = {}) {
    const clock = options.clock ?? systemClock;
    this.state = new FakeState(options, clock);
    this.limiter = new ChannelRateLimiter(options.rateLimit ?? null, () => clock.now());
    this.router = new WebApiRouter(this.state, this.limiter, this.failures, this.hooks, () => this.baseUrl);
    this.webhooks = new IncomingWebhooks(this.state, this.limiter, this.failures);
    this.responseUrls = new ResponseUrls(this.state, () => this.baseUrl);
    this.socketMode = new SocketModeServer(this.state);
    this.dispatcher = new EnvelopeDispatcher(this.state, this.socketMode);
    this.defaultWebhookChannel = options.webhookChannel ?? 'general';
    this.server = createServer((req, res) => {
      this.route(req, res).catch((error: unknown) => {
        if (!res.headersSent)
          sendText(res, 500, `fake error: ${error instanceof Error ? error.message : String(error)}`);
        else res.destroy();
      });
    });
    this.server.on('upgrade', (req, socket, head) => {
      this.socketMode.handleUpgrade(req, socket, head, new URL(req.url ?? '/', this.baseUrl));
    });
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = this.server.address() as AddressInfo;
    this.baseUrl = `http://127.0.0.1:${port}`;
    this.webhookUrl = this.addWebhook(this.defaultWebhookChannel);
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.baseUrl);
    const path = url.pathname;
    if (path.startsWith('/api/')) return this.router.handle(req, res, path.slice('/api/'.length), url);
    if (path.startsWith('/services/')) return this.webhooks.handle(req, res, url);
    if (path.startsWith('/commands/') || path.startsWith('/actions/')) return this.responseUrls.handle(req, res, url);
    sendText(res, 404, 'not_found');
  }

  get apiUrl(): string {
    return `${this.baseUrl}/api/`;
  }
  get port(): number {
    return Number(new URL(this.baseUrl).port);
  }
  get teamId(): string {
    return this.state.config.teamId;
  }
  get appId(): string {
    return this.state.config.appId;
  }
  get botUserId(): string {
    return this.state.config.botUserId;
  }
  get botId(): string {
    return this.state.config.botId;
  }
  get botToken(): string {
    return this.state.config.botToken;
  }
  get appToken(): string {
    return this.state.config.appToken;
  }
  get messages(): MessageRecord[] {
    return this.state.messages;
  }
  get channels(): ChannelRecord[] {
    return this.state.channels;
  }
  get users(): UserRecord[] {
    return this.state.users;
  }
  get ephemerals(): EphemeralRecord[] {
    return this.state.ephemerals;
  }
  get responses(): ResponseUrlRecord[] {
    return this.state.responses;
  }
  get views(): ViewRecord[] {
    return this.state.views;
  }
  get unfurls(): UnfurlRecord[] {
    return this.state.unfurls;
  }
  get calls(): ApiCallRecord[] {
    return this.state.calls;
  }
  get webhookCalls(): WebhookCallRecord[] {
    return this.state.webhookCalls;
  }
  get envelopes(): EnvelopeRecord[] {
    return this.state.envelopes;
  }
  get rateLimited(): number {
    return this.state.rateLimitedCount;
  }
  get connections(): number {
    return this.socketMode.connections;
  }
  get connectionsOpened(): number {
    return this.socketMode.opened;
  }

  addChannel(name: string, opts?: AddChannelOptions): ChannelRecord {
    return this.state.addChannel(name, opts);
  }
  channel(nameOrId: string): ChannelRecord | undefined {
    return this.state.findChannel(nameOrId);
  }
  removeChannel(nameOrId: string): void {
    this.state.removeChannel(nameOrId);
  }
  addUser(name: string, opts?: { id?: string; real_name?: string; tz?: string }): UserRecord {
    const user = this.state.addUser(name, opts);
    if (opts?.tz) user.tz = opts.tz;
    return user;
  }
  addUserMessage(channel: string, text: string, user?: string): MessageRecord {
    return this.state.recordMessage({
      channel: this.state.requireChannel(channel).id,
      text,
      via: 'user',
      user: user ?? this.state.defaultUser.id,
    });
  }
  addWebhook(channel: string): string {
    const path = `/services/${this.state.config.teamId}/${this.state.ids.id('B')}/${this.state.ids.secret()}`;
    this.state.webhooks.set(path, this.state.requireChannel(channel).id);
    return `${this.baseUrl}${path}`;
  }
  /** Messages the bot sent `userId` in their DM with the app (chat.postMessage to the user ID). */
  dmsTo(userId: string): MessageRecord[] {
    return this.state.dmsTo(userId);
  }
  /** Slack refuses DMs to this user from now on with `error` (null: no longer). */
  refuseDms(userId: string, error: string | null): void {
    if (error === null) this.state.dmRefusals.delete(userId);
    else this.state.dmRefusals.set(userId, error);
  }
  deactivateUser(userId: string): void {
    const user = this.state.findUser(userId);
    if (user) user.deleted = true;
  }
  messagesIn(channel: string): MessageRecord[] {
    const id = this.state.requireChannel(channel).id;
    return this.state.messages.filter((m) => m.channel === id && !m.deleted);
  }
  calledMethods(method: string): ApiCallRecord[] {
    return this.state.calls.filter((c) => c.method === method);
  }

  failNext(method: string, failure: InjectedFailure, times = 1): void {
    this.failures.add(method, failure, times);
  }
  failNextWebhook(failure: InjectedFailure, times = 1): void {
    this.failures.add('webhook', failure, times);
  }
  hookNext(method: string, options: CallHookOptions): CallHook {
    return this.hooks.add(method, options);
  }
  revokeToken(which: 'bot' | 'app' = 'bot'): void {
    this.state.revoked[which] = true;
  }
  setScopes(scopes: string[]): void {
    this.state.scopes = new Set(scopes);
  }
  setRateLimit(limit: { perSecond: number; burst: number } | null): void {
    this.limiter.setLimit(limit);
  }

  sendSlashCommand(input: SlashCommandInput): Promise<EnvelopeResult> {
    return this.dispatcher.dispatch('slash_commands', slashCommandPayload(this.state, this.responseUrls, input), true);
  }
  sendBlockAction(input: BlockActionInput): Promise<EnvelopeResult> {
    return this.dispatcher.dispatch('interactive', blockActionPayload(this.state, this.responseUrls, input), false);
  }
  sendViewSubmission(input: ViewSubmissionInput): Promise<EnvelopeResult> {
    return this.dispatcher.dispatch('interactive', viewSubmissionPayload(this.state, input), true);
  }
  sendEvent(event: Record<string, unknown>): Promise<EnvelopeResult> {
    return this.dispatcher.dispatch('events_api', eventCallbackPayload(this.state, event), false);
  }
  sendLinkShared(input: LinkSharedInput): Promise<EnvelopeResult> {
    return this.sendEvent(linkSharedEvent(this.state, input));
  }
  disconnect(reason: DisconnectReason, opts: { closeAfterMs?: number } = {}): void {
    this.socketMode.disconnect(reason, opts.closeAfterMs);
  }
  dropSockets(): void {
    this.socketMode.dropSockets();
  }
  sendRaw(frame: string | Buffer): void {
    this.socketMode.sendRaw(frame);
  }

  waitFor<T>(predicate: Predicate<T>, timeoutMs?: number, description?: string): Promise<T> {
    return waitFor(this, predicate, timeoutMs, description);
  }

  async close(): Promise<void> {
    this.hooks.close();
    this.dispatcher.close();
    await this.socketMode.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
