import { z } from 'zod';
import type { EventName } from '../../../contract/vocabulary/event-names.js';
import type { ForgeEvent } from '../../events/forge-event.js';
import type { Logger } from '../../runtime/logger.js';
import { ForgeError } from '../forge-error.js';
import { githubEvent, plural, type RepoContext } from './event-base.js';
import type { FeedGap } from './events-poll.js';
import type { ConditionalCache } from './conditional-cache.js';
import type { GitHubClient, RequestCounter } from './client.js';
import { commitSchema, issueSchema, pullSchema, repoSchema, userSchema } from './schemas.js';
import { commitSummary } from './normalise-refs.js';
import { issueEvent, pullEvent, releaseEvent } from './subject-events.js';

const PER_PAGE = 100;
const MAX_COMMITS = 20;

const listedIssue = issueSchema.extend({ created_at: z.string(), closed_at: z.string().nullish() });
const listedPull = pullSchema.extend({ created_at: z.string(), closed_at: z.string().nullish() });
const listedRelease = z.object({
  id: z.number(),
  tag_name: z.string(),
  name: z.string().nullish(),
  body: z.string().nullish(),
  html_url: z.string().nullish(),
  draft: z.boolean().nullish(),
  published_at: z.string().nullish(),
  author: userSchema,
});

/**
 * The events feed lost a stretch of activity (more than 300 events, or older than 30 days). Rebuilds what the
 * resource endpoints still show for [from, to): issues and pull requests opened, closed or merged then (their
 * lists are sorted by update, one page each), releases published then, and commits on the default branch. Comments,
 * reviews, labels and other branches cannot be rebuilt; the warning says so. Every rebuilt event has a stable id,
 * so a second recovery of the same gap never posts twice.
 */
export async function recoverGap(args: {
  client: GitHubClient;
  conditional: ConditionalCache;
  repoPath: string;
  ctx: RepoContext;
  gap: FeedGap;
  since: Date;
  wanted: ReadonlySet<EventName>;
  counter: RequestCounter;
  logger: Logger;
  now: number;
  /** `issue:12:opened`-style keys the feed already notified (GitHub stamps whole seconds: the gap's first second overlaps). */
  known: ReadonlySet<string>;
}): Promise<ForgeEvent[]> {
  const { client, repoPath, ctx, counter, wanted } = args;
  if (args.gap.from === null) return [];
  const from = Math.max(Date.parse(args.gap.from), args.since.getTime());
  // The feed's oldest second is included: GitHub stamps whole seconds (what the feed still has is dropped later).
  const to = args.gap.to ? Date.parse(args.gap.to) + 1000 : args.now;
  if (!(to > from)) return [];
  const inGap = (at: string | null | undefined): at is string =>
    typeof at === 'string' && Date.parse(at) >= from && Date.parse(at) < to;
  const id = (suffix: string): string => `${ctx.accountId}:gh-gap:${suffix}`;
  const events: ForgeEvent[] = [];
  const read = async <T>(what: string, call: () => Promise<T>): Promise<T | null> => {
    try {
      return await call();
    } catch (error) {
      if (error instanceof ForgeError && (error.code === 'rate_limited' || error.code === 'unauthorized')) throw error;
      args.logger.info(`github: could not recover ${what} of ${ctx.repo} from the resource endpoints`, { error });
      return null;
    }
  };

  if (wanted.has('issues')) {
    const issues = await read('issues', () =>
      client.get(`${repoPath}/issues`, z.array(listedIssue), {
        query: {
          state: 'all',
          sort: 'updated',
          direction: 'desc',
          since: new Date(from).toISOString(),
          per_page: PER_PAGE,
        },
        counter,
        what: 'issues list',
      }),
    );
    for (const issue of issues?.data ?? []) {
      if (issue.pull_request) continue;
      if (inGap(issue.created_at))
        push(
          issueEvent(ctx, issue, {
            id: id(`issue:${issue.number}:opened`),
            action: 'opened',
            actor: issue.user?.login ?? 'unknown',
            createdAt: issue.created_at,
          }),
        );
      if (issue.state === 'closed' && inGap(issue.closed_at))
        push(
          issueEvent(ctx, issue, {
            id: id(`issue:${issue.number}:closed:${issue.closed_at}`),
            action: 'closed',
            actor: 'unknown',
            createdAt: issue.closed_at,
          }),
        );
    }
  }
  if (wanted.has('pulls')) {
    const pulls = await read('pull requests', () =>
      client.get(`${repoPath}/pulls`, z.array(listedPull), {
        query: { state: 'all', sort: 'updated', direction: 'desc', per_page: PER_PAGE },
        counter,
        what: 'pull request list',
      }),
    );
    for (const pull of pulls?.data ?? []) {
      if (inGap(pull.created_at))
        push(
          pullEvent(
            ctx,
            { ...pull, state: 'open', merged: false },
            {
              id: id(`pull:${pull.number}:opened`),
              action: 'opened',
              actor: pull.user?.login ?? 'unknown',
              createdAt: pull.created_at,
            },
          ),
        );
      if (inGap(pull.merged_at))
        push(
          pullEvent(
            ctx,
            { ...pull, merged: true },
            { id: id(`pull:${pull.number}:merged`), action: 'merged', actor: 'unknown', createdAt: pull.merged_at },
          ),
        );
      else if (pull.state === 'closed' && inGap(pull.closed_at))
        push(
          pullEvent(ctx, pull, {
            id: id(`pull:${pull.number}:closed:${pull.closed_at}`),
            action: 'closed',
            actor: 'unknown',
            createdAt: pull.closed_at,
          }),
        );
    }
  }
  if (wanted.has('releases')) {
    const releases = await read('releases', () =>
      client.get(`${repoPath}/releases`, z.array(listedRelease), {
        query: { per_page: 30 },
        counter,
        what: 'releases list',
      }),
    );
    for (const release of releases?.data ?? []) {
      if (release.draft || !inGap(release.published_at)) continue;
      push(
        releaseEvent(ctx, release, {
          id: id(`release:${release.id}`),
          actor: release.author?.login ?? 'unknown',
          createdAt: release.published_at,
        }),
      );
    }
  }
  if (wanted.has('commits')) {
    const repo = await read('the default branch', () =>
      args.conditional.get(repoPath, repoSchema, { counter, what: 'repository' }),
    );
    const branch = repo?.default_branch;
    const commits = branch
      ? await read('commits', () =>
          client.get(`${repoPath}/commits`, z.array(commitSchema), {
            query: {
              sha: branch,
              since: new Date(from).toISOString(),
              until: new Date(to).toISOString(),
              per_page: PER_PAGE,
            },
            counter,
            what: 'commit list',
          }),
        )
      : null;
    const list = commits?.data ?? [];
    const newest = list[0];
    if (branch && newest) {
      const total = list.length;
      push(
        githubEvent(ctx, {
          id: id(`commits:${branch}:${newest.sha}`),
          event: 'commits',
          action: 'pushed',
          actor: newest.author?.login ?? newest.commit.author?.name ?? 'unknown',
          createdAt: newest.commit.author?.date ?? new Date(to - 1).toISOString(),
          title: `${total >= PER_PAGE ? `${PER_PAGE}+ new commits` : plural(total, 'new commit')} on ${branch} while the events feed overflowed`,
          url: `${ctx.repoUrl}/commits/${encodeURIComponent(branch)}`,
          branch,
          details: {
            kind: 'push',
            commits: [...list]
              .reverse()
              .slice(-MAX_COMMITS)
              .map((c) => commitSummary(c, ctx.repoUrl)),
            totalCommits: total,
            compareUrl: null,
            before: null,
            after: newest.sha,
          },
        }),
      );
    }
  }
  return events;

  function push(event: ForgeEvent): void {
    if (!event.subjectKey || !args.known.has(`${event.subjectKey}:${event.action}`)) events.push(event);
  }
}

/** "recovered 2 issue changes, 1 release" for the warning, or null when nothing was. */
export function describeRecovered(events: readonly ForgeEvent[]): string | null {
  const count = (name: string): number => events.filter((e) => e.event === name).length;
  const commits = events.reduce((sum, e) => sum + (e.details.kind === 'push' ? e.details.totalCommits : 0), 0);
  const parts = [
    count('issues') > 0 ? plural(count('issues'), 'issue change') : null,
    count('pulls') > 0 ? plural(count('pulls'), 'pull request change') : null,
    count('releases') > 0 ? plural(count('releases'), 'release') : null,
    commits > 0 ? `${plural(commits, 'commit')} on the default branch` : null,
  ].filter((part): part is string => part !== null);
  return parts.length > 0
    ? `recovered ${parts.join(', ')} from the issue, pull request, release and commit lists`
    : null;
}
