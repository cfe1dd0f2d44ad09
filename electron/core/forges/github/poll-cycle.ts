import type { Clock } from '../../runtime/clock.js';
import { ForgeError } from '../forge-error.js';
import type { PollRequest, PollResult } from '../forge-adapter.js';
import { GraphqlUnusable, prefetchOverGraphql, type RepoNeeds } from './graphql-hydration.js';
import { needsCount, type HydrationNeeds } from './hydration-needs.js';
import type { Prefetched } from './hydration.js';
import type { FeedEntry } from './feed-entry.js';
import type { RequestCounter } from './client.js';
import type { OrgCyclePlan, OrgFeeds } from './org-feeds.js';
import {
  finishScan,
  readWatchedRuns,
  scanNeeds,
  scanRepo,
  type DeploymentsGate,
  type RepoScan,
  type ScanDeps,
} from './repo-scan.js';
import { checkTargets, settleWatches } from './commit-watch.js';
import { repoApiPath } from './web-urls.js';
import { deploymentsMoved, probeDeployments, type DeploymentsProbe } from './deployments-probe.js';
import { readCursor } from './cursor.js';

const CONCURRENCY = 4;
/** From this many repositories wanting deployments, one GraphQL probe replaces reading each one's deployment list. */
const PROBE_FROM = 10;
/** After GraphQL proved unusable (disabled on a GHES, no access, an old server), REST only for this long. */
const GRAPHQL_OFF_MS = 60 * 60_000;

type Prepared =
  { cursorJson: string; scan: RepoScan; prefetched?: Prefetched } | { cursorJson: string; error: unknown };

/**
 * Polls a cycle's repositories in two phases so hydration can be batched: first every repository's lists (events
 * feed, runs, deployments: conditional GETs, mostly free 304s), then one GraphQL request for all the pull requests,
 * issues and pushes those lists brought up (instead of one REST request each), then per repository the
 * normalisation, which reads over REST only what the batch could not answer. Without `prepare` (or when GraphQL is
 * unavailable) `poll` does the whole thing per repository over REST, as before.
 */
export class GitHubPollCycle {
  private prepared = new Map<string, Prepared>();
  private graphqlOffUntil = 0;

  constructor(private readonly deps: ScanDeps & { clock: Clock; orgFeeds?: OrgFeeds }) {}

  async prepare(requests: readonly PollRequest[]): Promise<void> {
    this.prepared.clear();
    if (requests.length < 2) return;
    const queue = [...requests];
    let rateLimited: ForgeError | null = null;
    const orgCounter: RequestCounter = { total: 0, billable: 0 };
    let plans: OrgCyclePlan[] = [];
    try {
      plans = this.deps.orgFeeds ? await this.deps.orgFeeds.plan(requests, orgCounter) : [];
    } catch (error) {
      if (error instanceof ForgeError && error.code === 'rate_limited') rateLimited = error;
      else throw error;
    }
    const supplied = new Map(plans.flatMap((plan) => [...plan.supplied]));
    const probes = rateLimited ? null : await this.probe(requests, orgCounter);
    const gateOf = (request: PollRequest): DeploymentsGate | undefined => {
      const probe = probes?.get(key(request.repo));
      if (!probes || !probe || !request.wanted.has('deployments')) return undefined;
      const cursor = readCursor(request.cursor, this.deps.logger, request.repo);
      return {
        read: deploymentsMoved(probe, cursor, request.since),
        signature: probe.signature,
        listed: probe.listed,
      };
    };
    const worker = async (): Promise<void> => {
      for (let request = queue.shift(); request; request = queue.shift()) {
        const cursorJson = JSON.stringify(request.cursor);
        if (rateLimited) {
          this.prepared.set(key(request.repo), { cursorJson, error: rateLimited });
          continue;
        }
        try {
          this.prepared.set(key(request.repo), {
            cursorJson,
            scan: await scanRepo(this.deps, request, supplied.get(key(request.repo)), gateOf(request), {
              deferRuns: true,
            }),
          });
        } catch (error) {
          if (error instanceof ForgeError && error.code === 'rate_limited') rateLimited = error;
          this.prepared.set(key(request.repo), { cursorJson, error });
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, requests.length) }, worker));
    this.verifyOrgFeeds(plans, orgCounter);
    await this.prefetch(requests);
  }

  /** The deployments probe for the cycle's repositories that want deployments; null: each reads its own list. */
  private async probe(
    requests: readonly PollRequest[],
    counter: RequestCounter,
  ): Promise<Map<string, DeploymentsProbe> | null> {
    const repos = requests.filter((r) => r.wanted.has('deployments')).map((r) => r.repo);
    if (repos.length < PROBE_FROM || this.deps.clock.now() < this.graphqlOffUntil) return null;
    try {
      return await probeDeployments(this.deps.client, repos, counter);
    } catch (error) {
      this.graphqlFailed(error);
      return null;
    }
  }

  /** For Diagnostics: whether the cycle's subjects are read with one GraphQL request, or over REST and until when. */
  hydrationSummary(): string {
    const now = this.deps.clock.now();
    if (now < this.graphqlOffUntil)
      return `pull requests and commits read over REST (GraphQL unavailable, next try ${new Date(this.graphqlOffUntil).toISOString().slice(11, 16)} UTC)`;
    return 'pull requests and commits read with one GraphQL request per cycle';
  }

  async poll(request: PollRequest): Promise<PollResult> {
    const prepared = this.prepared.get(key(request.repo));
    this.prepared.delete(key(request.repo));
    if (prepared && prepared.cursorJson === JSON.stringify(request.cursor)) {
      if ('error' in prepared) throw prepared.error;
      return finishScan(this.deps, request, prepared.scan, prepared.prefetched);
    }
    return finishScan(this.deps, request, await scanRepo(this.deps, request));
  }

  /** Repositories that read their own feed this cycle check their organisation's feed; its requests are counted on one of them. */
  private verifyOrgFeeds(plans: readonly OrgCyclePlan[], orgCounter: RequestCounter): void {
    for (const plan of plans) {
      const recent = new Map<string, FeedEntry[]>();
      for (const [repo, prepared] of this.prepared) {
        if (repo.split('/')[0] !== plan.org || plan.supplied.has(repo) || !('scan' in prepared)) continue;
        recent.set(repo, prepared.scan.fresh);
      }
      this.deps.orgFeeds?.verify(plan, recent);
    }
    const first = [...this.prepared.values()].find((p): p is Extract<Prepared, { scan: RepoScan }> => 'scan' in p);
    if (first) {
      first.scan.counter.total += orgCounter.total;
      first.scan.counter.billable += orgCounter.billable;
    }
  }

  private async prefetch(requests: readonly PollRequest[]): Promise<void> {
    const now = this.deps.clock.now();
    const graphqlOn = now >= this.graphqlOffUntil;
    const wanted: (RepoNeeds & { scan: RepoScan; request: PollRequest })[] = [];
    let subjects = 0;
    let ownChecks = 0;
    for (const request of requests) {
      const prepared = this.prepared.get(key(request.repo));
      if (!prepared || 'error' in prepared) continue;
      const needs = prepared.scan.fresh.length > 0 && graphqlOn ? await scanNeeds(prepared.scan, request) : null;
      const checks = request.pipelinesFor && graphqlOn ? checkTargets(prepared.scan.cursor.runs, now) : [];
      subjects += needs ? needsCount(needs) : 0;
      ownChecks += checks.filter((c) => !c.rideOnly).length;
      if ((needs && needsCount(needs) > 0) || checks.length > 0)
        wanted.push({
          repo: request.repo,
          repoUrl: prepared.scan.ctx.repoUrl,
          needs: needs ?? emptyNeeds(),
          checks,
          scan: prepared.scan,
          request,
        });
    }
    if (!graphqlOn) return this.runsOverRest(requests);
    // One subject costs one request either way: REST reads it exactly, with no batch to build. Watched commits that
    // only ride along (their repository had no workflow files) never make a request of their own.
    if (subjects < 2 && ownChecks === 0) return;
    try {
      const answers = await prefetchOverGraphql(
        this.deps.client,
        wanted,
        (wanted[0] as { scan: RepoScan }).scan.counter,
      );
      for (const [repo, prefetched] of answers) {
        const prepared = this.prepared.get(key(repo));
        if (prepared && 'scan' in prepared) prepared.prefetched = prefetched;
      }
      for (const w of wanted) {
        const runs = w.scan.cursor.runs;
        if (!runs || !w.checks?.length) continue;
        const settled = settleWatches(runs, answers.get(w.repo)?.checks ?? new Map(), w.scan.ctx, now);
        w.scan.cursor.runs = settled.runs;
        w.scan.listed.push(...settled.events);
      }
    } catch (error) {
      this.graphqlFailed(error);
      await this.runsOverRest(requests);
    }
  }

  /** Without GraphQL, people's runs are read from the REST runs list of each repository a person pushed to. */
  private async runsOverRest(requests: readonly PollRequest[]): Promise<void> {
    for (const request of requests) {
      const prepared = this.prepared.get(key(request.repo));
      if (!prepared || 'error' in prepared || !request.pipelinesFor || !request.wanted.has('pipelines')) continue;
      const { scan } = prepared;
      try {
        const events = await readWatchedRuns(
          {
            client: this.deps.client,
            logger: this.deps.logger,
            repoPath: repoApiPath(request.repo),
            since: request.since,
            counter: scan.counter,
            ctx: scan.ctx,
          },
          scan.cursor,
        );
        scan.listed.push(...events);
      } catch (error) {
        this.prepared.set(key(request.repo), { cursorJson: prepared.cursorJson, error });
      }
    }
  }

  private graphqlFailed(error: unknown): void {
    // A timeout is not transient here: a proxy or server that leaves GraphQL hanging would delay every cycle.
    const transient =
      error instanceof ForgeError &&
      (error.code === 'rate_limited' || error.code === 'server_error' || error.code === 'tcp');
    const reason = error instanceof Error ? error.message : String(error);
    if (transient) {
      this.deps.logger.info('github: batched GraphQL hydration failed this cycle; reading subjects over REST', {
        reason,
      });
      return;
    }
    if (!(error instanceof ForgeError) && !(error instanceof GraphqlUnusable))
      this.deps.logger.warn('github: unexpected failure in batched GraphQL hydration', { error });
    this.graphqlOffUntil = this.deps.clock.now() + GRAPHQL_OFF_MS;
    this.deps.logger.info('github: GraphQL is not usable with this account; hydrating over REST for the next hour', {
      url: this.deps.client.graphqlUrl,
      reason,
    });
  }
}

function key(repo: string): string {
  return repo.toLowerCase();
}

function emptyNeeds(): HydrationNeeds {
  return { pulls: new Set(), issues: new Set(), compares: [] };
}
