import type { Clock } from '../../runtime/clock.js';
import type { Logger } from '../../runtime/logger.js';
import { ForgeError } from '../forge-error.js';
import type { PollRequest } from '../forge-adapter.js';
import { FEED_CAP, feedPollOf, readFeedPages, type FeedPoll, type FeedRead } from './events-poll.js';
import type { FeedEntry } from './feed-entry.js';
import type { GitHubClient, RequestCounter } from './client.js';
import { readCursor } from './cursor.js';

/** Below this many subscribed repositories of one owner, per-repository feeds are as cheap. */
export const ORG_FEED_MIN_REPOS = 3;
/** Agreeing entries needed before the organisation feed replaces the repositories' own feeds. */
const TRUST_AFTER = 3;
/** While trusted, one repository of the organisation is read from its own feed this often, as a spot check. */
const SPOT_CHECK_MS = 15 * 60_000;
/** After a disagreement (or a 404: not a member, a user account), the organisation feed is not used for this long. */
const OFF_MS = 24 * 3_600_000;
/** Entries this close to the organisation read may simply be newer than it (whole-second stamps, feed lag). */
const RACE_MS = 2_000;
const REMEMBERED = 2_000;

interface OrgState {
  mode: 'checking' | 'trusted' | 'off';
  offUntil: number;
  etag: string | null;
  /** Entry ids the organisation feed has shown (bounded), to stop paging. */
  seen: Set<string>;
  agreed: number;
  lastSpotAt: number;
  spotIndex: number;
  /** The last X-Poll-Interval of the organisation feed (a 304 need not repeat it). */
  pollInterval: number | null;
}

/** One cycle's use of an organisation feed: the read, and which repositories still read their own feed. */
export interface OrgCyclePlan {
  org: string;
  read: FeedRead;
  readAt: number;
  /** Repositories whose feed comes from the organisation feed this cycle (lower-case owner/name → FeedPoll). */
  supplied: Map<string, FeedPoll>;
  /** Whether the repositories read their own feeds this cycle to check the organisation feed against them. */
  checking: boolean;
  /** The repository read from its own feed as a spot check, if any. */
  spot: string | null;
}

/**
 * The authenticated member's organisation feed (`GET /users/{me}/events/orgs/{org}`) as the change detector for
 * organisations with several subscribed repositories: one (usually free, 304) request per organisation and cycle
 * instead of one per repository, and one request instead of one per changed repository when there is activity.
 *
 * It is trusted only after it proved to agree with the repositories' own feeds (read side by side, and spot-checked
 * afterwards); any disagreement, a 404 (not a member, a user account) or an error switches the organisation back to
 * per-repository feeds, which page back to their own last known event, so nothing is lost either way. When the
 * organisation feed's 300 events do not reach back to known ground, that cycle reads the repositories' feeds.
 */
export class OrgFeeds {
  private readonly orgs = new Map<string, OrgState>();
  private login: Promise<string | null> | null = null;

  constructor(
    private readonly client: GitHubClient,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly whoami: () => Promise<string>,
  ) {}

  /** For Diagnostics: which organisation feeds stand in for their repositories' feeds, or null when none is in play. */
  summary(): string | null {
    const now = this.clock.now();
    const inUse = [...this.orgs].filter(([, s]) => s.mode === 'trusted').map(([org]) => org);
    const checking = [...this.orgs].filter(([, s]) => s.mode === 'checking').map(([org]) => org);
    const off = [...this.orgs].filter(([, s]) => s.mode === 'off' && now < s.offUntil).map(([org]) => org);
    const parts = [
      inUse.length ? `organisation feed in use for ${inUse.join(', ')}` : null,
      checking.length ? `checking the organisation feed of ${checking.join(', ')}` : null,
      off.length ? `per-repository feeds for ${off.join(', ')}` : null,
    ].filter((p): p is string => p !== null);
    return parts.length > 0 ? parts.join('; ') : null;
  }

  /** Reads the organisation feeds for this cycle and says which repositories they cover. */
  async plan(requests: readonly PollRequest[], counter: RequestCounter): Promise<OrgCyclePlan[]> {
    const byOrg = new Map<string, PollRequest[]>();
    for (const request of requests) {
      const owner = request.repo.split('/')[0]?.toLowerCase();
      if (owner) byOrg.set(owner, [...(byOrg.get(owner) ?? []), request]);
    }
    const plans: OrgCyclePlan[] = [];
    for (const [org, members] of byOrg) {
      if (members.length < ORG_FEED_MIN_REPOS) continue;
      const state = this.stateOf(org);
      if (state.mode === 'off' && this.clock.now() < state.offUntil) continue;
      if (state.mode === 'off') Object.assign(state, { mode: 'checking', agreed: 0, etag: null });
      const plan = await this.planOrg(org, state, members, counter);
      if (plan) plans.push(plan);
    }
    return plans;
  }

  /**
   * After the cycle's scans: entries a repository's own feed showed that the organisation read should have had.
   * `recent` per repository: the entries its own feed returned this cycle (newest first).
   */
  verify(plan: OrgCyclePlan, recent: ReadonlyMap<string, readonly FeedEntry[]>): void {
    const state = this.stateOf(plan.org);
    const inOrg = new Set(plan.read.entries.map((e) => e.id));
    const orgOldest =
      plan.read.reachedKnown || plan.read.fetchedIds.length < FEED_CAP
        ? Number.NEGATIVE_INFINITY
        : Date.parse(plan.read.oldestAt ?? '');
    let agreed = 0;
    for (const [repo, entries] of recent) {
      for (const entry of entries) {
        const at = Date.parse(entry.created_at);
        if (at >= plan.readAt - RACE_MS || at < orgOldest) continue;
        if (inOrg.has(entry.id) || state.seen.has(entry.id)) {
          agreed++;
          continue;
        }
        this.switchOff(plan.org, state, `its feed lacks event ${entry.id} of ${repo}`);
        return;
      }
    }
    state.agreed += agreed;
    if (state.mode === 'checking' && state.agreed >= TRUST_AFTER) {
      state.mode = 'trusted';
      state.lastSpotAt = this.clock.now();
      this.logger.info(`github: using the organisation feed of ${plan.org} for its repositories`, {
        agreed: state.agreed,
      });
    }
  }

  private async planOrg(
    org: string,
    state: OrgState,
    members: PollRequest[],
    counter: RequestCounter,
  ): Promise<OrgCyclePlan | null> {
    const login = await this.currentLogin();
    if (!login) return null;
    const readAt = this.clock.now();
    const known = new Set(state.seen);
    for (const request of members)
      for (const id of readCursor(request.cursor, this.logger, request.repo)?.events.seen ?? []) known.add(id);
    const sinceMs = Math.min(...members.map((m) => m.since.getTime()));
    let read: FeedRead;
    try {
      read = await readFeedPages({
        client: this.client,
        path: `/users/${encodeURIComponent(login)}/events/orgs/${encodeURIComponent(org)}`,
        etag: state.etag,
        isKnown: (id) => known.has(id),
        sinceMs,
        counter,
        logger: this.logger,
        label: `organisation ${org}`,
        readAt,
      });
    } catch (error) {
      if (error instanceof ForgeError && (error.code === 'rate_limited' || error.code === 'unauthorized')) throw error;
      this.switchOff(org, state, error instanceof Error ? error.message : String(error));
      return null;
    }
    state.etag = read.etag;
    state.pollInterval = read.pollIntervalSeconds ?? state.pollInterval;
    for (const id of read.fetchedIds) state.seen.add(id);
    if (state.seen.size > REMEMBERED) state.seen = new Set([...state.seen].slice(-REMEMBERED));
    const plan: OrgCyclePlan = {
      org,
      read,
      readAt,
      supplied: new Map(),
      checking: state.mode !== 'trusted',
      spot: null,
    };
    // Not trusted yet, or the organisation's 300 events did not reach known ground: the repositories read their own feeds.
    if (state.mode !== 'trusted' || (!read.notModified && !read.reachedKnown)) return plan;
    if (readAt - state.lastSpotAt >= SPOT_CHECK_MS) {
      plan.spot = (members[state.spotIndex++ % members.length] as PollRequest).repo.toLowerCase();
      state.lastSpotAt = readAt;
    }
    for (const request of members) {
      const key = request.repo.toLowerCase();
      if (key === plan.spot) continue;
      const cursor = readCursor(request.cursor, this.logger, request.repo);
      const mine = read.entries.filter((e) => e.repo?.name?.toLowerCase() === key);
      // The repository's own ETag is kept: if it ever reads its own feed again, that read pages back to known ground.
      plan.supplied.set(
        key,
        feedPollOf(
          mine,
          mine.map((e) => e.id),
          cursor?.events ?? null,
          request.since,
          cursor?.events.etag ?? null,
          state.pollInterval,
          null,
        ),
      );
    }
    return plan;
  }

  private currentLogin(): Promise<string | null> {
    this.login ??= this.whoami().catch((error: unknown) => {
      this.logger.info('github: cannot tell who the token belongs to; organisation feeds are not used', { error });
      this.login = null;
      return null;
    });
    return this.login;
  }

  private stateOf(org: string): OrgState {
    let state = this.orgs.get(org);
    if (!state) {
      state = {
        mode: 'checking',
        offUntil: 0,
        etag: null,
        seen: new Set(),
        agreed: 0,
        lastSpotAt: 0,
        spotIndex: 0,
        pollInterval: null,
      };
      this.orgs.set(org, state);
    }
    return state;
  }

  private switchOff(org: string, state: OrgState, reason: string): void {
    if (state.mode !== 'off')
      this.logger.info(`github: not using the organisation feed of ${org} (${reason}); reading each repository's feed`);
    Object.assign(state, { mode: 'off', offUntil: this.clock.now() + OFF_MS, etag: null, agreed: 0 });
  }
}
