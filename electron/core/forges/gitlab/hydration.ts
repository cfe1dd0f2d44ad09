import type { ZodType } from 'zod';
import type { EventName } from '../../../contract/vocabulary/event-names.js';
import type { CommitSummary } from '../../events/forge-event.js';
import type { Logger } from '../../runtime/logger.js';
import { ForgeError } from '../forge-error.js';
import {
  commitSchema,
  compareSchema,
  issueSchema,
  mergeRequestSchema,
  type GitLabEvent,
  type GitLabIssue,
  type GitLabMergeRequest,
} from './schemas.js';
import type { GitLabClient, Meter } from './client.js';
import { projectSegment } from './web-urls.js';

/** Commits shown on a push card; `totalCommits` still says how many were pushed. */
export const MAX_PUSH_COMMITS = 20;

/** What the thin feed rows lack: issue/MR title, labels, confidential, draft, state; a push's commits. */
export interface Hydrated {
  issues: Map<number, GitLabIssue>;
  mergeRequests: Map<number, GitLabMergeRequest>;
  /** Feed event id → commits of that push, oldest first. */
  pushCommits: Map<number, CommitSummary[]>;
}

interface HydrateContext {
  client: GitLabClient;
  repo: string;
  repoUrl: string;
  wanted: ReadonlySet<EventName>;
  meter: Meter;
  logger: Logger;
}

const wantsAny = (wanted: ReadonlySet<EventName>, names: EventName[]): boolean => names.some((n) => wanted.has(n));

export async function hydrate(ctx: HydrateContext, events: GitLabEvent[]): Promise<Hydrated> {
  const issueIids = new Set<number>();
  const mrIids = new Set<number>();
  const wantsComments = wantsAny(ctx.wanted, ['comments', 'confidential_comments']);
  for (const event of events) {
    if (
      (event.target_type === 'Issue' || event.target_type === 'WorkItem') &&
      event.target_iid != null &&
      wantsAny(ctx.wanted, ['issues', 'confidential_issues'])
    )
      issueIids.add(event.target_iid);
    if (event.target_type === 'MergeRequest' && event.target_iid != null && wantsAny(ctx.wanted, ['pulls', 'reviews']))
      mrIids.add(event.target_iid);
    if (event.note?.noteable_iid != null && wantsComments) {
      // Notes on work items carry "Issue" (Rails stores the base class); "WorkItem" is accepted too.
      if (event.note.noteable_type === 'Issue' || event.note.noteable_type === 'WorkItem')
        issueIids.add(event.note.noteable_iid);
      if (event.note.noteable_type === 'MergeRequest') mrIids.add(event.note.noteable_iid);
    }
  }
  const segment = projectSegment(ctx.repo);
  const issues = await byIid(ctx, `/projects/${segment}/issues`, issueSchema, issueIids);
  const mergeRequests = await byIid(ctx, `/projects/${segment}/merge_requests`, mergeRequestSchema, mrIids);
  const pushCommits = new Map<number, CommitSummary[]>();
  if (ctx.wanted.has('commits')) {
    for (const event of events) {
      const data = event.push_data;
      if (data && data.ref_type === 'branch' && data.action !== 'removed' && data.commit_count > 0)
        pushCommits.set(event.id, await commitsOfPush(ctx, event));
    }
  }
  return { issues, mergeRequests, pushCommits };
}

/** Batches `?iids[]=…` (100 per request). Items that are gone or hidden are simply absent. */
async function byIid<T extends { iid: number }>(
  ctx: HydrateContext,
  path: string,
  schema: ZodType<T>,
  iids: Set<number>,
): Promise<Map<number, T>> {
  const out = new Map<number, T>();
  const all = [...iids];
  for (let i = 0; i < all.length; i += 100) {
    const chunk = all.slice(i, i + 100);
    const { items } = await ctx.client.list(`${path}?${chunk.map((iid) => `iids[]=${iid}`).join('&')}`, schema, {
      query: { state: 'all' },
      meter: ctx.meter,
      maxPages: 2,
    });
    for (const item of items) out.set(item.iid, item);
  }
  return out;
}

async function commitsOfPush(ctx: HydrateContext, event: GitLabEvent): Promise<CommitSummary[]> {
  const data = event.push_data;
  if (!data?.commit_to) return [];
  const actor = event.author?.username ?? event.author_username ?? '';
  const single: CommitSummary[] = [
    {
      sha: data.commit_to,
      title: data.commit_title ?? '',
      author: actor,
      url: `${ctx.repoUrl}/-/commit/${data.commit_to}`,
    },
  ];
  if (data.commit_count <= 1) return single;
  const segment = projectSegment(ctx.repo);
  try {
    let raw: unknown[];
    if (data.commit_from) {
      raw = (
        await ctx.client.get(`/projects/${segment}/repository/compare`, compareSchema, {
          query: { from: data.commit_from, to: data.commit_to },
          meter: ctx.meter,
        })
      ).commits;
    } else {
      const { items } = await ctx.client.list(`/projects/${segment}/repository/commits`, commitSchema, {
        query: { ref_name: data.commit_to, per_page: Math.min(data.commit_count, MAX_PUSH_COMMITS) },
        meter: ctx.meter,
      });
      raw = items.reverse();
    }
    const commits = raw.flatMap((item) => {
      const parsed = commitSchema.safeParse(item);
      return parsed.success
        ? [
            {
              sha: parsed.data.id,
              title: parsed.data.title,
              author: parsed.data.author_name ?? actor,
              url: parsed.data.web_url ?? `${ctx.repoUrl}/-/commit/${parsed.data.id}`,
            },
          ]
        : [];
    });
    return commits.length > 0 ? commits.slice(-MAX_PUSH_COMMITS) : single;
  } catch (error) {
    // A force push or a deleted base makes the range unknown, and an answer about this one range that will not get
    // better (hidden, refused, unreadable) must not hold up the project's other events: show the head commit only.
    // Outages, rate limits and auth failures still fail the poll, which is retried with nothing lost.
    if (error instanceof ForgeError && permanentForThisPush(error)) {
      ctx.logger.info('gitlab: could not read the pushed commits; showing the head commit only', {
        repo: ctx.repo,
        event: event.id,
        code: error.code,
        status: error.details.status,
      });
      return single;
    }
    throw error;
  }
}

function permanentForThisPush(error: ForgeError): boolean {
  if (error.code === 'not_found' || error.code === 'forbidden') return true;
  const status = error.details.status;
  return error.code === 'bad_response' && status !== undefined && status !== 429 && status >= 200 && status < 500;
}
