import { randomUUID } from 'node:crypto';
import type { Dispatcher } from 'undici';
import type { ApiHandlers, PushEventName, PushPayload } from '../../contract/api.js';
import type { Status, Subscription } from '../../contract/schemas.js';
import type { EngineHost, PushListener } from '../engine-host.js';
import type { EngineOptions } from '../engine-options.js';
import type { BranchContext } from '../events/branch-match.js';
import { BranchKnowledge } from './branch-knowledge.js';
import type { EventName } from '../../contract/vocabulary/event-names.js';
import { createAdapter } from '../forges/adapter-factory.js';
import type { ForgeAdapter, PollResult } from '../forges/forge-adapter.js';
import { type AccountPollState, PollScheduler, type RepoTarget } from '../forges/poll-scheduler.js';
import { createDispatcher, proxyFromEnvironment } from '../http/dispatcher.js';
import { type Clock, systemClock } from '../runtime/clock.js';
import { createLogger, type Logger, type LogLine, Redactor } from '../runtime/logger.js';
import { SettingsRepository } from '../settings/settings-repository.js';
import { type Settings, type StoredSubscription } from '../settings/settings-model.js';
import { CursorStore } from '../state/cursor-store.js';
import { type Db, openDatabase } from '../state/database.js';
import { FeedStore } from '../state/feed-store.js';
import { OutboxStore } from '../state/outbox-store.js';
import { ThreadStore } from '../state/thread-store.js';
import { BotTransport } from '../slack/delivery/bot-transport.js';
import { DeliveryService } from '../slack/delivery/delivery-service.js';
import { ChannelRateLimiter } from '../slack/delivery/rate-limiter.js';
import type { SlackTransport } from '../slack/delivery/slack-transport.js';
import { WebhookTransport } from '../slack/delivery/webhook-transport.js';
import { createWebClient } from '../slack/connection/slack-client.js';
import { identifyBot } from '../slack/connection/slack-verify.js';
import { buildHandlers, cancelDeviceFlows } from './api-handlers.js';
import { messageFormatter } from './message-formatter.js';
import { ingestPoll, subscriptionSince } from './ingest.js';
import { buildStatus, type SlackRuntimeState } from './status-builder.js';
import { SocketService } from './socket-service.js';

const LOG_RING = 500;

/**
 * The composition root: builds services from settings, starts and stops them, and exposes the
 * contract handlers. Runs under plain Node (serve) and inside Electron's main process alike.
 */
export class Engine implements EngineHost {
  readonly handlers: ApiHandlers;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly redactor = new Redactor();
  readonly db: Db;
  readonly feed: FeedStore;
  readonly outbox: OutboxStore;
  readonly cursors: CursorStore;
  readonly threads: ThreadStore;
  readonly delivery: DeliveryService;
  readonly repo: SettingsRepository;
  readonly socket: SocketService;
  settings: Settings;
  readonly adapters = new Map<string, ForgeAdapter>();
  readonly accountStates = new Map<string, AccountPollState>();
  readonly logins = new Map<string, string>();
  slackState: SlackRuntimeState = { team: null, botUser: null, error: null, socket: 'disabled', socketError: null };
  slackScopes: Set<string> | null = null;
  transport: SlackTransport | null = null;
  botTransport: BotTransport | null = null;
  paused: { until: string | null; mode: 'hold' | 'drop' } | null = null;
  readonly logs: LogLine[] = [];
  private readonly schedulers = new Map<string, PollScheduler>();
  private readonly listeners = new Set<PushListener>();
  private readonly limiter: ChannelRateLimiter;
  private readonly branches: BranchKnowledge;
  private readonly version: string;
  private readonly mode: 'desktop' | 'serve';
  private started = false;
  private readMark = 0;
  private resumeTimer: { cancel(): void } | null = null;
  private statusTimer: { cancel(): void } | null = null;

  constructor(readonly options: EngineOptions) {
    this.clock = options.clock ?? systemClock;
    this.version = options.version ?? '0.1.0';
    this.mode = options.mode;
    this.logger =
      options.logger ??
      createLogger((line) => {
        this.logs.push(line);
        if (this.logs.length > LOG_RING) this.logs.shift();
        options.logSink?.(line);
        this.push('log', { time: line.time, level: line.level, message: line.message });
      }, this.redactor);
    this.branches = new BranchKnowledge(this.clock, this.logger);
    this.repo = new SettingsRepository(options.store, options.cipher);
    this.settings = this.repo.load();
    this.registerSecrets();
    this.db = openDatabase(options.dataDir);
    this.feed = new FeedStore(this.db, () => this.clock.now());
    this.outbox = new OutboxStore(this.db);
    this.cursors = new CursorStore(this.db);
    this.threads = new ThreadStore(this.db);
    this.readMark = this.feed.maxId();
    this.limiter = new ChannelRateLimiter(() => this.clock.now());
    this.delivery = new DeliveryService({
      db: this.db,
      outbox: this.outbox,
      feed: this.feed,
      threads: this.threads,
      limiter: this.limiter,
      clock: this.clock,
      logger: this.logger,
      formatter: messageFormatter,
      transport: () => this.transport,
      onFeedChanged: (id) => this.pushFeed(id),
      onProblem: (err) => {
        const message = err ? `${err.message}${err.fix ? ` — ${err.fix}` : ''}` : null;
        if (this.slackState.error !== message) {
          this.slackState = { ...this.slackState, error: message };
          this.pushStatus();
        }
      },
    });
    this.socket = new SocketService(this);
    this.handlers = buildHandlers(this);
  }

  // ---- lifecycle -------------------------------------------------------------------------

  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    await this.configureSlack();
    this.configureAccounts();
    this.delivery.start();
    this.logger.info(
      `engine started (${this.settings.accounts.length} accounts, ${this.settings.subscriptions.length} subscriptions)`,
    );
  }

  async stop(): Promise<void> {
    if (!this.started) {
      this.closeDb();
      return;
    }
    this.started = false;
    this.resumeTimer?.cancel();
    this.statusTimer?.cancel();
    cancelDeviceFlows(this);
    await this.socket.stop();
    await Promise.all([...this.schedulers.values()].map((s) => s.stop()));
    this.schedulers.clear();
    await this.delivery.stop();
    this.logger.info('engine stopped; queued deliveries stay in the outbox');
    this.closeDb();
  }

  private closeDb(): void {
    if (this.db.open) this.db.close();
  }

  pollNow(): void {
    for (const s of this.schedulers.values()) s.pollNow();
  }

  onPush(listener: PushListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  push<E extends PushEventName>(event: E, payload: PushPayload<E>): void {
    for (const l of this.listeners) {
      try {
        l(event, payload);
      } catch {}
    }
  }

  // ---- settings ----------------------------------------------------------------------------

  private registerSecrets(): void {
    this.redactor.add(this.settings.slack.botToken);
    this.redactor.add(this.settings.slack.appToken);
    this.redactor.add(this.settings.slack.webhookUrl);
    for (const a of this.settings.accounts) this.redactor.add(a.token);
  }

  /** Applies a change, saves it (secrets encrypted), and reconfigures what it touched. */
  async updateSettings(
    mutate: (s: Settings) => Settings,
    touched: { slack?: boolean; accounts?: boolean; subscriptions?: boolean } = {},
  ): Promise<Settings> {
    const next = mutate(structuredClone(this.settings));
    this.repo.save(next);
    this.settings = next;
    this.registerSecrets();
    if (this.started) {
      if (touched.slack) await this.configureSlack();
      if (touched.accounts) this.configureAccounts();
      else if (touched.subscriptions) this.pollNow(); // a new or re-enabled subscription starts polling at once
    }
    this.push('subscriptions', this.subscriptionList());
    this.pushStatus();
    return next;
  }

  proxyFor(url: string): string | null {
    const p = this.settings.proxy;
    if (p.mode === 'none') return null;
    if (p.mode === 'manual') return p.url;
    return proxyFromEnvironment(url);
  }

  slackDispatcher(): Dispatcher | undefined {
    const proxy = this.proxyFor(this.settings.slack.apiUrl);
    return proxy ? createDispatcher({ proxyUrl: proxy }) : undefined;
  }

  accountDispatcher(account: { apiUrl: string; caFile: string | null }): Dispatcher | undefined {
    const proxy = this.proxyFor(account.apiUrl);
    return account.caFile || proxy ? createDispatcher({ caFile: account.caFile, proxyUrl: proxy }) : undefined;
  }

  // ---- Slack ------------------------------------------------------------------------------

  private async configureSlack(): Promise<void> {
    const slack = this.settings.slack;
    const dispatcher = this.slackDispatcher();
    this.transport = null;
    this.botTransport = null;
    this.slackState = { ...this.slackState, team: null, botUser: null, error: null };
    if (slack.botToken) {
      const client = createWebClient(slack.botToken, slack.apiUrl, dispatcher);
      this.botTransport = new BotTransport({
        client,
        username: slack.username,
        iconUrl: slack.iconUrl,
        scopes: () => this.slackScopes,
      });
      this.transport = this.botTransport;
      // auth.test runs in the background: start-up never waits on the network.
      const token = slack.botToken;
      void identifyBot(token, slack.apiUrl, dispatcher).then(
        (id) => {
          if (this.settings.slack.botToken !== token) return;
          this.slackScopes = id.scopes ? new Set(id.scopes) : null;
          this.slackState = { ...this.slackState, team: id.team, botUser: id.botUser };
          this.pushStatus();
        },
        (error: unknown) => {
          if (this.settings.slack.botToken !== token) return;
          const code = (error as { data?: { error?: string } }).data?.error;
          this.slackState = {
            ...this.slackState,
            error:
              code === 'invalid_auth' || code === 'token_revoked'
                ? `Slack rejected the bot token (${code}). Paste a fresh xoxb- token in Setup → Slack.`
                : `Cannot reach Slack: ${(error as Error).message}`,
          };
          this.logger.error('Slack auth.test failed', { error });
          this.pushStatus();
        },
      );
    } else if (slack.webhookUrl) {
      this.transport = new WebhookTransport(slack.webhookUrl, dispatcher ? { dispatcher } : {});
    }
    await this.socket.configure();
    this.delivery.wake();
    this.pushStatus();
  }

  // ---- forges -----------------------------------------------------------------------------

  private configureAccounts(): void {
    for (const s of this.schedulers.values()) void s.stop();
    this.schedulers.clear();
    this.adapters.clear();
    for (const account of this.settings.accounts) {
      if (!account.token) continue;
      let adapter: ForgeAdapter;
      try {
        adapter = createAdapter(account, {
          clock: this.clock,
          logger: this.logger,
          ...(this.accountDispatcher(account) ? { dispatcher: this.accountDispatcher(account) } : {}),
        });
      } catch (error) {
        this.accountStates.set(account.id, {
          state: 'error',
          error: `Cannot set up account ${account.id}: ${(error as Error).message}`,
          lastPollAt: null,
        });
        continue;
      }
      this.adapters.set(account.id, adapter);
      void adapter.whoami().then(
        (me) => {
          this.logins.set(account.id, me.login);
          this.pushStatusSoon();
        },
        () => undefined,
      );
      const scheduler = new PollScheduler({
        adapter,
        clock: this.clock,
        logger: this.logger,
        intervalSeconds: () => this.settings.pollIntervalSeconds,
        targets: () => this.targetsFor(account.id),
        cursor: (repo) => this.cursors.get(account.id, repo)?.cursor ?? null,
        ingest: (repo, result) => this.ingest(account.id, repo, result),
        onState: (state) => {
          this.accountStates.set(account.id, state);
          this.pushStatusSoon();
        },
      });
      this.schedulers.set(account.id, scheduler);
      if (this.started) scheduler.start();
    }
    this.pushStatus();
  }

  private targetsFor(accountId: string): RepoTarget[] {
    const byRepo = new Map<string, { since: number; wanted: Set<EventName>; repo: string }>();
    for (const sub of this.settings.subscriptions) {
      if (sub.account !== accountId || !sub.enabled) continue;
      const key = sub.repo.toLowerCase();
      const t = byRepo.get(key) ?? { since: Number.POSITIVE_INFINITY, wanted: new Set<EventName>(), repo: sub.repo };
      // Whole seconds: events stamped in a subscription's first second reach ingest, which tells them apart (isHistoryFor).
      t.since = Math.min(t.since, Math.floor(subscriptionSince(sub) / 1000) * 1000);
      for (const e of sub.events) t.wanted.add(e);
      byRepo.set(key, t);
    }
    return [...byRepo.values()].map((t) => ({
      repo: t.repo,
      since: new Date(t.since),
      wanted: t.wanted,
      branchWanted: (branch: string, known: { defaultBranch: string | null }) =>
        this.branches.commitsWanted(
          this.adapters.get(accountId),
          t.repo,
          this.repoSubscriptions(accountId, t.repo),
          branch,
          known.defaultBranch,
        ),
    }));
  }

  private repoSubscriptions(accountId: string, repo: string): StoredSubscription[] {
    return this.settings.subscriptions.filter(
      (s) => s.account === accountId && s.repo.toLowerCase() === repo.toLowerCase(),
    );
  }

  /** Branch presets need the forge's view of the branches, only when the poll brought branch-bound events. */
  private async branchContext(accountId: string, repo: string, result: PollResult): Promise<BranchContext> {
    const adapter = this.adapters.get(accountId);
    if (result.defaultBranch !== undefined && adapter) this.branches.learn(accountId, repo, result.defaultBranch);
    const needs = result.events.some(
      (e) => (e.event === 'commits' || e.event === 'pipelines' || e.event === 'deployments') && e.branch !== null,
    );
    return needs
      ? this.branches.context(adapter, repo, this.repoSubscriptions(accountId, repo))
      : { defaultBranch: null, protectedBranches: [] };
  }

  private async ingest(accountId: string, repo: string, result: PollResult): Promise<void> {
    const subs = this.repoSubscriptions(accountId, repo);
    const branches = await this.branchContext(accountId, repo, result);
    const { feedIds, queued } = ingestPoll(
      {
        db: this.db,
        cursors: this.cursors,
        feed: this.feed,
        outbox: this.outbox,
        now: () => this.clock.now(),
        paused: () => this.activePause(),
        defaultChannel:
          this.settings.slack.defaultChannel ??
          (this.settings.slack.botToken ? null : this.settings.slack.webhookUrl ? '(webhook)' : null),
        buttons: Boolean(this.settings.slack.appToken),
      },
      accountId,
      repo,
      result,
      subs,
      branches,
    );
    for (const id of feedIds) this.pushFeed(id);
    if (queued > 0) this.delivery.wake();
    if (feedIds.length > 0) this.pushStatusSoon();
  }

  // ---- pause ------------------------------------------------------------------------------

  activePause(): { mode: 'hold' | 'drop' } | null {
    if (!this.paused) return null;
    if (this.paused.until && Date.parse(this.paused.until) <= this.clock.now()) {
      void this.resume();
      return null;
    }
    return { mode: this.paused.mode };
  }

  pause(until: string | null, mode: 'hold' | 'drop'): void {
    this.paused = { until, mode };
    this.resumeTimer?.cancel();
    if (until)
      this.resumeTimer = this.clock.setTimeout(
        () => void this.resume(),
        Math.max(0, Date.parse(until) - this.clock.now()),
      );
    this.logger.info(
      `notifications paused${until ? ` until ${until}` : ''} (${mode === 'hold' ? 'held for a digest' : 'dropped'})`,
    );
    this.pushStatus();
  }

  /** Ends a pause: held events go out as one digest per channel. */
  async resume(): Promise<void> {
    if (!this.paused) return;
    this.paused = null;
    this.resumeTimer?.cancel();
    const held = this.outbox.held();
    const byChannel = new Map<string, typeof held>();
    for (const row of held) byChannel.set(row.channel, [...(byChannel.get(row.channel) ?? []), row]);
    this.db.transaction(() => {
      for (const [channel, rows] of byChannel) {
        const events = rows
          .map((r) => JSON.parse(r.payload) as { kind: string; event?: unknown })
          .flatMap((p) => (p.kind === 'event' && p.event ? [p.event] : []));
        this.outbox.enqueue({
          deliveryId: `digest|${randomUUID()}`,
          feedId: null,
          subscriptionId: null,
          channel,
          kind: 'digest',
          payload: JSON.stringify({ kind: 'digest', events }),
          at: this.clock.now(),
        });
        this.outbox.setState(
          rows.map((r) => r.id),
          'sent',
        );
        for (const r of rows)
          if (r.feedId !== null)
            this.feed.update(r.feedId, { fate: 'delivered', reason: 'in the digest sent when notifications resumed' });
      }
    })();
    for (const rows of byChannel.values()) for (const r of rows) if (r.feedId !== null) this.pushFeed(r.feedId);
    this.logger.info(
      `notifications resumed${held.length ? `; ${held.length} held events sent as ${byChannel.size} digest(s)` : ''}`,
    );
    this.delivery.wake();
    this.pushStatus();
  }

  // ---- views ------------------------------------------------------------------------------

  subscriptionList(): Subscription[] {
    return this.settings.subscriptions.map((s) => this.subscriptionView(s));
  }

  subscriptionView(s: StoredSubscription): Subscription {
    const account = this.settings.accounts.find((a) => a.id === s.account);
    const state = this.accountStates.get(s.account);
    return {
      ...s,
      channel: s.channel ?? null,
      forge: account?.forge ?? null,
      lastEventAt: this.feed.lastEventAt(s.id),
      error: !account
        ? `Account "${s.account}" does not exist.`
        : !account.token
          ? `Account "${s.account}" has no token.`
          : (state?.error ?? null),
    };
  }

  status(): Status {
    return buildStatus({
      version: this.version,
      mode: this.mode,
      settings: this.settings,
      slack: this.slackState,
      accounts: this.accountStates,
      adapters: this.adapters,
      logins: this.logins,
      paused: this.paused ? { until: this.paused.until, mode: this.paused.mode } : null,
      outbox: this.outbox.counts(),
      unread: this.feed.countSince(this.readMark),
    });
  }

  markRead(): void {
    this.readMark = this.feed.maxId();
    this.pushStatus();
  }

  setSocketState(socket: SlackRuntimeState['socket'], socketError: string | null): void {
    this.slackState = { ...this.slackState, socket, socketError };
    this.pushStatus();
  }

  pushFeed(id: number): void {
    const item = this.feed.get(id);
    if (item) this.push('feed.item', item);
  }

  pushStatus(): void {
    if (this.db.open) this.push('status', this.status());
  }

  /** Coalesces bursts of status changes into one push. */
  private pushStatusSoon(): void {
    if (this.statusTimer) return;
    this.statusTimer = this.clock.setTimeout(() => {
      this.statusTimer = null;
      this.pushStatus();
    }, 200);
  }
}
