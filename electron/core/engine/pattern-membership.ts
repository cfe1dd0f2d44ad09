import type { FeedItem } from '../../contract/schemas.js';
import {
  describeRepoPattern,
  isExcluded,
  parseRepoPattern,
  patternCovers,
  type RepoPattern,
} from '../../contract/vocabulary/repo-pattern.js';
import type { ForgeAdapter, OwnerListing, OwnerRepo } from '../forges/forge-adapter.js';
import { ForgeError } from '../forges/forge-error.js';
import { webUrlOf } from '../forges/repo-reference.js';
import type { Clock } from '../runtime/clock.js';
import type { Logger } from '../runtime/logger.js';
import type { Settings, StoredSubscription } from '../settings/settings-model.js';
import type { NewFeedEvent } from '../state/feed-store.js';
import type { PatternListing, PatternMember, PatternStore } from '../state/pattern-store.js';
import type { DeliveryQueuePort, QueueWriter } from './delivery-queue.js';
import { subscriptionSince } from './ingest.js';

/** A new repository is picked up within ten poll intervals, and never later than this (docs/cli-and-config.md §6). */
export const MAX_PICKUP_MS = 10 * 60_000;

/** Moves what the engine keeps per repository path (poll cursor, pipeline states, threads) when a repository is renamed. */
export interface RepoRenames {
  moveRepo(account: string, from: string, to: string): void;
}

export interface PatternMembershipDeps {
  store: PatternStore;
  renames: RepoRenames;
  queue: DeliveryQueuePort;
  settings: () => Settings;
  clock: Clock;
  logger: Logger;
  /** A default branch learned from a listing (saves a lookup per repository). */
  learnDefaultBranch: (accountId: string, repo: string, defaultBranch: string | null) => void;
}

/** What the rest of the engine reads: the repositories a pattern subscription follows now. */
export interface PatternMembers {
  members(subscriptionId: string): readonly PatternMember[];
}

type Change =
  | { kind: 'picked_up'; repo: OwnerRepo }
  | { kind: 'renamed'; repo: OwnerRepo; from: string }
  | { kind: 'dropped'; member: PatternMember; why: string };

/**
 * Pattern subscriptions (`owner/*`, `group/**`): lists each pattern's owner on the forge when it is due (at least every
 * ten poll intervals and never more than 10 minutes apart, sooner when a feed hinted at a new repository or the
 * subscription changed), and turns the difference into membership changes, in one transaction each:
 *  - a repository that appeared (created, transferred in, unarchived, no longer excluded) is picked up: it posts its
 *    activity from that instant on, never its history;
 *  - one whose path changed (same forge id) is renamed: followed as before, its poll position moved with it;
 *  - one that disappeared, was archived or is now excluded is dropped.
 * Each change is one line in the feed. The first listing of a subscription takes what it finds as of the
 * subscription's own start, without a line per repository.
 */
export class PatternMembership implements PatternMembers {
  private readonly cache = new Map<string, PatternMember[]>();
  /** Subscriptions whose listing is due at the next cycle (created, edited, hinted). */
  private readonly due = new Set<string>();
  /** Last failed listing per subscription: retried after a few cycles, not every one. */
  private readonly failedAt = new Map<string, number>();
  /** Start of the previous cycle per account: how far apart cycles really are (a long cycle delays the next). */
  private readonly lastCycle = new Map<string, number>();

  constructor(private readonly deps: PatternMembershipDeps) {
    for (const member of deps.store.allMembers()) this.cached(member.subscriptionId).push(member);
  }

  members(subscriptionId: string): readonly PatternMember[] {
    return this.cache.get(subscriptionId) ?? [];
  }

  listing(subscriptionId: string): PatternListing | null {
    return this.deps.store.listing(subscriptionId);
  }

  /** The subscriptions changed: drop what belongs to removed ones, and list the patterns again at the next cycle. */
  subscriptionsChanged(): void {
    const patterns = this.deps.settings().subscriptions.filter((s) => parseRepoPattern(s.repo) !== null);
    const ids = new Set(patterns.map((s) => s.id));
    this.deps.queue.write(() => this.deps.store.forgetExcept(ids));
    for (const id of [...this.cache.keys()]) if (!ids.has(id)) this.cache.delete(id);
    for (const sub of patterns) this.due.add(sub.id);
  }

  /**
   * Takes a listing made when the subscription was created (the app or Slack checked the pattern with it): its
   * repositories are members from the subscription's start.
   */
  prime(sub: StoredSubscription, listing: OwnerListing): void {
    const pattern = parseRepoPattern(sub.repo);
    if (!pattern) return;
    this.apply(sub, pattern, listing, this.deps.clock.now());
    this.due.delete(sub.id);
  }

  /**
   * Called by an account's poll loop before each cycle: lists the owners whose listing is due and applies what changed.
   * `intervalMs`: the account's poll interval. A failed listing keeps the members as they are.
   */
  async refresh(accountId: string, adapter: ForgeAdapter, intervalMs: number): Promise<void> {
    const now = this.deps.clock.now();
    const previous = this.lastCycle.get(accountId);
    this.lastCycle.set(accountId, now);
    if (!adapter.listOwnerRepos) return;
    const gap = Math.max(intervalMs, previous === undefined ? intervalMs : now - previous);
    const period = Math.min(10 * intervalMs, MAX_PICKUP_MS);
    const hinted = new Set((adapter.takeOwnerHints?.() ?? []).map((o) => o.toLowerCase()));
    const listed = new Map<string, Promise<OwnerListing>>();
    for (const sub of this.deps.settings().subscriptions) {
      if (sub.account !== accountId || !sub.enabled) continue;
      const pattern = parseRepoPattern(sub.repo);
      if (!pattern) continue;
      const listing = this.deps.store.listing(sub.id);
      const failed = this.failedAt.get(sub.id);
      const owner = pattern.owner.toLowerCase();
      // Due when waiting for the next cycle would let the listing get older than the period.
      const due =
        this.due.has(sub.id) ||
        hinted.has(owner) ||
        hinted.has(owner.split('/')[0] as string) ||
        listing === null ||
        now + gap > listing.listedAt + period;
      if (!due || (failed !== undefined && now - failed < Math.min(period, 5 * intervalMs))) continue;
      const key = `${owner}\u0000${pattern.subgroups}`;
      let pending = listed.get(key);
      if (!pending) {
        pending = adapter.listOwnerRepos(pattern.owner, { subgroups: pattern.subgroups });
        listed.set(key, pending);
      }
      try {
        const result = await pending;
        this.apply(sub, pattern, result, now);
        this.due.delete(sub.id);
        this.failedAt.delete(sub.id);
      } catch (error) {
        if (error instanceof ForgeError && error.code === 'rate_limited') return;
        this.failedAt.set(sub.id, now);
        const message = error instanceof Error ? error.message : String(error);
        this.deps.logger.warn(
          `listing ${sub.repo} for account ${accountId} failed; its repositories stay as they were`,
          {
            message,
          },
        );
        this.deps.queue.write(() =>
          this.deps.store.setListing(sub.id, { listedAt: listing?.listedAt ?? 0, warning: message }),
        );
      }
    }
  }

  private apply(sub: StoredSubscription, pattern: RepoPattern, listing: OwnerListing, now: number): void {
    const first = this.deps.store.listing(sub.id) === null || this.deps.store.listing(sub.id)?.listedAt === 0;
    const excludes = sub.excludeRepos ?? [];
    const wanted = new Map<string, OwnerRepo>();
    let archived = 0;
    for (const repo of listing.repos) {
      if (!patternCovers(pattern, repo.path)) continue;
      if (repo.archived) archived++;
      else if (!isExcluded(excludes, repo.path)) wanted.set(repo.id, repo);
    }
    const byId = new Map(listing.repos.map((r) => [r.id, r]));
    const current = this.cached(sub.id);
    const changes: Change[] = [];
    for (const member of current) {
      const repo = wanted.get(member.repoId);
      if (repo && repo.path !== member.path) changes.push({ kind: 'renamed', repo, from: member.path });
      if (repo) continue;
      const listed = byId.get(member.repoId);
      const why = !listed
        ? `no longer in ${pattern.owner} (deleted, moved elsewhere, or the token lost access)`
        : listed.archived
          ? 'archived'
          : isExcluded(excludes, listed.path)
            ? 'left out by excludeRepos'
            : `moved out of ${pattern.owner}`;
      changes.push({ kind: 'dropped', member, why });
    }
    const known = new Set(current.map((m) => m.repoId));
    for (const repo of wanted.values()) if (!known.has(repo.id)) changes.push({ kind: 'picked_up', repo });

    const pickedUpAt = first ? subscriptionSince(sub) : now;
    const account = this.deps.settings().accounts.find((a) => a.id === sub.account);
    const webUrl = account ? webUrlOf(account.apiUrl) : '';
    const described = describeRepoPattern(pattern, account?.forge ?? null);
    const warning =
      wanted.size === 0
        ? `${sub.repo} matches no repository${archived > 0 ? ` (${archived} archived ones are skipped)` : ''}${excludes.length > 0 ? ' that excludeRepos leaves in' : ''} yet; new ones are picked up as they appear.`
        : listing.warning;
    this.deps.queue.write((w) => {
      for (const change of changes) {
        if (change.kind === 'picked_up') {
          this.deps.store.add({ subscriptionId: sub.id, repoId: change.repo.id, path: change.repo.path, pickedUpAt });
        } else if (change.kind === 'renamed') {
          this.deps.store.rename(sub.id, change.repo.id, change.repo.path);
          this.deps.renames.moveRepo(sub.account, change.from, change.repo.path);
        } else this.deps.store.drop(sub.id, change.member.repoId);
        if (first && change.kind === 'picked_up') continue;
        addNotice(w, sub, this.notice(sub, change, { webUrl, described, now, forge: account?.forge ?? 'github' }));
      }
      if (first && wanted.size > 0)
        addNotice(
          w,
          sub,
          this.notice(
            sub,
            { kind: 'picked_up', repo: { id: '*', path: sub.repo, archived: false, defaultBranch: null } },
            { webUrl, described, now, forge: account?.forge ?? 'github', count: wanted.size },
          ),
        );
      this.deps.store.setListing(sub.id, { listedAt: now, warning });
    });
    this.cache.set(sub.id, this.deps.store.members(sub.id));
    for (const repo of wanted.values()) this.deps.learnDefaultBranch(sub.account, repo.path, repo.defaultBranch);
    if (changes.length > 0)
      this.deps.logger.info(`${sub.account}:${sub.repo}: ${wanted.size} repositories followed`, {
        pickedUp: changes.filter((c) => c.kind === 'picked_up').length,
        renamed: changes.filter((c) => c.kind === 'renamed').length,
        dropped: changes.filter((c) => c.kind === 'dropped').length,
      });
  }

  private notice(
    sub: StoredSubscription,
    change: Change,
    ctx: { webUrl: string; described: string; now: number; forge: FeedItem['forge']; count?: number },
  ): NewFeedEvent {
    const path = change.kind === 'dropped' ? change.member.path : change.repo.path;
    const repoId = change.kind === 'dropped' ? change.member.repoId : change.repo.id;
    const summary =
      ctx.count !== undefined
        ? `${sub.repo} follows ${ctx.count} ${ctx.count === 1 ? 'repository' : 'repositories'} (${ctx.described})`
        : change.kind === 'picked_up'
          ? `${path} picked up by ${sub.repo}: its activity is posted from now on`
          : change.kind === 'renamed'
            ? `${change.from} was renamed to ${path}; still followed by ${sub.repo}`
            : `${path} dropped from ${sub.repo}: ${change.why}`;
    return {
      eventId: `pattern|${sub.id}|${repoId}|${change.kind}|${ctx.now}`,
      event: 'repository',
      action: change.kind,
      forge: ctx.forge,
      repo: path,
      actor: '',
      summary,
      url: ctx.webUrl ? `${ctx.webUrl}/${ctx.count !== undefined ? sub.repo.replace(/\/\*\*?$/, '') : path}` : '',
      createdAt: new Date(ctx.now).toISOString(),
    };
  }

  private cached(subscriptionId: string): PatternMember[] {
    let list = this.cache.get(subscriptionId);
    if (!list) {
      list = [];
      this.cache.set(subscriptionId, list);
    }
    return list;
  }
}

/** A feed row about a subscription itself: one `notice` destination naming it, never sent. */
function addNotice(w: QueueWriter, sub: StoredSubscription, event: NewFeedEvent): void {
  const id = w.addEvent(event);
  w.addDestination(id, { kind: 'channel', target: null, subscriptionId: sub.id, fate: 'notice' });
}

/** The patterns' members as the poll targets of an account see them (excluded ones left out at once). */
export function followedBy(sub: StoredSubscription, members: readonly PatternMember[]): PatternMember[] {
  const excludes = sub.excludeRepos ?? [];
  return excludes.length === 0 ? [...members] : members.filter((m) => !isExcluded(excludes, m.path));
}
