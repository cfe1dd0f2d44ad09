import type { EventName } from '../../../contract/vocabulary/event-names.js';
import type { ForgeEvent } from '../../events/forge-event.js';
import type { Clock } from '../../runtime/clock.js';
import type { Logger } from '../../runtime/logger.js';
import type { PollRequest, PollResult } from '../forge-adapter.js';
import type { GiteaClient, Meter } from './client.js';
import { readCursor, type GiteaCursor } from './cursor.js';
import { readFeed } from './events-poll.js';
import { hydrate } from './hydration.js';
import { normaliseFeedAction } from './normalise-feed-event.js';
import { pollRuns } from './pipelines-poll.js';
import { repoApiPath } from './web-urls.js';
import { pollWiki } from './wiki-poll.js';

/** Event names the activity feed can produce; pipelines and wiki come from their own endpoints. */
const FEED_EVENTS: readonly EventName[] = [
  'commits',
  'tags',
  'branches',
  'issues',
  'pulls',
  'reviews',
  'comments',
  'releases',
];

export interface PollDeps {
  client: GiteaClient;
  accountId: string;
  webUrl: string;
  clock: Clock;
  logger: Logger;
}

/** One poll of one repository: the activity feed (when a feed event is wanted), then Actions runs and the wiki. */
export async function pollRepo(deps: PollDeps, request: PollRequest): Promise<PollResult> {
  const { client, accountId, logger } = deps;
  const repoPath = repoApiPath(request.repo);
  const repoUrl = `${deps.webUrl}/${request.repo}`;
  const startedAt = deps.clock.now();
  const since = request.since.getTime();
  const wanted = request.wanted;
  const cursor = readCursor(request.cursor, logger, request.repo);
  const next: GiteaCursor = { ...cursor };
  const meter: Meter = { total: 0, billable: 0 };
  const events: ForgeEvent[] = [];
  const warnings: string[] = [];
  const base = { client, accountId, repo: request.repo, repoPath, repoUrl, meter, logger };

  if (FEED_EVENTS.some((name) => wanted.has(name))) {
    const feed = await readFeed(client, repoPath, cursor, since, startedAt, meter);
    const hydrated = await hydrate({ client, repoPath, repoUrl, wanted, meter, logger }, feed.actions);
    for (const action of feed.actions) {
      try {
        events.push(
          ...normaliseFeedAction(
            { accountId, repo: request.repo, repoUrl, webUrl: deps.webUrl, wanted, hydrated, logger },
            action,
          ),
        );
      } catch (error) {
        logger.warn('gitea: skipped an action that could not be read', { repo: request.repo, key: action.key, error });
      }
    }
    next.lastPollAt = new Date(startedAt).toISOString();
    next.seen = feed.seen;
    warnings.push(...feed.warnings);
  }
  if (wanted.has('pipelines')) {
    const result = await pollRuns(base, cursor.runs, since, startedAt);
    events.push(...result.events);
    warnings.push(...result.warnings);
    next.runs = result.state;
  }
  if (wanted.has('wiki')) {
    const result = await pollWiki(base, cursor.wiki, since);
    events.push(...result.events);
    next.wiki = result.pages;
  } else {
    next.wiki = null;
  }
  return {
    events: events.filter((e) => wanted.has(e.event)).sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt)),
    cursor: next,
    warnings,
    requests: meter,
  };
}
