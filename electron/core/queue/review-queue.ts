import type { ForgeEvent } from '../events/forge-event.js';
import type { ForgeAdapter } from '../forges/forge-adapter.js';
import type { Logger } from '../runtime/logger.js';
import type { QueueStore } from '../state/queue-store.js';
import type { StoredSubscription } from '../settings/settings-model.js';
import type { QueueItem } from './queue-model.js';
import { QueueRateLimited, type QueueRequests } from './queue-source.js';

/**
 * The review queue (docs/cli-and-config.md §5): the open pull/merge requests and assigned open issues of the
 * repositories a digest or `/forgebell todo` asks about. Each repository is read in full once (cheaply, many per
 * request) and stored; afterwards only what an event marked dirty (ingest, in its transaction) is read again, and only
 * when the queue is asked — so an idle repository costs nothing, and a restart reads nothing again. A forge's rate
 * limit never yields an empty answer: the view says what could not be read and why.
 */

/** The repositories a subscription follows now: itself, or a pattern's current members (§6). */
export type ReposOf = (sub: StoredSubscription) => readonly string[];

export interface QueueScope {
  account: string;
  repos: readonly string[];
}

export interface QueueEntry {
  account: string;
  item: QueueItem;
}

export interface QueueView {
  entries: QueueEntry[];
  /** Repositories left out, and why (gone, no adapter, not supported): one sentence each. */
  notes: string[];
  /** Set when a forge's limit stopped a read: what is shown may be incomplete or not current. */
  limited: string | null;
  /** Repositories that could not be read at all yet (the view is incomplete for them). */
  unread: string[];
  requests: QueueRequests;
}

export interface ReviewQueueDeps {
  store: QueueStore;
  adapter: (account: string) => ForgeAdapter | undefined;
  now: () => number;
  logger: Logger;
  /** A repository that disappeared is left out with a note in the feed (called once per repository and problem). */
  onRepoGone?: (account: string, repo: string, message: string) => void;
}

/** A repository whose read failed is tried again after this long (it may be back). */
const PROBLEM_RETRY_MS = 60 * 60_000;

/** Event names whose events can change an item's place in the queue. */
const ITEM_EVENTS = new Set(['pulls', 'reviews', 'comments', 'issues']);

type DirtyRef = { kind: 'pull' | 'issue'; number: number };

/** Which items an event touches (its subject; for a pipeline, the open pull requests on its branch). */
export function dirtyRefs(events: readonly ForgeEvent[], pullsOnBranch: (branch: string) => number[]): DirtyRef[] {
  const refs = new Map<string, DirtyRef>();
  const add = (ref: DirtyRef) => refs.set(`${ref.kind}:${ref.number}`, ref);
  for (const event of events) {
    if (event.number !== null && ITEM_EVENTS.has(event.event)) {
      const pull = /^(pull|mr):/.test(event.subjectKey ?? '') || event.event === 'pulls' || event.event === 'reviews';
      add({ kind: pull ? 'pull' : 'issue', number: event.number });
    } else if (event.event === 'pipelines' && event.branch)
      for (const number of pullsOnBranch(event.branch)) add({ kind: 'pull', number });
  }
  return [...refs.values()];
}

/** Team membership changes rarely: read from the forge at most once an hour per team. */
const TEAM_TTL_MS = 60 * 60_000;

export class ReviewQueue {
  private readonly running = new Map<string, Promise<unknown>>();
  private readonly teams = new Map<string, { at: number; members: ReadonlySet<string> | null }>();

  constructor(private readonly deps: ReviewQueueDeps) {}

  /** Whether the queue holds repositories of this account (their events are then read to keep it current). */
  follows(account: string): boolean {
    return this.deps.store.hasRepos(account);
  }

  /** Inside the ingest transaction: marks the items these events touched (only for repositories already read). */
  markDirty(account: string, repo: string, events: readonly ForgeEvent[]): void {
    const { store } = this.deps;
    if (!store.repoState(account, repo)) return;
    store.markDirty(
      account,
      repo,
      dirtyRefs(events, (branch) => store.pullsOnBranch(account, repo, branch)),
    );
  }

  /** Brings the scopes up to date (full reads of new repositories, dirty items) and returns what is open. */
  async view(scopes: readonly QueueScope[]): Promise<QueueView> {
    const view: QueueView = {
      entries: [],
      notes: [],
      limited: null,
      unread: [],
      requests: { total: 0, billable: 0, points: 0 },
    };
    await Promise.all(scopes.map((scope) => this.serialised(scope.account, () => this.refresh(scope, view))));
    for (const scope of scopes) {
      for (const item of this.deps.store.items(scope.account, scope.repos))
        view.entries.push({ account: scope.account, item });
    }
    return view;
  }

  /**
   * Lower-case logins of a team asked for a review (`org/slug`), cached for an hour; null when the forge cannot say
   * (no such team, no right to list it, a forge without teams). A failure is not cached.
   */
  async teamMembers(account: string, team: string): Promise<ReadonlySet<string> | null> {
    const key = `${account}\u0000${team.toLowerCase()}`;
    const cached = this.teams.get(key);
    if (cached && this.deps.now() - cached.at < TEAM_TTL_MS) return cached.members;
    const source = this.deps.adapter(account)?.queue;
    if (!source?.teamMembers) return null;
    try {
      const members = await source.teamMembers(team, { total: 0, billable: 0, points: 0 });
      const set = members ? new Set(members.map((m) => m.toLowerCase())) : null;
      this.teams.set(key, { at: this.deps.now(), members: set });
      return set;
    } catch (error) {
      this.deps.logger.warn(`review queue: members of team ${team} on ${account}: ${(error as Error).message}`);
      return null;
    }
  }

  /** One refresh per account at a time: two digests asking together read each repository once. */
  private async serialised(account: string, work: () => Promise<void>): Promise<void> {
    const before = this.running.get(account) ?? Promise.resolve();
    const next = before.then(work, work);
    this.running.set(account, next);
    try {
      await next;
    } finally {
      if (this.running.get(account) === next) this.running.delete(account);
    }
  }

  private async refresh(scope: QueueScope, view: QueueView): Promise<void> {
    const { store, now, logger } = this.deps;
    const repos = [...new Map(scope.repos.map((r) => [r.toLowerCase(), r])).values()];
    const adapter = this.deps.adapter(scope.account);
    const source = adapter?.queue;
    if (!adapter || !source) {
      view.notes.push(
        adapter
          ? `${scope.account}: this forge cannot list its open pull/merge requests yet (${repos.length} repositories left out)`
          : `${scope.account}: the account is not connected (${repos.length} repositories left out)`,
      );
      return;
    }
    const toRead = repos.filter((repo) => {
      const state = store.repoState(scope.account, repo);
      return !state || (state.problem !== null && now() - state.readAt >= PROBLEM_RETRY_MS);
    });
    try {
      if (toRead.length > 0) {
        const results = await source.readRepos(toRead, view.requests);
        for (const result of results) {
          if (result.ok) store.replaceRepo(scope.account, result.repo, [...result.pulls, ...result.issues], now());
          else {
            const before = store.repoState(scope.account, result.repo);
            store.markProblem(scope.account, result.repo, result.message, now());
            if (before?.problem !== result.message) this.deps.onRepoGone?.(scope.account, result.repo, result.message);
          }
        }
      }
      const dirty = store.dirty(scope.account, repos);
      if (dirty.length > 0) {
        const reads = await source.readItems(dirty, view.requests);
        for (const read of reads) {
          if ('error' in read) logger.warn(`review queue: ${read.ref.repo}#${read.ref.number}: ${read.error}`);
          else store.resolveDirty(scope.account, read.ref.repo, read.ref.kind, read.ref.number, read.item);
        }
      }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (error instanceof QueueRateLimited) view.limited = `${scope.account}: ${message}`;
      else view.limited = `${scope.account}: could not read the forge now (${message})`;
      logger.warn(`review queue: ${view.limited}`);
    }
    for (const repo of repos) {
      const state = store.repoState(scope.account, repo);
      if (!state) view.unread.push(`${scope.account}:${repo}`);
      else if (state.problem) view.notes.push(`${scope.account}:${repo} left out: ${state.problem}`);
    }
  }
}
