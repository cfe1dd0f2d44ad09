import { ForgeError } from '../forge-error.js';
import type { PollRequest, PollResult } from '../forge-adapter.js';
import type { Meter } from './client.js';
import type { DashboardFeed, DashboardPlan } from './dashboard-feed.js';
import { GitLabGraphqlUnusable, probeProjects, type ProjectProbe } from './project-probe.js';
import { pollRepo, type PollDeps, type Prepared } from './poll-repo.js';

/** From this many projects wanting releases or deployments, one GraphQL probe replaces their REST lists. */
const PROBE_FROM = 5;
/** After GraphQL proved unusable (before GitLab 16.6, disabled …), REST only for this long. */
const GRAPHQL_OFF_MS = 60 * 60_000;

/**
 * An account's poll cycle over many projects (GitLab has no ETags: every request counts): first the dashboard feed
 * (the events of every project the user is a member of, in one or two requests) and one GraphQL probe per 50
 * projects (newest releases, each environment's last deployments), then each project's poll uses what they brought
 * and reads over REST only what they cannot answer (hydration, deployments that moved). Below a handful of projects,
 * or when GraphQL is unusable, projects are polled one by one as before.
 */
export class GitLabPollCycle {
  private prepared = new Map<string, { cursorJson: string; prepared: Prepared }>();
  private plan: DashboardPlan | null = null;
  private charge: Meter | null = null;
  private graphqlOffUntil = 0;

  constructor(private readonly deps: PollDeps & { dashboard: DashboardFeed; graphqlUrl: string }) {}

  /** For Diagnostics. */
  summary(): string | null {
    const graphql =
      this.deps.clock.now() < this.graphqlOffUntil
        ? `releases and deployments read per project (GraphQL unavailable, next try ${new Date(this.graphqlOffUntil).toISOString().slice(11, 16)} UTC)`
        : null;
    return [this.deps.dashboard.summary(), graphql].filter((p): p is string => p !== null).join('; ') || null;
  }

  async prepare(requests: readonly PollRequest[]): Promise<void> {
    this.prepared.clear();
    this.plan = null;
    this.charge = null;
    if (requests.length < 2) return;
    const meter: Meter = { total: 0, billable: 0 };
    try {
      this.plan = await this.deps.dashboard.plan(requests, meter);
    } catch (error) {
      if (error instanceof ForgeError && error.code === 'rate_limited') throw error;
      this.deps.logger.info('gitlab: reading the dashboard feed failed this cycle; each project reads its own', {
        error,
      });
    }
    const probes = await this.probe(requests, meter);
    const plan = this.plan;
    for (const request of requests) {
      const key = request.repo.toLowerCase();
      const feed = plan?.supplied.get(key);
      const sampled = plan?.sample.has(key) ?? false;
      this.prepared.set(key, {
        cursorJson: JSON.stringify(request.cursor),
        prepared: {
          ...(feed ? { feed } : {}),
          ...(probes ? { probe: probes.get(key) ?? null } : {}),
          ...(sampled && plan ? { onOwnFeed: (events) => this.deps.dashboard.verify(plan, request.repo, events) } : {}),
        },
      });
    }
    this.charge = meter;
  }

  async poll(request: PollRequest): Promise<PollResult> {
    const key = request.repo.toLowerCase();
    const entry = this.prepared.get(key);
    this.prepared.delete(key);
    const result = await pollRepo(
      this.deps,
      request,
      entry && entry.cursorJson === JSON.stringify(request.cursor) ? entry.prepared : {},
    );
    // The cycle's shared requests (dashboard, probes) are counted on the first project polled.
    if (this.charge) {
      result.requests.total += this.charge.total;
      result.requests.billable += this.charge.billable;
      this.charge = null;
    }
    return result;
  }

  private async probe(requests: readonly PollRequest[], meter: Meter): Promise<Map<string, ProjectProbe> | null> {
    const paths = requests.filter((r) => r.wanted.has('releases') || r.wanted.has('deployments')).map((r) => r.repo);
    if (paths.length < PROBE_FROM || this.deps.clock.now() < this.graphqlOffUntil) return null;
    try {
      return await probeProjects(this.deps.client, this.deps.graphqlUrl, paths, meter);
    } catch (error) {
      if (error instanceof ForgeError && error.code === 'rate_limited') throw error;
      const transient = error instanceof ForgeError && (error.code === 'server_error' || error.code === 'tcp');
      if (!transient || error instanceof GitLabGraphqlUnusable)
        this.graphqlOffUntil = this.deps.clock.now() + GRAPHQL_OFF_MS;
      this.deps.logger.info('gitlab: the GraphQL project probe failed; releases and deployments read per project', {
        reason: error instanceof Error ? error.message : String(error),
        ...(transient ? {} : { until: new Date(this.graphqlOffUntil).toISOString() }),
      });
      return null;
    }
  }
}
