import type { Dispatcher } from 'undici';
import type { BranchContext } from '../events/branch-match.js';
import type { EventName } from '../../contract/vocabulary/event-names.js';
import { createAdapter } from '../forges/adapter-factory.js';
import type { ForgeAdapter, PollResult, RepoCursor } from '../forges/forge-adapter.js';
import { type AccountPollState, PollScheduler, type RepoTarget } from '../forges/poll-scheduler.js';
import { RequestLedger } from '../http/request-ledger.js';
import type { Clock } from '../runtime/clock.js';
import type { Logger } from '../runtime/logger.js';
import type { AccountFile } from '../settings/config-schema.js';
import type { Settings, StoredSubscription } from '../settings/settings-model.js';
import { parseRepoPattern } from '../../contract/vocabulary/repo-pattern.js';
import type { BranchKnowledge } from './branch-knowledge.js';
import { subscriptionSince } from './ingest.js';
import { followedBy, type PatternMembers } from './pattern-membership.js';

/** What a poll hands to ingest: the repository's subscriptions and the branch facts its filters need. */
export type IngestFn = (
  accountId: string,
  repo: string,
  result: PollResult,
  subs: StoredSubscription[],
  branches: BranchContext,
) => Promise<void>;

export interface ForgeAccountsDeps {
  settings: () => Settings;
  clock: Clock;
  logger: Logger;
  /** The cached dispatcher for an account's route (throws when its CA file cannot be read). */
  dispatcher: (account: Pick<AccountFile, 'apiUrl' | 'caFile'>) => Dispatcher | undefined;
  cursor: (accountId: string, repo: string) => RepoCursor | null;
  branches: BranchKnowledge;
  /** Pattern subscriptions: who follows what, and the listing before each cycle. */
  patterns: PatternMembers & {
    refresh(accountId: string, adapter: ForgeAdapter, intervalMs: number): Promise<void>;
  };
  ingest: IngestFn;
  /** Events read besides what the subscriptions want, for the people on this account (personal-events.ts). */
  personalEvents?: (account: AccountFile) => readonly EventName[];
  /** Whether a login on an account is a person who wants to hear of their failed pipelines. */
  pipelinesPerson?: (accountId: string, login: string) => boolean;
  /** An account's state or login changed: push the status soon. */
  onChange: () => void;
}

/** The port of collaborators that act on a forge with an account's token (commands, buttons, previews, the app). */
export interface ForgeAccess {
  /** The adapter of a connected account (one with a working configuration), if any. */
  adapter(accountId: string): ForgeAdapter | undefined;
}

/**
 * The forge side of the engine: one adapter and one poll loop per account with a token, rebuilt only for the accounts
 * a settings change touched; what each loop polls (the enabled subscriptions' repositories, since when, which
 * events); each account's state and login for the status.
 */
export class ForgeAccounts implements ForgeAccess {
  private readonly adapters = new Map<string, ForgeAdapter>();
  private readonly schedulers = new Map<string, PollScheduler>();
  private readonly states = new Map<string, AccountPollState>();
  private readonly logins = new Map<string, string>();
  /** Each account's requests per minute over the last hour; kept when its adapter is rebuilt. */
  private readonly ledgers = new Map<string, RequestLedger>();
  private started = false;

  constructor(private readonly deps: ForgeAccountsDeps) {}

  adapter(accountId: string): ForgeAdapter | undefined {
    return this.adapters.get(accountId);
  }

  start(): void {
    this.started = true;
    this.configure(this.deps.settings().accounts.map((a) => a.id));
  }

  async stop(): Promise<void> {
    this.started = false;
    const stopping = [...this.schedulers.values()].map((s) => s.stop());
    this.schedulers.clear();
    await Promise.all(stopping);
  }

  /** Rebuilds the adapters and poll loops of these accounts (added, changed or removed). */
  configure(accountIds: Iterable<string>): void {
    const accounts = new Map(this.deps.settings().accounts.map((a) => [a.id, a]));
    for (const id of accountIds) {
      void this.schedulers.get(id)?.stop();
      this.schedulers.delete(id);
      this.adapters.delete(id);
      this.logins.delete(id);
      this.states.delete(id);
      const account = accounts.get(id);
      if (account?.token) this.connect(account);
    }
    this.deps.onChange();
  }

  pollNow(): void {
    for (const s of this.schedulers.values()) s.pollNow();
  }

  /** The account's requests per minute over the last hour (for Diagnostics' budget chart). */
  ledger(accountId: string): RequestLedger {
    let ledger = this.ledgers.get(accountId);
    if (!ledger) {
      ledger = new RequestLedger(this.deps.clock);
      this.ledgers.set(accountId, ledger);
    }
    return ledger;
  }

  /** Polls one account now (after an action from Slack, so its card follows the new state). */
  pollAccount(accountId: string): void {
    this.schedulers.get(accountId)?.pollNow();
  }

  /** The login of the account's configured token, once the forge said it. */
  login(accountId: string): string | null {
    return this.logins.get(accountId) ?? null;
  }

  pollState(accountId: string): AccountPollState | undefined {
    return this.states.get(accountId);
  }

  /** For the status: poll states, adapters (rate limits, reading summaries) and logins by account id. */
  statusInputs(): {
    accounts: ReadonlyMap<string, AccountPollState>;
    adapters: ReadonlyMap<string, ForgeAdapter>;
    logins: ReadonlyMap<string, string>;
  } {
    return { accounts: this.states, adapters: this.adapters, logins: this.logins };
  }

  private connect(account: AccountFile): void {
    let adapter: ForgeAdapter;
    try {
      const dispatcher = this.deps.dispatcher(account);
      adapter = createAdapter(account, {
        clock: this.deps.clock,
        logger: this.deps.logger,
        ledger: this.ledger(account.id),
        ...(dispatcher ? { dispatcher } : {}),
      });
    } catch (error) {
      this.states.set(account.id, {
        state: 'error',
        error: `Cannot set up account ${account.id}: ${(error as Error).message}`,
        lastPollAt: null,
      });
      return;
    }
    this.adapters.set(account.id, adapter);
    adapter.whoami().then(
      (me) => {
        if (this.adapters.get(account.id) !== adapter) return;
        this.logins.set(account.id, me.login);
        this.deps.onChange();
      },
      () => undefined,
    );
    const scheduler = new PollScheduler({
      adapter,
      clock: this.deps.clock,
      logger: this.deps.logger,
      intervalSeconds: () => this.deps.settings().pollIntervalSeconds,
      targets: () => this.targetsFor(account.id),
      beforeCycle: () =>
        this.deps.patterns.refresh(account.id, adapter, this.deps.settings().pollIntervalSeconds * 1000),
      cursor: (repo) => this.deps.cursor(account.id, repo),
      ingest: async (repo, result) => {
        const subs = this.repoSubscriptions(account.id, repo);
        const branches = await this.branchContext(account.id, repo, result, subs);
        await this.deps.ingest(account.id, repo, result, subs, branches);
      },
      onState: (state) => {
        if (this.schedulers.get(account.id) !== scheduler) return;
        this.states.set(account.id, state);
        this.deps.onChange();
      },
    });
    this.schedulers.set(account.id, scheduler);
    if (this.started) scheduler.start();
  }

  private targetsFor(accountId: string): RepoTarget[] {
    const account = this.deps.settings().accounts.find((a) => a.id === accountId);
    const forPeople = account ? (this.deps.personalEvents?.(account) ?? []) : [];
    const byRepo = new Map<
      string,
      { since: number; wanted: Set<EventName>; subsWant: Set<EventName>; repo: string; repoId?: string }
    >();
    const add = (repo: string, since: number, events: readonly EventName[], repoId?: string): void => {
      const key = repo.toLowerCase();
      const t = byRepo.get(key) ?? {
        since: Number.POSITIVE_INFINITY,
        wanted: new Set<EventName>(),
        subsWant: new Set<EventName>(),
        repo,
      };
      // Whole seconds: events stamped in a subscription's first second reach ingest, which tells them apart (isHistoryFor).
      t.since = Math.min(t.since, Math.floor(since / 1000) * 1000);
      for (const e of events) t.wanted.add(e);
      for (const e of events) t.subsWant.add(e);
      for (const e of forPeople) t.wanted.add(e);
      if (repoId) t.repoId = repoId;
      byRepo.set(key, t);
    };
    for (const sub of this.deps.settings().subscriptions) {
      if (sub.account !== accountId || !sub.enabled) continue;
      if (parseRepoPattern(sub.repo)) {
        for (const m of followedBy(sub, this.deps.patterns.members(sub.id)))
          add(m.path, Math.max(subscriptionSince(sub), m.pickedUpAt), sub.events, m.repoId);
      } else add(sub.repo, subscriptionSince(sub), sub.events);
    }
    const person = this.deps.pipelinesPerson;
    // Pipelines read only for people: the adapter reads runs where one of them pushed (see PollRequest.pipelinesFor).
    const pipelinesFor = person ? (login: string) => person(accountId, login) : undefined;
    return [...byRepo.values()].map((t) => ({
      repo: t.repo,
      ...(t.repoId ? { repoId: t.repoId } : {}),
      ...(pipelinesFor && t.wanted.has('pipelines') && !t.subsWant.has('pipelines') ? { pipelinesFor } : {}),
      since: new Date(t.since),
      wanted: t.wanted,
      branchWanted: (branch: string, known: { defaultBranch: string | null }) =>
        this.deps.branches.commitsWanted(
          this.adapters.get(accountId),
          t.repo,
          this.repoSubscriptions(accountId, t.repo),
          branch,
          known.defaultBranch,
        ),
    }));
  }

  /**
   * Whether the account's polls read a repository's events: an enabled subscription names it or a pattern follows it
   * (then review requests, assignments, mentions and reviews there reach people from its events).
   */
  follows(accountId: string, repo: string): boolean {
    return this.repoSubscriptions(accountId, repo).some((sub) => sub.enabled);
  }

  /**
   * The subscriptions that hear a repository: the ones naming it, and the patterns following it, each from its own
   * start (a pattern's member from the instant it was picked up: what happened before is its history).
   */
  private repoSubscriptions(accountId: string, repo: string): StoredSubscription[] {
    const key = repo.toLowerCase();
    const out: StoredSubscription[] = [];
    for (const sub of this.deps.settings().subscriptions) {
      if (sub.account !== accountId) continue;
      if (!parseRepoPattern(sub.repo)) {
        if (sub.repo.toLowerCase() === key) out.push(sub);
        continue;
      }
      const member = followedBy(sub, this.deps.patterns.members(sub.id)).find((m) => m.path.toLowerCase() === key);
      if (!member) continue;
      const start = Math.max(subscriptionSince(sub), member.pickedUpAt);
      out.push(start === subscriptionSince(sub) ? sub : { ...sub, since: new Date(start).toISOString() });
    }
    return out;
  }

  /** Branch presets need the forge's view of the branches, only when the poll brought branch-bound events. */
  private async branchContext(
    accountId: string,
    repo: string,
    result: PollResult,
    subs: StoredSubscription[],
  ): Promise<BranchContext> {
    const adapter = this.adapters.get(accountId);
    if (result.defaultBranch !== undefined && adapter) this.deps.branches.learn(accountId, repo, result.defaultBranch);
    const needs = result.events.some(
      (e) => (e.event === 'commits' || e.event === 'pipelines' || e.event === 'deployments') && e.branch !== null,
    );
    return needs ? this.deps.branches.context(adapter, repo, subs) : { defaultBranch: null, protectedBranches: [] };
  }
}
