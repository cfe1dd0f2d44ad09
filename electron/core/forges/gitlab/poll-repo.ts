import type { EventName } from '../../../contract/vocabulary/event-names.js';
import type { ForgeEvent } from '../../events/forge-event.js';
import type { Clock } from '../../runtime/clock.js';
import type { Logger } from '../../runtime/logger.js';
import type { PollRequest, PollResult } from '../forge-adapter.js';
import type { GitLabEvent, GitLabMergeRequest } from './schemas.js';
import { feedApprovals, pollApprovals } from './approvals-poll.js';
import { pollDeployments } from './deployments-poll.js';
import { readFeed, suppliedFeed } from './events-poll.js';
import { projectDeploymentsMoved, type ProjectProbe } from './project-probe.js';
import type { GitLabClient, Meter } from './client.js';
import { emptyApprovals, readCursor, type GitLabCursor } from './cursor.js';
import { normaliseRepoPath } from './web-urls.js';
import { hydrate } from './hydration.js';
import { normaliseFeedEvent } from './normalise-event.js';
import { pollPipelines } from './pipelines-poll.js';
import { pollReleases } from './releases-poll.js';

/** Event names the project events feed can produce; other names come from their own endpoints. */
const FEED_EVENTS: readonly EventName[] = [
  'commits',
  'tags',
  'branches',
  'issues',
  'confidential_issues',
  'pulls',
  'reviews',
  'comments',
  'confidential_comments',
  'wiki',
];

/** How long a quiet project's poll position may lag before it is written again. */
const POSITION_REFRESH_MS = 10 * 60_000;

export interface PollDeps {
  client: GitLabClient;
  accountId: string;
  webUrl: string;
  clock: Clock;
  logger: Logger;
}

/** What the account's cycle already read for this project (see poll-cycle.ts). */
export interface Prepared {
  /** Its events from the dashboard feed; absent: it reads its own feed. */
  feed?: readonly GitLabEvent[];
  /** The project probe's answer; undefined: no probe this cycle; null: the probe did not cover it (REST as before). */
  probe?: ProjectProbe | null;
  /** Called with the new events of its own feed when it read it (the dashboard's check). */
  onOwnFeed?: (events: readonly GitLabEvent[]) => void;
}

/**
 * One poll of one project: the events feed (when any feed event is wanted), then the approvals of followed merge
 * requests (reviews: unapproved), pipelines, deployments, releases when wanted.
 */
export async function pollRepo(deps: PollDeps, request: PollRequest, prepared: Prepared = {}): Promise<PollResult> {
  const { client, accountId, logger } = deps;
  const path = normaliseRepoPath(deps.webUrl, request.repo);
  const repoUrl = `${deps.webUrl}/${path}`;
  const startedAt = deps.clock.now();
  const since = request.since.getTime();
  const wanted = request.wanted;
  const cursor = readCursor(request.cursor, logger, request.repo);
  const next: GitLabCursor = { ...cursor };
  const meter: Meter = { total: 0, billable: 0 };
  const events: ForgeEvent[] = [];
  const warnings: string[] = [];
  const ctx = { client, accountId, repo: request.repo, path, repoUrl, meter };
  let feedEvents: GitLabEvent[] = [];
  let hydratedMrs: ReadonlyMap<number, GitLabMergeRequest> = new Map();

  if (FEED_EVENTS.some((name) => wanted.has(name))) {
    const feed = prepared.feed
      ? suppliedFeed(cursor, prepared.feed, since, startedAt)
      : await readFeed(client, path, cursor, since, startedAt, meter, logger);
    if (!prepared.feed) prepared.onOwnFeed?.(feed.events);
    feedEvents = feed.events;
    const hydrated = await hydrate({ client, repo: path, repoUrl, wanted, meter, logger }, feed.events);
    for (const event of feed.events) {
      try {
        events.push(...normaliseFeedEvent({ accountId, repo: request.repo, repoUrl, wanted, hydrated, logger }, event));
      } catch (error) {
        logger.warn('gitlab: skipped an event that could not be read', { repo: request.repo, event: event.id, error });
      }
    }
    // A quiet project keeps its poll position for a while: its cursor stays the same, so nothing is written for it
    // (each write is a durable transaction; 500 quiet projects would write 500 a minute). Its next read of its own
    // feed then starts at most that much earlier, and the seen ids keep it from repeating anything.
    const previous = cursor.lastPollAt ? Date.parse(cursor.lastPollAt) : null;
    const keep =
      feed.events.length === 0 && previous !== null && previous >= since && startedAt - previous < POSITION_REFRESH_MS;
    Object.assign(next, {
      lastPollAt: keep ? cursor.lastPollAt : new Date(startedAt).toISOString(),
      seen: feed.seen,
      newestEventAt: feed.newestEventAt,
    });
    warnings.push(...feed.warnings);
    hydratedMrs = hydrated.mergeRequests;
  }
  if (wanted.has('reviews')) {
    const result = await pollApprovals(ctx, {
      state: cursor.approvals,
      feed: feedApprovals(feedEvents),
      known: hydratedMrs,
      since,
      now: startedAt,
      logger,
    });
    events.push(...result.events);
    next.approvals = result.state;
  } else {
    // Nobody wants reviews: follow nothing (stale approver lists would report old revocations later); keep the
    // generation counter so event ids stay unique if reviews are wanted again.
    next.approvals = emptyApprovals(cursor.approvals.generation);
  }
  if (wanted.has('pipelines')) {
    const result = await pollPipelines(ctx, cursor.pipelines, since);
    events.push(...result.events);
    next.pipelines = result.state;
  }
  if (wanted.has('deployments')) {
    if (prepared.probe === undefined || projectDeploymentsMoved(prepared.probe ?? undefined, cursor, since)) {
      const result = await pollDeployments(ctx, cursor.deployments, since);
      events.push(...result.events);
      next.deployments = result.state;
    }
    if (prepared.probe?.deployments) next.deploymentsProbe = prepared.probe.deployments.signature;
  }
  if (wanted.has('releases')) {
    const result = await pollReleases(ctx, cursor.releases.seen, since, startedAt, prepared.probe?.releases ?? null);
    events.push(...result.events);
    next.releases = { seen: result.seen };
  }

  return {
    events: events.filter((e) => wanted.has(e.event)).sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt)),
    cursor: next,
    warnings,
    requests: meter,
  };
}
