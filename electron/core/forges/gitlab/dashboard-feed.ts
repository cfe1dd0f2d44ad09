import { z } from 'zod';
import type { Clock } from '../../runtime/clock.js';
import type { Logger } from '../../runtime/logger.js';
import type { PollRequest } from '../forge-adapter.js';
import type { GitLabClient, Meter } from './client.js';
import { readCursor } from './cursor.js';
import { utcDate } from './events-poll.js';
import { eventSchema, type GitLabEvent } from './schemas.js';
import { normaliseRepoPath } from './web-urls.js';

const DAY_MS = 86_400_000;
/** Pages stop this far before the previous read (out-of-order inserts, clock skew), as a project's own feed does. */
const OVERLAP_MS = 10 * 60_000;
const MAX_PAGES = 20;
/** The user's project memberships are listed again this often (new projects, new groups). */
const MEMBERSHIP_MS = 10 * 60_000;
/** Covered projects that read their own feed each cycle anyway, to check the dashboard leaves nothing out. */
const CHECK_SAMPLE = 2;
/** Events this close to the dashboard read may simply be newer than it. */
const RACE_MS = 5_000;
/** Below this many covered projects, each project's own feed is as cheap. */
export const DASHBOARD_FROM = 5;

const memberSchema = z.object({ id: z.number().int(), path_with_namespace: z.string() });

/** One cycle's use of the dashboard: the events per covered project, and which projects check it with their own feed. */
export interface DashboardPlan {
  /** Lower-case project path → every event of that project the read covered. */
  supplied: Map<string, GitLabEvent[]>;
  /** Lower-case paths of the projects reading their own feed this cycle as a check. */
  sample: Set<string>;
  readAt: number;
  /** Ids of every event the read returned (to tell a check's events apart). */
  ids: Set<number>;
  /** Oldest event time the read reached (ms): older events are outside what it could show. */
  reachedFrom: number;
}

/**
 * The user's dashboard feed (`GET /events?scope=all`: every event of the projects the token's user is a member of) as
 * the change detector for many projects: one or two requests a cycle instead of one per project (GitLab has no ETag,
 * every request counts). Projects the user is no member of (a public project of another group) are not in it: they
 * read their own feed, as does a small sample of covered ones each cycle to check the dashboard against them; a
 * project found missing from it reads its own feed from then on (paging back, so nothing is lost). A read that
 * cannot reach back to the previous one (more than 1,000 events in a cycle) supplies nothing: every project reads its
 * own feed that cycle.
 */
export class DashboardFeed {
  private members: { at: number; paths: Map<number, string> } | null = null;
  private readonly uncovered = new Set<string>();
  private lastReadAt: number | null = null;
  private sampleIndex = 0;

  constructor(
    private readonly client: GitLabClient,
    private readonly webUrl: string,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  /** For Diagnostics. */
  summary(): string | null {
    if (!this.members) return null;
    return `project events read from your dashboard feed (projects you are a member of)${this.uncovered.size ? `; ${this.uncovered.size} read on their own` : ''}`;
  }

  async plan(requests: readonly PollRequest[], meter: Meter): Promise<DashboardPlan | null> {
    const now = this.clock.now();
    if (!this.members || now - this.members.at >= MEMBERSHIP_MS) await this.listMembers(meter);
    const memberPaths = new Set([...(this.members?.paths.values() ?? [])].map((p) => p.toLowerCase()));
    const covered = requests.filter((r) => {
      const key = this.key(r.repo);
      return memberPaths.has(key) && !this.uncovered.has(key);
    });
    if (covered.length < DASHBOARD_FROM) return null;

    const starts = covered.map((r) => {
      const cursor = readCursor(r.cursor, this.logger, r.repo);
      return Math.max(r.since.getTime(), cursor.lastPollAt ? Date.parse(cursor.lastPollAt) : r.since.getTime());
    });
    // After the first read, the previous read is where this one starts (the projects' own positions may lag: a quiet
    // project's is written at most every 10 minutes); before it, the oldest position of the covered projects.
    const from = this.lastReadAt ?? Math.min(...starts);
    const stopBefore = from - OVERLAP_MS;
    const readAt = now;
    const { items, truncated } = await this.client.list('/events', eventSchema, {
      query: { scope: 'all', after: utcDate(from - DAY_MS), sort: 'desc' },
      meter,
      maxPages: MAX_PAGES,
      stopAfter: (page) => page.some((event) => Date.parse(event.created_at) < stopBefore),
    });
    if (truncated) {
      this.logger.info(
        'gitlab: more events since the last cycle than the dashboard feed pages hold; reading each project',
      );
      return null;
    }
    this.lastReadAt = readAt;
    const byId = this.members?.paths ?? new Map<number, string>();
    const supplied = new Map<string, GitLabEvent[]>();
    const sample = this.sample(covered);
    for (const request of covered) {
      const key = this.key(request.repo);
      if (!sample.has(key)) supplied.set(key, []);
    }
    const pathOf = (event: GitLabEvent): string | undefined =>
      event.project_id == null ? undefined : byId.get(event.project_id)?.toLowerCase();
    for (const event of items) {
      const key = pathOf(event);
      if (key) supplied.get(key)?.push(event);
    }
    return {
      supplied,
      sample,
      readAt,
      ids: new Set(items.map((e) => e.id)),
      reachedFrom: Math.min(stopBefore, ...items.map((e) => Date.parse(e.created_at))),
    };
  }

  /**
   * After a sampled project read its own feed: an event older than the dashboard read (and inside what it reached)
   * that the dashboard did not show means it leaves this project out; the project reads its own feed from now on.
   */
  verify(plan: DashboardPlan, repo: string, ownEvents: readonly GitLabEvent[]): void {
    for (const event of ownEvents) {
      const at = Date.parse(event.created_at);
      if (at >= plan.readAt - RACE_MS || at < plan.reachedFrom || plan.ids.has(event.id)) continue;
      const key = this.key(repo);
      if (!this.uncovered.has(key))
        this.logger.info(`gitlab: your dashboard feed leaves out events of ${repo}; it reads its own feed from now on`);
      this.uncovered.add(key);
      return;
    }
  }

  private sample(covered: readonly PollRequest[]): Set<string> {
    const sample = new Set<string>();
    for (let i = 0; i < Math.min(CHECK_SAMPLE, covered.length); i++)
      sample.add(this.key((covered[this.sampleIndex++ % covered.length] as PollRequest).repo));
    return sample;
  }

  private async listMembers(meter: Meter): Promise<void> {
    try {
      const { items } = await this.client.list('/projects', memberSchema, {
        query: { membership: 'true', simple: 'true', order_by: 'id', sort: 'asc' },
        meter,
        maxPages: 100,
      });
      this.members = { at: this.clock.now(), paths: new Map(items.map((p) => [p.id, p.path_with_namespace])) };
    } catch (error) {
      this.logger.info('gitlab: could not list your project memberships; each project reads its own feed', { error });
      this.members = { at: this.clock.now(), paths: this.members?.paths ?? new Map() };
    }
  }

  private key(repo: string): string {
    return normaliseRepoPath(this.webUrl, repo).toLowerCase();
  }
}
