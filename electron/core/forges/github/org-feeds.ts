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
/**
 * While an organisation feed is being checked, at most this many of its repositories read their own feed each cycle
 * (the ones the organisation feed shows activity for first, then in turn); the others take their entries from the
 * organisation feed already. A large organisation is thus never read repository by repository (1,000 requests a
 * cycle would break GitHub's secondary limit), and a disagreement still sends every repository back to its own feed,
 * which pages back to its last known event: what the organisation feed left out is delivered late, not lost.
 */
export const CHECK_SAMPLE = 10;
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
  /** Organisations whose feed showed a repository created, made public, or one Forgebell does not follow yet. */
  private readonly hints = new Set<string>();
  /** Repository names already reported as not followed (an excluded repository is reported once, not every cycle). */
  private readonly hinted = new Set<string>();

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

  /** Organisations whose repository listing is due now (see `hints`); each is reported once. */
  takeHints(): string[] {
    const taken = [...this.hints];
    this.hints.clear();
    return taken;
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
    const followed = new Set(members.map((m) => m.repo.toLowerCase()));
    for (const entry of read.entries) {
      if (known.has(entry.id) || Date.parse(entry.created_at) < sinceMs) continue;
      const created =
        entry.type === 'CreateEvent' && (entry.payload as { ref_type?: unknown }).ref_type === 'repository';
      const name = entry.repo?.name?.toLowerCase();
      const stranger = name !== undefined && !followed.has(name) && !this.hinted.has(name);
      if (name !== undefined && stranger) {
        this.hinted.add(name);
        if (this.hinted.size > REMEMBERED) this.hinted.delete(this.hinted.values().next().value as string);
      }
      if (created || entry.type === 'PublicEvent' || stranger) this.hints.add(org);
    }
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
    // The organisation feed did not reach known ground (it overflowed, or answered with less than it had): the
    // repositories read their own feeds this cycle.
    if (!read.notModified && !read.reachedKnown) return plan;
    const ownFeed = new Set<string>();
    if (state.mode !== 'trusted') {
      // Checking: every repository reads its own feed in a small organisation; in a large one, a sample does.
      if (members.length <= CHECK_SAMPLE) return plan;
      for (const key of this.checkSample(state, members, read.entries)) ownFeed.add(key);
    } else if (readAt - state.lastSpotAt >= SPOT_CHECK_MS) {
      plan.spot = (members[state.spotIndex++ % members.length] as PollRequest).repo.toLowerCase();
      state.lastSpotAt = readAt;
      ownFeed.add(plan.spot);
    }
    // Entries by repository: by the forge's id where the subscription knows it (a renamed repository's entries carry
    // its new name before the next listing says so), else by name.
    const byKey = new Map<string, FeedEntry[]>();
    const idToKey = new Map(members.flatMap((m) => (m.repoId ? [[m.repoId, m.repo.toLowerCase()] as const] : [])));
    for (const entry of read.entries) {
      const key =
        (entry.repo?.id != null ? idToKey.get(String(entry.repo.id)) : undefined) ?? entry.repo?.name?.toLowerCase();
      if (key) byKey.set(key, [...(byKey.get(key) ?? []), entry]);
    }
    for (const request of members) {
      const key = request.repo.toLowerCase();
      if (ownFeed.has(key)) continue;
      const cursor = readCursor(request.cursor, this.logger, request.repo);
      const mine = byKey.get(key) ?? [];
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

  /** The repositories that read their own feed this checking cycle: active ones first, then the others in turn. */
  private checkSample(state: OrgState, members: readonly PollRequest[], entries: readonly FeedEntry[]): string[] {
    const keys = members.map((m) => m.repo.toLowerCase());
    const active = [...new Set(entries.map((e) => e.repo?.name?.toLowerCase() ?? ''))].filter((k) => keys.includes(k));
    const sample = active.slice(0, CHECK_SAMPLE / 2);
    while (sample.length < CHECK_SAMPLE) {
      const key = keys[state.spotIndex++ % keys.length] as string;
      if (!sample.includes(key)) sample.push(key);
    }
    return sample;
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
