import { z } from 'zod';
import { ForgeError } from '../forge-error.js';
import type { ChecksState, QueueIssue, QueuePull } from '../../queue/queue-model.js';
import {
  QueueRateLimited,
  type ItemRead,
  type ItemRef,
  type QueueRequests,
  type RepoQueueRead,
} from '../../queue/queue-source.js';
import type { GitLabClient } from './client.js';
import { approvalsSchema, issueSchema, mergeRequestSchema } from './schemas.js';
import { projectSegment } from './web-urls.js';

/**
 * The review queue on GitLab over REST, the fallback when GraphQL cannot be used (queue-read.ts): each project's open
 * merge requests (one list
 * page per 100, with draft, author, reviewers, last activity) and its open assigned issues, plus each merge request's
 * approvals (GitLab Free has them only per merge request). A merge request an event touched is read again alone, with
 * its head pipeline. GitLab Free records no "changes requested" verdict: its merge requests are waiting or approved.
 */

const MAX_PAGES = 20;
/** Requests in flight at once while a cold queue is read (GitLab's per-user limit is far above this pace). */
const CONCURRENCY = 6;

/** Runs `work` over `items`, at most `limit` at a time, results in the items' order. */
async function pooled<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await work(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

const singleMergeRequest = mergeRequestSchema.extend({
  head_pipeline: z.object({ status: z.string() }).nullish(),
});

const queueIssue = issueSchema.extend({ updated_at: z.string().nullish() });

/** A head pipeline's status (REST lower-case, GraphQL upper-case) as the queue's checks state. */
export function checksOf(status: string | undefined | null): ChecksState {
  if (!status) return null;
  const s = status.toLowerCase();
  if (s === 'success') return 'success';
  if (s === 'failed' || s === 'canceled') return 'failure';
  return 'pending';
}

function toPull(repo: string, mr: z.output<typeof singleMergeRequest>, approvers: readonly string[]): QueuePull {
  return {
    kind: 'pull',
    repo,
    number: mr.iid,
    title: mr.title,
    url: mr.web_url,
    draft: mr.draft ?? mr.work_in_progress ?? false,
    author: mr.author?.username ?? null,
    reviewers: mr.reviewers.filter((r) => !approvers.some((a) => a.toLowerCase() === r.toLowerCase())),
    teams: [],
    reviews: approvers.map((login) => ({ login, state: 'approved' as const })),
    checks: checksOf(mr.head_pipeline?.status),
    headBranch: mr.source_branch ?? null,
    createdAt: mr.created_at,
    updatedAt: mr.updated_at ?? mr.created_at,
  };
}

function toIssue(repo: string, issue: z.output<typeof queueIssue>): QueueIssue {
  return {
    kind: 'issue',
    repo,
    number: issue.iid,
    title: issue.title,
    url: issue.web_url,
    assignees: issue.assignees,
    createdAt: issue.created_at,
    updatedAt: issue.updated_at ?? issue.created_at,
  };
}

function rethrow(error: unknown): never {
  if (error instanceof ForgeError && error.code === 'rate_limited')
    throw new QueueRateLimited(`GitLab's rate limit: ${error.message}`, null);
  throw error;
}

const path = (repo: string) => `/projects/${projectSegment(repo)}`;

async function approvers(client: GitLabClient, repo: string, iid: number, requests: QueueRequests): Promise<string[]> {
  const answer = await client.get(`${path(repo)}/merge_requests/${iid}/approvals`, approvalsSchema, {
    meter: requests,
  });
  return answer.approved_by.map((a) => a.user.username);
}

export function readReposOverRest(
  client: GitLabClient,
  repos: readonly string[],
  requests: QueueRequests,
): Promise<RepoQueueRead[]> {
  return pooled(repos, CONCURRENCY, async (repo): Promise<RepoQueueRead> => {
    try {
      const [mrs, issues] = await Promise.all([
        client.list(`${path(repo)}/merge_requests`, mergeRequestSchema, {
          query: { state: 'opened', order_by: 'updated_at' },
          meter: requests,
          maxPages: MAX_PAGES,
        }),
        client.list(`${path(repo)}/issues`, queueIssue, {
          query: { state: 'opened', assignee_id: 'Any' },
          meter: requests,
          maxPages: MAX_PAGES,
        }),
      ]);
      const open = mrs.items.filter((m) => m.state === 'opened');
      const pulls = await pooled(open, CONCURRENCY, async (mr) =>
        toPull(repo, mr, await approvers(client, repo, mr.iid, requests)),
      );
      return {
        repo,
        ok: true,
        pulls,
        issues: issues.items.filter((i) => i.state === 'opened' && i.assignees.length > 0).map((i) => toIssue(repo, i)),
      };
    } catch (error) {
      if (error instanceof ForgeError && (error.code === 'not_found' || error.code === 'forbidden'))
        return { repo, ok: false, gone: true, message: `${repo} was not found or cannot be read any more` };
      return rethrow(error);
    }
  });
}

export async function readItemsOverRest(
  client: GitLabClient,
  refs: readonly ItemRef[],
  requests: QueueRequests,
): Promise<ItemRead[]> {
  const out: ItemRead[] = [];
  for (const ref of refs) {
    try {
      if (ref.kind === 'pull') {
        const mr = await client.get(`${path(ref.repo)}/merge_requests/${ref.number}`, singleMergeRequest, {
          meter: requests,
        });
        out.push({
          ref,
          item:
            mr.state === 'opened' ? toPull(ref.repo, mr, await approvers(client, ref.repo, mr.iid, requests)) : null,
        });
        continue;
      }
      const issue = await client.get(`${path(ref.repo)}/issues/${ref.number}`, queueIssue, { meter: requests });
      out.push({
        ref,
        item: issue.state === 'opened' && issue.assignees.length > 0 ? toIssue(ref.repo, issue) : null,
      });
    } catch (error) {
      if (error instanceof ForgeError && error.code === 'not_found') out.push({ ref, item: null });
      else if (error instanceof ForgeError && error.code === 'rate_limited') rethrow(error);
      else out.push({ ref, error: error instanceof Error ? error.message : String(error) });
    }
  }
  return out;
}
