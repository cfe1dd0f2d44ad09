import type { Dispatcher } from 'undici';
import type { ApiHandlers } from '../../contract/api.js';
import type { Status, Subscription } from '../../contract/schemas.js';
import { runDoctor } from '../doctor/doctor.js';
import type { EngineHost, PushListener } from '../engine-host.js';
import type { EngineOptions } from '../engine-options.js';
import { BOT_TOKEN_ERROR_CODES, CHANNEL_ERROR_CODES } from '../../contract/vocabulary/delivery-errors.js';
import type { BranchContext } from '../events/branch-match.js';
import { channelFor } from '../events/filters.js';
import type { OwnerListing, PollResult } from '../forges/forge-adapter.js';
import { type Clock, systemClock } from '../runtime/clock.js';
import { createLogger, type Logger, type LogLine, Redactor } from '../runtime/logger.js';
import { SettingsRepository } from '../settings/settings-repository.js';
import type { StoredSubscription } from '../settings/settings-model.js';
import { runSlashCommand } from '../slack/commands/command-registry.js';
import { SocketService } from '../slack/connection/socket-service.js';
import { DeliveryService } from '../slack/delivery/delivery-service.js';
import { ReactionLane } from '../slack/delivery/reaction-lane.js';
import { handleInteraction } from '../slack/interactions/interaction-registry.js';
import type { ActingPort } from '../slack/interactions/act-runner.js';
import { ModalSeal } from '../slack/interactions/modal-seal.js';
import type { AccountFile } from '../settings/config-schema.js';
import { createAdapter } from '../forges/adapter-factory.js';
import { createForgeActions } from '../forges/actions/actions-factory.js';
import { previewLinks } from '../slack/interactions/link-previews.js';
import { CursorStore } from '../state/cursor-store.js';
import { type Db, openDatabase } from '../state/database.js';
import { FailedStore } from '../state/failed-store.js';
import { type DestinationPatch, FeedStore } from '../state/feed-store.js';
import { OutboxStore } from '../state/outbox-store.js';
import { PatternStore } from '../state/pattern-store.js';
import { RetentionService } from '../state/retention.js';
import { ThreadStore } from '../state/thread-store.js';
import { buildHandlers } from './api/build-handlers.js';
import { BranchKnowledge } from './branch-knowledge.js';
import { ChannelChecks } from './channel-checks.js';
import { DeliveryQueue } from './delivery-queue.js';
import { DeviceFlows } from './device-flows.js';
import { EngineHealth } from './engine-health.js';
import { FailedDeliveries } from './failed-deliveries.js';
import { ForgeAccounts } from './forge-accounts.js';
import { ingestPoll } from './ingest.js';
import { createMessageFormatter } from './message-formatter.js';
import { PeopleDirectory } from '../people/directory.js';
import { InboxService } from '../people/inbox-service.js';
import { personalEvents } from '../people/personal-events.js';
import { noticesFromEvent, type QueuedNotice } from '../people/personal-notifier.js';
import { QuietRelease } from '../people/quiet-release.js';
import { ReadAccess } from '../people/read-access.js';
import { LoginCheck } from '../people/login-check.js';
import { SigninService } from '../people/signin-service.js';
import { REASON_SENTENCES } from '../../contract/vocabulary/people.js';
import { PeopleStore } from '../state/people-store.js';
import { QueueStore } from '../state/queue-store.js';
import { ReviewQueue } from '../queue/review-queue.js';
import { TodoService } from '../queue/todo-service.js';
import { DigestService } from '../queue/digest-service.js';
import { NetworkRoutes } from './network-routes.js';
import { Pairing } from './pairing.js';
import { PauseControl } from './pause-control.js';
import { followedBy, PatternMembership } from './pattern-membership.js';
import { isRepoPattern } from '../../contract/vocabulary/repo-pattern.js';
import { requestBudgets } from './request-budget.js';
import { PushBus } from './push-bus.js';
import { SettingsService, type SettingsUpdate } from './settings-service.js';
import { SlackConnection } from './slack-connection.js';
import { buildStatus } from './status-builder.js';
import { StatusPublisher } from './status-publisher.js';
import { channelsOf, subscriptionView } from './subscription-view.js';
import { verifyAccount } from './api/account-verify.js';

const LOG_RING = 500;
/** After a storage failure in delivery, the next attempt waits this long (a full disk is not fixed in a millisecond). */
const DELIVERY_RETRY_MS = 30_000;

/**
 * The composition root: builds the services from the options and settings, wires each collaborator to the narrow port
 * it declares, starts and stops them, and reconfigures what a settings change touched. It holds no behaviour of its
 * own beyond that wiring. Runs under plain Node (serve) and inside Electron's main process alike.
 */
export class Engine implements EngineHost {
  readonly handlers: ApiHandlers;
  readonly logger: Logger;
  private readonly clock: Clock;
  private readonly redactor = new Redactor();
  private readonly logs: LogLine[] = [];
  private readonly bus = new PushBus();
  private readonly db: Db;
  private readonly feed: FeedStore;
  private readonly outbox: OutboxStore;
  private readonly cursors: CursorStore;
  private readonly failures: FailedDeliveries;
  private readonly channels: ChannelChecks;
  private readonly settings: SettingsService;
  /** Also says which stored secrets could not be opened (they count as not set; the status names them). */
  private readonly settingsRepo: SettingsRepository;
  private readonly routes: NetworkRoutes;
  private readonly statusPublisher: StatusPublisher;
  private readonly health: EngineHealth;
  private readonly slack: SlackConnection;
  private readonly socket: SocketService;
  private readonly forges: ForgeAccounts;
  private readonly patterns: PatternMembership;
  private readonly delivery: DeliveryService;
  private readonly reactions: ReactionLane;
  private readonly queue: DeliveryQueue;
  private readonly pause: PauseControl;
  private readonly pairing: Pairing;
  private readonly deviceFlows: DeviceFlows;
  private readonly peopleStore: PeopleStore;
  private readonly readAccess: ReadAccess;
  private readonly loginCheck: LoginCheck;
  private readonly quietRelease: QuietRelease;
  private readonly inbox: InboxService;
  private readonly signin: SigninService;
  private readonly reviewQueue: ReviewQueue;
  private readonly todo: TodoService;
  private readonly digests: DigestService;
  /** What waits for the owner in the review queue (the tray's and the feed's "For you" count), once known. */
  private ownerQueue: { slack: string; count: number } | null = null;
  private directory: { settings: unknown; people: PeopleDirectory } | null = null;
  private forYouMark = 0;
  private readonly retention: RetentionService;
  private readonly version: string;
  private readonly mode: 'desktop' | 'serve';
  private started = false;
  private readMark = 0;

  constructor(options: EngineOptions) {
    this.clock = options.clock ?? systemClock;
    this.version = options.version ?? '0.1.0';
    this.mode = options.mode;
    for (const secret of options.secrets ?? []) this.redactor.add(secret);
    this.logger =
      options.logger ??
      createLogger((line) => {
        this.logs.push(line);
        if (this.logs.length > LOG_RING) this.logs.shift();
        options.logSink?.(line);
        this.bus.push('log', { time: line.time, level: line.level, message: line.message });
      }, this.redactor);
    const { clock, logger } = this;
    this.routes = new NetworkRoutes(() => this.settings.current(), options.createDispatcher);
    this.statusPublisher = new StatusPublisher({
      clock,
      pusher: this.bus,
      build: () => this.status(),
      available: () => this.db.open,
    });
    const status = this.statusPublisher;
    this.health = new EngineHealth(options.dataDir, logger, () => status.now());
    this.settingsRepo = new SettingsRepository(options.store, options.cipher);
    this.settings = new SettingsService({
      repo: this.settingsRepo,
      redact: (secret) => this.redactor.add(secret),
      health: this.health,
      onChanged: (update) => this.applySettings(update),
    });

    for (const secret of this.settingsRepo.unreadable())
      logger.warn(`${secret.message} Forgebell runs without it; the status names it too.`);

    this.db = (options.openDatabase ?? openDatabase)(options.dataDir);
    this.feed = new FeedStore(this.db, () => clock.now());
    this.outbox = new OutboxStore(this.db);
    this.cursors = new CursorStore(this.db);
    this.peopleStore = new PeopleStore(this.db);
    const queueStore = new QueueStore(this.db);
    this.reviewQueue = new ReviewQueue({
      store: queueStore,
      adapter: (id) => this.forges.adapter(id),
      now: () => clock.now(),
      logger,
      onRepoGone: (account, repo, message) => this.repoGone(account, repo, message),
    });
    this.todo = new TodoService({
      settings: () => this.settings.current(),
      people: () => this.people(),
      queue: this.reviewQueue,
      webUrl: (id) => this.forges.adapter(id)?.webUrl ?? null,
      now: () => clock.now(),
      reposOf: (sub) => this.followedRepos(sub),
    });
    this.readAccess = new ReadAccess(clock, logger);
    this.loginCheck = new LoginCheck(clock);
    this.readMark = this.feed.maxId();
    this.forYouMark = this.readMark;

    this.slack = new SlackConnection({
      settings: () => this.settings.current(),
      dispatcher: (url) => this.routes.dispatcher(url),
      logger,
      onChange: () => status.now(),
      onTransport: () => this.delivery.wake(),
      onVerified: (scopes) => this.slackVerified(scopes),
    });
    this.channels = new ChannelChecks({
      check: (names) => this.slack.checkChannels(names),
      onChange: () => this.bus.push('subscriptions', this.subscriptionList()),
    });
    this.reactions = new ReactionLane({ api: () => this.slack.reactions(), clock, logger });
    this.delivery = new DeliveryService({
      onThreadEvent: (parent, event) => this.reactions.follow(parent, event),
      db: this.db,
      outbox: this.outbox,
      // Every outcome is recorded on its feed destination, and tells what it proves about its channel.
      feed: {
        updateByOutbox: (outboxId, patch) => {
          const feedId = this.feed.updateByOutbox(outboxId, patch);
          this.deliveryOutcome(outboxId, patch);
          return feedId;
        },
      },
      threads: new ThreadStore(this.db, () => clock.now()),
      clock,
      logger,
      formatter: createMessageFormatter(
        () => this.people(),
        () => Boolean(this.settings.current().slack.appToken),
      ),
      transport: () => this.slack.transport(),
      onFeedChanged: (id) => this.pushFeed(id),
      // A channel's error marks the subscriptions that use it (deliveryOutcome), not Slack as a whole.
      onProblem: (err) => {
        if (!err || !CHANNEL_ERROR_CODES.includes(err.code)) this.slack.setDeliveryProblem(err);
      },
      onDmProblem: (user, err) => this.dmProblem(user, err),
      onStorageError: (error) => this.health.report('delivery', error),
      onStorageOk: () => this.health.clear('delivery'),
      storageRetryMs: DELIVERY_RETRY_MS,
    });
    this.retention = new RetentionService({
      db: this.db,
      clock,
      logger,
      retentionDays: () => this.settings.current().retentionDays,
      forges: () => this.settings.current().accounts.map((a) => a.forge),
    });
    this.queue = new DeliveryQueue({
      db: this.db,
      feed: this.feed,
      outbox: this.outbox,
      pushFeed: (id) => this.pushFeed(id),
      wakeDelivery: () => this.delivery.wake(),
    });
    this.failures = new FailedDeliveries({ store: new FailedStore(this.db), queue: this.queue, clock, logger });
    this.pause = new PauseControl({
      clock,
      logger,
      queue: this.queue,
      onChange: () => status.now(),
      onError: (error) => this.health.report('pause', error),
    });
    const branches = new BranchKnowledge(clock, logger);
    this.patterns = new PatternMembership({
      store: new PatternStore(this.db),
      renames: this.cursors,
      queue: this.queue,
      settings: () => this.settings.current(),
      clock,
      logger,
      learnDefaultBranch: (account, repo, defaultBranch) => branches.learn(account, repo, defaultBranch),
    });
    this.forges = new ForgeAccounts({
      settings: () => this.settings.current(),
      clock,
      logger,
      dispatcher: (account) => this.routes.dispatcher(account.apiUrl, account.caFile),
      cursor: (account, repo) => this.cursors.get(account, repo)?.cursor ?? null,
      branches,
      patterns: this.patterns,
      ingest: (accountId, repo, result, subs, branches) => this.ingest(accountId, repo, result, subs, branches),
      // Read for people and for the review queue (digests): what keeps the queue current costs nothing while idle.
      personalEvents: (account) =>
        this.people().hasPeopleOn(account.id) ||
        this.settings.current().digests.length > 0 ||
        this.reviewQueue.follows(account.id)
          ? personalEvents(account.forge)
          : [],
      pipelinesPerson: (accountId, login) =>
        this.people().byLogin(accountId, login)?.notify.includes('my_pipelines_failed') ?? false,
      onChange: () => status.soon(),
    });
    this.digests = new DigestService({
      clock,
      logger,
      settings: () => this.settings.current(),
      people: () => this.people(),
      queue: this.reviewQueue,
      todo: this.todo,
      store: queueStore,
      delivery: this.queue,
      forgeOf: (id) => this.settings.current().accounts.find((a) => a.id === id)?.forge,
      webUrl: (id) => this.forges.adapter(id)?.webUrl ?? null,
      reposOf: (sub) => this.followedRepos(sub),
      onError: (error) => this.health.report('digests', error),
      onOk: () => this.health.clear('digests'),
      afterCheck: () => this.refreshOwnerQueue(),
    });
    this.quietRelease = new QuietRelease({
      clock,
      logger,
      queue: this.queue,
      people: () => this.people(),
      onReleased: (slack, count) => this.ownerReleased(slack, count),
      onError: (error) => this.health.report('quiet hours', error),
    });
    this.inbox = new InboxService({
      clock,
      logger,
      settings: this.settings,
      store: this.peopleStore,
      queue: this.queue,
      people: () => this.people(),
      paused: () => this.pause.active(),
      dispatcher: (account) => this.routes.dispatcher(account.apiUrl, account.caFile),
      onQueued: (queued) => this.ownerNotices(queued),
      onChange: () => status.soon(),
      follows: (accountId, repo) => this.forges.follows(accountId, repo),
    });
    this.signin = new SigninService({
      clock,
      logger,
      settings: this.settings,
      store: this.peopleStore,
      slackWeb: () => this.slack.slackWeb(),
      dispatcher: (account) => this.routes.dispatcher(account.apiUrl, account.caFile),
    });
    this.pairing = new Pairing({
      now: () => clock.now(),
      settings: this.settings,
      logger,
      onPaired: (userId) => this.bus.push('pairing.paired', { userId }),
    });
    const accountRoute = <T>(
      account: { apiUrl: string; caFile: string | null },
      work: (d: Dispatcher | undefined) => Promise<T>,
    ): Promise<T> => this.routes.borrow(account.apiUrl, account.caFile, work);
    this.deviceFlows = new DeviceFlows({
      host: {
        clock,
        logger,
        proxyFor: (url) => this.routes.proxyFor(url),
        dispatcher: (route) => this.routes.dispatcherOf(route),
        settings: this.settings,
      },
      verify: (input) => verifyAccount({ clock, logger, accountRoute }, { forge: 'github', ...input }),
    });

    const acting: ActingPort = {
      accountLogin: (id) => this.forges.login(id),
      personalToken: async (slack, accountId) => {
        try {
          return await this.inbox.accessToken(slack, accountId);
        } catch (error) {
          // A sign-in that cannot be renewed any more: forgotten, so the person is asked to sign in again.
          logger.warn('a personal sign-in could not be renewed; it is forgotten', { slack, account: accountId, error });
          await this.forgetPersonalToken(slack, accountId);
          return null;
        }
      },
      forgetToken: (slack, accountId) => this.forgetPersonalToken(slack, accountId),
      forgeActions: (account, token) => {
        let dispatcher: Dispatcher | undefined;
        try {
          dispatcher = this.routes.dispatcher(account.apiUrl, account.caFile);
        } catch {
          dispatcher = undefined;
        }
        return createForgeActions(account, token, { clock, ...(dispatcher ? { dispatcher } : {}) });
      },
      pollSoon: (accountId) => this.forges.pollAccount(accountId),
      seal: new ModalSeal(),
      inFlight: new Set<string>(),
    };

    // Every domain gets only its port; this object is where they are all implemented.
    const ports = {
      acting,
      settings: this.settings,
      clock,
      logger,
      queue: this.queue,
      adapter: (id: string) => this.forges.adapter(id),
      slackWeb: () => this.slack.slackWeb(),
      respond: this.slack.respond,
      pairing: this.pairing,
      deviceFlows: this.deviceFlows,
      signin: this.signin,
      todo: { forSlackUser: (slack: string) => this.todo.message(slack) },
      digests: this.digests,
      accountRoute,
      slackRoute: <T>(url: string, work: (d: Dispatcher | undefined) => Promise<T>): Promise<T> =>
        this.routes.borrow(url, null, work),
      listChannels: () => this.slack.listChannels(),
      subscriptionView: (s: StoredSubscription) => this.subscriptionView(s),
      primePattern: (s: StoredSubscription, listing: OwnerListing) => this.patterns.prime(s, listing),
      patternMembers: (id: string) => this.patterns.members(id),
      requestBudget: () =>
        requestBudgets(
          this.settings.current().accounts,
          (id) => this.forges.adapter(id),
          (id) => this.forges.ledger(id),
        ),
      slackReady: () => this.slack.transport() !== null,
      feedPage: (q: Parameters<FeedStore['page']>[0]) =>
        this.feed.page(q, q.forMe ? (this.settings.current().owner ?? '\u0000nobody') : undefined),
      destinationsOf: (feedId: number) => this.feed.destinationsOf(feedId),
      failures: this.failures,
      channelsSaved: (sub: StoredSubscription, before: StoredSubscription | null) => this.channelsSaved(sub, before),
      markRead: (forYou?: boolean) => this.markRead(forYou),
      inboxState: (slack: string, account: string) => this.inbox.state(slack, account),
      dmProblems: () => this.peopleStore.dmProblems(),
      clearDmProblem: (slack: string) => {
        if (this.peopleStore.setDmProblem(slack, null)) this.statusPublisher.soon();
      },
      loginProblem: (account: string, login: string) => this.loginCheck.problem(this.forges.adapter(account), login),
      tokenLogin: async (account: AccountFile, token: string) => {
        const dispatcher = this.routes.dispatcher(account.apiUrl, account.caFile);
        const adapter = createAdapter({ ...account, token }, { clock, logger, ...(dispatcher ? { dispatcher } : {}) });
        return (await adapter.whoami()).login;
      },
      status: () => this.status(),
      pollNow: () => this.pollNow(),
      pause: (until: string | null, mode: 'hold' | 'drop') => this.pause.pause(until, mode),
      resume: () => this.resume(),
      recentLogs: () => this.logs.map((l) => ({ time: l.time, level: l.level, message: l.message })),
      tryRoute: this.routes.borrowRoute.bind(this.routes),
      runDoctor: () =>
        runDoctor(this.settings.current(), {
          clock,
          logger,
          proxyFor: (u) => this.routes.proxyFor(u),
          dispatcher: (route) => this.routes.dispatcherOf(route),
          dmProblems: this.peopleStore.dmProblems(),
        }),
    };
    this.handlers = buildHandlers(ports);
    this.socket = new SocketService({
      slack: () => this.settings.current().slack,
      dispatcher: (url) => this.routes.dispatcher(url),
      logger,
      onState: (state, error) => this.slack.setSocketState(state, error),
      slashCommand: (payload) => runSlashCommand(ports, payload),
      interaction: (body) => handleInteraction(ports, body),
      linkShared: (event) => previewLinks(ports, event),
      respond: this.slack.respond,
    });
  }

  // ---- lifecycle -------------------------------------------------------------------------

  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    this.routes.moved();
    this.slack.configure();
    await this.socket.configure();
    this.patterns.subscriptionsChanged();
    this.forges.start();
    this.delivery.start();
    this.quietRelease.start();
    this.digests.start();
    this.inbox.configure();
    this.retention.start();
    this.routes.retainInUse();
    const s = this.settings.current();
    this.logger.info(`engine started (${s.accounts.length} accounts, ${s.subscriptions.length} subscriptions)`);
  }

  async stop(): Promise<void> {
    if (!this.started) {
      await this.routes.closeAll();
      this.closeDb();
      return;
    }
    this.started = false;
    this.pause.stop();
    this.statusPublisher.stop();
    this.deviceFlows.cancelAll();
    this.signin.cancelAll();
    this.quietRelease.stop();
    this.digests.stop();
    this.inbox.stop();
    await this.socket.stop();
    await this.forges.stop();
    this.reactions.stop();
    await this.delivery.stop();
    await this.retention.stop();
    await this.routes.closeAll();
    this.logger.info('engine stopped; queued deliveries stay in the outbox');
    this.closeDb();
  }

  pollNow(): void {
    this.forges.pollNow();
  }

  redact(text: string): string {
    return this.redactor.redact(text);
  }

  /** A person's token the forge refused: forgotten (they sign in again). */
  private async forgetPersonalToken(slack: string, accountId: string): Promise<void> {
    await this.settings.update((s) => ({
      ...s,
      people: s.people.map((p) => {
        if (p.slack !== slack || !(accountId in p.tokens)) return p;
        const { [accountId]: _gone, ...tokens } = p.tokens;
        return { ...p, tokens };
      }),
    }));
  }

  onPush(listener: PushListener): () => void {
    return this.bus.onPush(listener);
  }

  status(): Status {
    const settings = this.settings.current();
    return buildStatus({
      version: this.version,
      mode: this.mode,
      settings,
      slack: this.slack.runtimeState(),
      ...this.forges.statusInputs(),
      paused: this.pause.state(),
      outbox: this.outbox.counts(),
      failures: this.failures.groups(),
      unread: this.feed.countSince(this.readMark),
      problem: this.health.problem(),
      people: this.peopleStatus(settings),
      forYou: settings.owner
        ? this.ownerQueue?.slack === settings.owner
          ? this.ownerQueue.count
          : this.feed.countSince(this.forYouMark, settings.owner)
        : null,
      unreadableSecrets: this.settingsRepo.unreadable(),
    });
  }

  // ---- people -----------------------------------------------------------------------------

  /** Who is who, rebuilt when the settings change (read by formatting, ingest, the inbox and quiet hours). */
  private people(): PeopleDirectory {
    const settings = this.settings.current();
    if (this.directory?.settings !== settings)
      this.directory = { settings, people: new PeopleDirectory(settings.people) };
    return this.directory.people;
  }

  private peopleStatus(settings: ReturnType<SettingsService['current']>): Status['people'] {
    const problems = this.peopleStore.dmProblems();
    return {
      total: settings.people.length,
      signedIn: settings.people.filter((p) => Object.keys(p.tokens).length > 0).length,
      problems: settings.people.filter(
        (p) =>
          problems.has(p.slack) ||
          Object.keys(p.tokens).some((a) => this.inbox.state(p.slack, a)?.state === 'unavailable'),
      ).length,
    };
  }

  /** A DM Slack refused for good marks its person (People screen, status, doctor); one that got through clears it. */
  private dmProblem(user: string, err: { code: string; message: string; fix: string | null } | null): void {
    const changed = this.peopleStore.setDmProblem(
      user,
      err ? { code: err.code, message: `${err.message}${err.fix ? ` — ${err.fix}` : ''}`, at: this.clock.now() } : null,
    );
    if (changed) this.statusPublisher.soon();
  }

  /** The owner's personal notifications become desktop notifications (quiet hours already applied). */
  private ownerNotices(queued: readonly QueuedNotice[]): void {
    const owner = this.settings.current().owner;
    for (const q of queued) {
      if (q.notice.slack !== owner || q.held) continue;
      this.bus.push('personal.notice', {
        reason: q.notice.reason,
        title: REASON_SENTENCES[q.notice.reason],
        body: `${q.notice.repo}: ${q.notice.title}${q.notice.actor ? ` (${q.notice.actor})` : ''}`,
        url: q.notice.url || null,
        feedId: q.feedId,
      });
    }
    if (queued.some((q) => q.notice.slack === owner)) this.statusPublisher.soon();
  }

  private ownerReleased(slack: string, count: number): void {
    if (slack !== this.settings.current().owner) return;
    this.bus.push('personal.notice', {
      reason: 'mentioned',
      title: 'Quiet hours are over',
      body: `${count} thing${count === 1 ? '' : 's'} for you while notifications were quiet.`,
      url: null,
      feedId: null,
    });
  }

  // ---- settings changes ------------------------------------------------------------------

  /**
   * Reconfigures exactly what the change touched, then tells the UI. Besides the settings diff, a network route that
   * now resolves differently (proxy settings, or the environment they read in system mode) counts as a change.
   */
  private async applySettings({ diff, forgotten }: SettingsUpdate): Promise<void> {
    for (const f of forgotten)
      this.logger.warn(`${f.label} was forgotten: its API URL moved from ${f.from} to ${f.to}`);
    if (this.started) {
      const moved = this.routes.moved();
      if (diff.slackDelivery || moved.slack) this.slack.configure();
      if (diff.slackSocket || moved.slack) await this.socket.configure();
      const accounts = new Set([...diff.accounts, ...moved.accounts]);
      if (accounts.size > 0) this.forges.configure(accounts);
      if (diff.subscriptions) this.patterns.subscriptionsChanged();
      // A new or re-enabled subscription starts polling at once (reconfigured accounts poll at start anyway).
      if (diff.subscriptions) this.forges.pollNow();
      if (diff.people || diff.accounts.size > 0) this.inbox.configure();
      if (diff.people || diff.subscriptions) void this.refreshOwnerQueue();
      this.routes.retainInUse();
    }
    this.bus.push('subscriptions', this.subscriptionList());
    this.statusPublisher.now();
  }

  // ---- polls, pause, feed -----------------------------------------------------------------

  private async ingest(
    accountId: string,
    repo: string,
    result: PollResult,
    subs: StoredSubscription[],
    branches: BranchContext,
  ): Promise<void> {
    // Nothing new and the same poll position: nothing to record (no transaction, no disk flush for a quiet repository).
    if (result.events.length === 0 && this.cursors.unchanged(accountId, repo, result.cursor)) return;
    const slack = this.settings.current().slack;
    const people = this.people();
    const personal =
      people.people.length > 0
        ? {
            people,
            store: {
              // What the events bring confirms an inbox DM counted as covered on trust (InboxService).
              claimDmKey: (key: string, at: number, windowMs: number) => {
                this.inbox.eventsBrought(key);
                return this.peopleStore.claimDmKey(key, at, windowMs);
              },
            },
            mayRead: await this.mentionAccess(accountId, repo, result, people),
          }
        : undefined;
    let recorded: { feedIds: number[]; notices: QueuedNotice[] };
    try {
      recorded = ingestPoll(
        {
          queue: this.queue,
          cursors: this.cursors,
          now: () => this.clock.now(),
          paused: () => this.pause.active(),
          defaultChannel: slack.defaultChannel ?? (slack.botToken ? null : slack.webhookUrl ? '(webhook)' : null),
          buttons: Boolean(slack.appToken),
          reviewQueue: this.reviewQueue,
          ...(personal ? { personal } : {}),
        },
        accountId,
        repo,
        result,
        subs,
        branches,
      );
    } catch (error) {
      // Nothing was recorded (one transaction): the poll scheduler backs off and the same events come again.
      this.health.report('ingest', error);
      throw error;
    }
    this.health.clear('ingest');
    if (recorded.feedIds.length > 0) this.statusPublisher.soon();
    this.ownerNotices(recorded.notices);
  }

  /**
   * Before the ingest transaction: for the people a poll's events would tell about a mention, whether the forge says
   * they may read the repository (mention-DMs never show what someone could not see).
   */
  private async mentionAccess(
    accountId: string,
    repo: string,
    result: PollResult,
    people: PeopleDirectory,
  ): Promise<(login: string) => boolean> {
    const logins = new Set<string>();
    // The events themselves may say the repository is public (GitHub's feed `public`): then anyone may read it and
    // the forge need not be asked. Only when every mentioning event says so: one that does not (private, internal,
    // unknown) sends the question to the forge as before.
    let allPublic = true;
    for (const event of result.events)
      for (const notice of noticesFromEvent(event, people, () => true))
        if (notice.reason === 'mentioned') {
          logins.add(people.bySlack(notice.slack)?.accounts[accountId] ?? '');
          if (event.repoPublic !== true) allPublic = false;
        }
    logins.delete('');
    if (logins.size === 0) return () => false;
    if (allPublic) return () => true;
    return this.readAccess.prepare(this.forges.adapter(accountId), repo, logins);
  }

  /** The repositories a subscription follows now: its repo, or a pattern's current members (§6). */
  private followedRepos(sub: StoredSubscription): string[] {
    return isRepoPattern(sub.repo) ? followedBy(sub, this.patterns.members(sub.id)).map((m) => m.path) : [sub.repo];
  }

  /**
   * The owner's "For you" count from the review queue (docs/cli-and-config.md §5): reviews asked of them, their open
   * pull/merge requests and their issues. Refreshed after each digest check; an idle queue reads nothing.
   */
  private async refreshOwnerQueue(): Promise<void> {
    const owner = this.settings.current().owner;
    if (!owner) {
      this.ownerQueue = null;
      return;
    }
    try {
      const count = await this.todo.count(owner);
      const next = count === null ? null : { slack: owner, count };
      if (next?.count !== this.ownerQueue?.count || next?.slack !== this.ownerQueue?.slack) {
        this.ownerQueue = next;
        this.statusPublisher.soon();
      }
    } catch (error) {
      this.logger.warn(`could not count what waits for you: ${(error as Error).message}`);
    }
  }

  /** A repository the review queue could not read any more: a note in the feed (once per problem). */
  private repoGone(account: string, repo: string, message: string): void {
    const forge = this.settings.current().accounts.find((a) => a.id === account)?.forge ?? 'github';
    try {
      this.queue.write((w) => {
        const feedId = w.addEvent({
          eventId: `queue-gone:${account}:${repo}:${this.clock.now()}`,
          event: 'pulls',
          action: 'unavailable',
          forge,
          repo,
          actor: 'forgebell',
          summary: `Left out of digests and /forgebell todo: ${message}`,
          url: '',
          createdAt: new Date(this.clock.now()).toISOString(),
        });
        w.addDestination(feedId, {
          kind: 'channel',
          target: null,
          subscriptionId: null,
          fate: 'notice',
          reason: 'the repository could not be read (it may have been deleted, renamed or made private)',
        });
      });
    } catch (error) {
      this.logger.warn(`could not note ${account}:${repo} in the feed: ${(error as Error).message}`);
    }
  }

  private resume(): void {
    try {
      this.pause.resume();
      this.health.clear('pause');
    } catch (error) {
      this.health.report('pause', error);
      throw error;
    }
  }

  private markRead(forYou = false): void {
    if (forYou) this.forYouMark = this.feed.maxId();
    else this.readMark = this.feed.maxId();
    this.statusPublisher.now();
  }

  private pushFeed(id: number): void {
    const item = this.feed.get(id);
    if (item) this.bus.push('feed.item', item);
    // What waits and what failed changed with it (coalesced).
    this.statusPublisher.soon();
  }

  /** What a delivery's outcome proves about its channel: it works (delivered), or it is broken (a channel error). */
  private deliveryOutcome(outboxId: number, patch: DestinationPatch): void {
    if (patch.fate !== 'delivered' && patch.fate !== 'failed') return;
    const row = this.outbox.get(outboxId);
    if (!row || row.channel.startsWith('(')) return;
    if (patch.fate === 'delivered') this.channels.delivered(row.channel);
    else if (patch.errorCode && CHANNEL_ERROR_CODES.includes(patch.errorCode))
      this.channels.failed(row.channel, patch.reason ?? 'Slack refused the channel.', patch.fix ?? null);
  }

  /**
   * The bot token works (auth.test passed): deliveries that failed because of the token (or a scope now granted) go
   * out again on their own, and the channels of the subscriptions are checked.
   */
  private slackVerified(scopes: readonly string[] | null): void {
    try {
      this.failures.resendFixed((f) => {
        if (!f.code || !BOT_TOKEN_ERROR_CODES.includes(f.code)) return false;
        if (f.code !== 'missing_scope' || !scopes) return true;
        const needed = /needs ([\w:.]+)/.exec(f.error ?? '')?.[1];
        return needed === undefined || scopes.includes(needed);
      }, 'the Slack bot token works now');
    } catch (error) {
      this.logger.warn('could not send the deliveries that failed on the token again', { error });
    }
    const s = this.settings.current();
    void this.channels.check(s.subscriptions.flatMap((sub) => channelsOf(sub, s))).catch((error: unknown) => {
      this.logger.info('could not check the subscriptions’ channels', { error });
    });
  }

  /**
   * A subscription was saved: its channels are checked (answered within a few seconds, or later by a push), and its
   * deliveries that failed because of a channel it no longer uses go to the channel it uses now.
   */
  private async channelsSaved(sub: StoredSubscription, before: StoredSubscription | null): Promise<void> {
    const s = this.settings.current();
    if (
      before &&
      (before.channel !== sub.channel || JSON.stringify(before.channels) !== JSON.stringify(sub.channels))
    ) {
      const defaultChannel = s.slack.defaultChannel;
      this.failures.readdress(sub.id, CHANNEL_ERROR_CODES, (event) =>
        channelFor({ event: event ?? sub.events[0] ?? 'issues' }, sub, defaultChannel),
      );
    }
    const checked = this.channels.check(channelsOf(sub, s)).catch((error: unknown) => {
      this.logger.info(`could not check the channels of ${sub.repo}`, { error });
    });
    await Promise.race([checked, new Promise((resolve) => this.clock.setTimeout(() => resolve(undefined), 5000))]);
  }

  private subscriptionList(): Subscription[] {
    return this.settings.current().subscriptions.map((s) => this.subscriptionView(s));
  }

  private subscriptionView(s: StoredSubscription): Subscription {
    return subscriptionView(s, {
      settings: this.settings.current(),
      channelProblem: (channel) => this.channels.problem(channel),
      pollState: (id) => this.forges.pollState(id),
      lastEventAt: (id) => this.feed.lastEventAt(id),
      patterns: this.patterns,
    });
  }

  private closeDb(): void {
    if (this.db.open) this.db.close();
  }
}
