import type { EventName } from '../../../contract/vocabulary/event-names.js';
import type { CommitSummary } from '../../events/forge-event.js';
import type { Logger } from '../../runtime/logger.js';
import { ForgeError } from '../forge-error.js';
import type { GiteaClient, Meter } from './client.js';
import type { FeedAction } from './events-poll.js';
import { ISSUE_OPS, PULL_OPS, PUSH_OPS, compareRange, issueInfoOf, pushCommitsOf } from './feed-content.js';
import { commitSchema, compareSchema, issueSchema, pullSchema, releaseSchema } from './schemas.js';
import type { GiteaIssue, GiteaPull } from './schemas.js';
import { shortRef } from './web-urls.js';
import type { z } from 'zod';

/** Commits shown on a push card; `totalCommits` still says how many were pushed. */
export const MAX_PUSH_COMMITS = 20;

/** What the feed rows lack: issue/pull title, state, labels, merged, draft; a push's commits; a release's notes. */
export interface Hydrated {
  issues: Map<number, GiteaIssue>;
  pulls: Map<number, GiteaPull>;
  /** Action key → commits of that push, oldest first. */
  pushCommits: Map<string, CommitSummary[]>;
  /** Tag → the release published for it. */
  releases: Map<string, z.infer<typeof releaseSchema>>;
}

export interface HydrateContext {
  client: GiteaClient;
  repoPath: string;
  repoUrl: string;
  wanted: ReadonlySet<EventName>;
  meter: Meter;
  logger: Logger;
}

const wantsAny = (wanted: ReadonlySet<EventName>, names: EventName[]): boolean => names.some((n) => wanted.has(n));

/** Reads each issue, pull request, push range and release the cycle's actions need, once. Gone items are left out. */
export async function hydrate(ctx: HydrateContext, actions: readonly FeedAction[]): Promise<Hydrated> {
  const issueNumbers = new Set<number>();
  const pullNumbers = new Set<number>();
  const tags = new Set<string>();
  for (const { row } of actions) {
    const info = issueInfoOf(row);
    if (info && ISSUE_OPS.has(row.op_type) && wantsAny(ctx.wanted, ['issues', 'comments']))
      issueNumbers.add(info.number);
    if (info && PULL_OPS.has(row.op_type) && wantsAny(ctx.wanted, ['pulls', 'reviews', 'comments']))
      pullNumbers.add(info.number);
    if (row.op_type === 'publish_release' && row.ref_name && ctx.wanted.has('releases'))
      tags.add(shortRef(row.ref_name));
  }
  const issues = new Map<number, GiteaIssue>();
  for (const n of issueNumbers) {
    const issue = await readOptional(ctx, `${ctx.repoPath}/issues/${n}`, issueSchema);
    if (issue) issues.set(n, issue);
  }
  const pulls = new Map<number, GiteaPull>();
  for (const n of pullNumbers) {
    const pull = await readOptional(ctx, `${ctx.repoPath}/pulls/${n}`, pullSchema);
    if (pull) pulls.set(n, pull);
  }
  const releases = new Map<string, z.infer<typeof releaseSchema>>();
  for (const tag of tags) {
    const release = await readOptional(ctx, `${ctx.repoPath}/releases/tags/${encodeURIComponent(tag)}`, releaseSchema);
    if (release) releases.set(tag, release);
  }
  const pushCommits = new Map<string, CommitSummary[]>();
  if (ctx.wanted.has('commits'))
    for (const action of actions)
      if (PUSH_OPS.has(action.row.op_type) && action.row.content)
        pushCommits.set(action.key, await commitsOfPush(ctx, action));
  return { issues, pulls, pushCommits, releases };
}

/** A GET whose 404/403/410 means "gone or hidden": logged and left out, never the whole poll. */
async function readOptional<S extends z.ZodType>(
  ctx: HydrateContext,
  path: string,
  schema: S,
): Promise<z.infer<S> | null> {
  try {
    return await ctx.client.get(path, schema, { meter: ctx.meter });
  } catch (error) {
    if (
      error instanceof ForgeError &&
      (error.code === 'not_found' || error.code === 'forbidden' || error.code === 'bad_response')
    ) {
      ctx.logger.info('gitea: an item named by the feed could not be read (deleted, hidden or malformed)', {
        path,
        code: error.code,
      });
      return null;
    }
    throw error;
  }
}

/**
 * Commits of one push, oldest first: the row's own list (Gitea keeps the newest few, `FEED_MAX_COMMIT_NUM`), completed
 * from the compare API when more were pushed and the server has it (Gitea 1.22+, Forgejo 7+).
 */
async function commitsOfPush(ctx: HydrateContext, action: FeedAction): Promise<CommitSummary[]> {
  const push = pushCommitsOf(action.row);
  const actor = action.row.act_user?.login ?? '';
  const own = (push?.Commits ?? []).map((c) => ({
    sha: c.Sha1,
    title: firstLine(c.Message ?? ''),
    author: c.AuthorName || actor,
    url: `${ctx.repoUrl}/commit/${c.Sha1}`,
  }));
  own.reverse();
  const total = push?.Len ?? own.length;
  const { before, after } = compareRange(push);
  if (total <= own.length || !before || !after) return own.slice(-MAX_PUSH_COMMITS);
  try {
    const compare = await ctx.client.optional(`${ctx.repoPath}/compare/${before}...${after}`, compareSchema, {
      meter: ctx.meter,
    });
    const listed = ctx.client.validItems(commitSchema, compare?.commits ?? [], 'compare').map((c) => ({
      sha: c.sha,
      title: firstLine(c.commit?.message ?? ''),
      author: c.commit?.author?.name || c.author?.login || actor,
      url: c.html_url ?? `${ctx.repoUrl}/commit/${c.sha}`,
    }));
    return listed.length > own.length ? listed.slice(-MAX_PUSH_COMMITS) : own;
  } catch (error) {
    // A force push or a deleted base makes the range unknown: show what the feed row has.
    if (error instanceof ForgeError && error.code !== 'unauthorized' && !error.transient) return own;
    throw error;
  }
}

function firstLine(message: string): string {
  return message.split('\n', 1)[0]?.trim() ?? '';
}
