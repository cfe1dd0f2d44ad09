import type { ForgeEvent } from '../../events/forge-event.js';
import type { Logger } from '../../runtime/logger.js';
import { silentLogger } from '../../runtime/logger.js';
import type { PollRequest, PollResult } from '../forge-adapter.js';
import { pollDeployments } from './deployments-poll.js';
import type { DeploymentListItem } from './schemas.js';
import type { RepoContext } from './event-base.js';
import { gapWarning, pollEventsFeed, type FeedGap, type FeedPoll } from './events-poll.js';
import { describeRecovered, recoverGap } from './gap-recovery.js';
import type { ConditionalCache } from './conditional-cache.js';
import type { FeedEntry } from './feed-entry.js';
import type { GitHubClient, RequestCounter } from './client.js';
import { readCursor, rememberIds, type GitHubCursor } from './cursor.js';
import { NeedsRecorder, type HydrationNeeds } from './hydration-needs.js';
import { Hydrator, type HydrationSource, type Prefetched } from './hydration.js';
import { normaliseFeedEntry } from './normalise-feed-event.js';
import { repoApiPath } from './web-urls.js';
import { pollWorkflowRuns } from './pipelines-poll.js';
import { runsWatch } from './runs-watch.js';
import { watchCommits } from './commit-watch.js';
import { trackForkPulls } from './fork-pulls.js';

/** Subject changes (`issue:12:opened`) remembered per repository, so a feed-gap recovery never repeats one. */
const SUBJECTS_REMEMBERED = 300;

export interface ScanDeps {
  client: GitHubClient;
  /** Repository answers revalidated with ETags (shared with the adapter's branch lookups). */
  conditional: ConditionalCache;
  accountId: string;
  webUrl: string;
  logger: Logger;
  now: () => number;
}

/** The first half of a poll: everything read from lists (feed, runs, deployments), nothing hydrated yet. */
export interface RepoScan {
  ctx: RepoContext;
  fresh: FeedEntry[];
  /** Events that need no hydration (workflow runs, deployment statuses). */
  listed: ForgeEvent[];
  /** Events rebuilt from resource lists for a stretch the feed lost (dropped if the feed itself has them). */
  recovered: ForgeEvent[];
  cursor: GitHubCursor;
  pollIntervalSeconds: number | null;
  gap: FeedGap | null;
  counter: RequestCounter;
}

/** Whether this cycle reads the repository's REST deployments, and what the probe saw (see deployments-probe.ts). */
export interface DeploymentsGate {
  read: boolean;
  signature: string;
  /** The newest deployments as the probe saw them (empty: read the REST list). */
  listed: readonly DeploymentListItem[];
}

/**
 * `feed`: the repository's feed as already read from its organisation's feed (see OrgFeeds); else its own is read.
 * `deployments`: the probe's verdict; without one the REST deployments are read every cycle.
 */
export async function scanRepo(
  deps: ScanDeps,
  request: PollRequest,
  feed?: FeedPoll,
  deployments?: DeploymentsGate,
  options: { deferRuns?: boolean } = {},
): Promise<RepoScan> {
  const { client, logger, webUrl } = deps;
  const repoPath = repoApiPath(request.repo);
  const cursor = readCursor(request.cursor, logger, request.repo);
  const counter: RequestCounter = { total: 0, billable: 0 };
  const ctx: RepoContext = {
    accountId: deps.accountId,
    repo: request.repo,
    repoUrl: `${webUrl}/${request.repo}`,
    webUrl,
  };
  const common = { client, repoPath, since: request.since, counter, logger };

  feed ??= await pollEventsFeed({ ...common, repo: request.repo, state: cursor?.events ?? null, now: deps.now() });
  const listed: ForgeEvent[] = [];
  const gapEvents: ForgeEvent[] = [];
  if (feed.gap) {
    const known = new Set(cursor?.events.subjects ?? []);
    gapEvents.push(
      ...(await recoverGap({
        ...common,
        conditional: deps.conditional,
        ctx,
        gap: feed.gap,
        wanted: request.wanted,
        now: deps.now(),
        known,
      })),
    );
  }
  const next: GitHubCursor = { v: 1, events: feed.state };
  const forks = trackForkPulls(cursor?.forkPulls, feed.fresh, request.repo);
  if (forks.length > 0) next.forkPulls = forks;
  if (request.wanted.has('pipelines') && request.pipelinesFor) {
    // Only people want runs: a person's push opens a watch (runs-watch.ts for the repository, commit-watch.ts for the commit).
    const now = deps.now();
    const watch = runsWatch(cursor?.runs, feed.fresh, request.pipelinesFor, now);
    const commits = watchCommits(cursor?.runs?.commits, feed.fresh, request.pipelinesFor, now);
    next.runs = {
      etag: cursor?.runs?.etag ?? null,
      reported: cursor?.runs?.reported ?? [],
      ...(watch ?? {}),
      ...(commits.length > 0 ? { commits } : {}),
      ...(cursor?.runs?.workflows ? { workflows: cursor.runs.workflows } : {}),
    };
    // Deferred: the cycle looks at the watched commits over GraphQL, or reads the runs list (readWatchedRuns).
    if (!options.deferRuns) listed.push(...(await readWatchedRuns({ ...common, ctx }, next)));
  } else if (request.wanted.has('pipelines')) {
    const runs = await pollWorkflowRuns({ ...common, ctx, state: cursor?.runs ?? null, failedJobs: true, forks });
    listed.push(...runs.events);
    next.runs = { etag: runs.state.etag, reported: runs.state.reported };
  } else if (cursor?.runs) next.runs = cursor.runs;
  if (request.wanted.has('deployments') && deployments?.read !== false) {
    const polled = await pollDeployments({
      ...common,
      ctx,
      state: cursor?.deployments ?? null,
      ...(deployments && deployments.listed.length > 0 ? { listed: deployments.listed } : {}),
    });
    listed.push(...polled.events);
    next.deployments = polled.state;
  } else if (cursor?.deployments) next.deployments = cursor.deployments;
  if (request.wanted.has('deployments') && deployments) next.deploymentsProbe = deployments.signature;
  return {
    ctx,
    fresh: feed.fresh,
    listed,
    recovered: gapEvents,
    cursor: next,
    pollIntervalSeconds: feed.pollIntervalSeconds,
    gap: feed.gap,
    counter,
  };
}

/**
 * People-only runs over REST: while a person's push is watched (cursor.runs.watchFrom/watchUntil), the repository's
 * completed runs since then (a free 304 while nothing completes). Updates `cursor.runs` in place.
 */
export async function readWatchedRuns(
  common: Pick<ScanDeps, 'client' | 'logger'> & {
    repoPath: string;
    since: Date;
    counter: RequestCounter;
    ctx: RepoContext;
  },
  cursor: GitHubCursor,
): Promise<ForgeEvent[]> {
  const state = cursor.runs;
  if (state?.watchFrom === undefined || state.watchUntil === undefined) return [];
  const since = new Date(Math.max(common.since.getTime(), state.watchFrom));
  const runs = await pollWorkflowRuns({ ...common, since, state, failedJobs: false });
  cursor.runs = { ...state, etag: runs.state.etag, reported: runs.state.reported };
  return runs.events;
}

/** Which subjects the scan's new entries will ask for: the normalisers run against a recorder, silently. */
export async function scanNeeds(scan: RepoScan, request: PollRequest): Promise<HydrationNeeds> {
  const recorder = new NeedsRecorder();
  // Every pushed branch is listed: the branch filter needs the default branch, which the batch itself reads.
  const everyBranch: PollRequest = { ...request, branchWanted: () => true };
  for (const entry of scan.fresh) await normalise(scan, everyBranch, entry, recorder, silentLogger).catch(() => null);
  return recorder.needs;
}

/** The second half: normalise the new entries, hydrating from `prefetched` first and REST for the rest. */
export async function finishScan(
  deps: ScanDeps,
  request: PollRequest,
  scan: RepoScan,
  prefetched?: Prefetched,
): Promise<PollResult> {
  const hydrator = new Hydrator(
    deps.client,
    repoApiPath(request.repo),
    scan.counter,
    deps.logger,
    prefetched,
    deps.conditional,
  );
  const events: ForgeEvent[] = [];
  for (const entry of scan.fresh) {
    const event = await normalise(scan, request, entry, hydrator, deps.logger, prefetched?.defaultBranch);
    if (event) events.push(event);
  }
  // Remember which subject changes were notified, so recovering a later gap cannot repeat them.
  const subjects = events.flatMap((e) => (e.subjectKey ? [`${e.subjectKey}:${e.action}`] : []));
  const fromFeed = new Set(subjects);
  const recovered = scan.recovered.filter((e) => !e.subjectKey || !fromFeed.has(`${e.subjectKey}:${e.action}`));
  const remembered = [...subjects, ...recovered.flatMap((e) => (e.subjectKey ? [`${e.subjectKey}:${e.action}`] : []))];
  if (remembered.length > 0)
    scan.cursor.events.subjects = rememberIds(
      remembered.reverse(),
      scan.cursor.events.subjects ?? [],
      SUBJECTS_REMEMBERED,
    );
  events.push(...recovered);
  events.push(...scan.listed);
  events.sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
  return {
    events,
    cursor: scan.cursor,
    ...(scan.pollIntervalSeconds !== null ? { minIntervalSeconds: scan.pollIntervalSeconds } : {}),
    warnings: scan.gap ? [gapWarning(request.repo, scan.gap, describeRecovered(recovered))] : [],
    requests: scan.counter,
    ...(prefetched?.defaultBranch !== undefined ? { defaultBranch: prefetched.defaultBranch } : {}),
  };
}

function normalise(
  scan: RepoScan,
  request: PollRequest,
  entry: FeedEntry,
  hydrator: HydrationSource,
  logger: Logger,
  defaultBranch?: string | null,
): Promise<ForgeEvent | null> {
  const branches = {
    ...(request.branchWanted ? { branchWanted: request.branchWanted } : {}),
    ...(defaultBranch !== undefined ? { defaultBranch } : {}),
  };
  return normaliseFeedEntry({ repo: scan.ctx, hydrator, logger, ...branches }, entry, request.wanted);
}
