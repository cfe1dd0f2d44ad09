import { z } from 'zod';
import { ForgeError } from '../forge-error.js';
import type { LatestReview, QueueIssue, QueuePull } from '../../queue/queue-model.js';
import type { ItemRead, ItemRef, QueueRequests, RepoQueueRead } from '../../queue/queue-source.js';
import { nextLink, type GitHubClient } from './client.js';
import { issueSchema, pullSchema } from './schemas.js';

/**
 * The review queue over REST, for a GitHub (Enterprise Server) whose GraphQL API cannot be used: per repository the
 * open pull requests and assigned open issues (pages of 100), and per pull request its reviews. Costlier than GraphQL
 * (a request per pull request when a repository is first read), so only the fallback; checks are not read this way.
 */

const MAX_PAGES = 20;
const restPull = pullSchema.extend({ created_at: z.string() });
const restIssue = issueSchema.extend({ created_at: z.string() });
const reviewSchema = z.object({ state: z.string(), user: z.object({ login: z.string() }).nullish() });

async function pages<S extends z.ZodType>(
  client: GitHubClient,
  path: string,
  schema: S,
  query: Record<string, string>,
  requests: QueueRequests,
  what: string,
): Promise<z.output<S>[]> {
  const out: z.output<S>[] = [];
  let next: string | null = path;
  let first = true;
  for (let page = 0; next && page < MAX_PAGES; page++) {
    const answer = await client.get(next, z.array(schema), {
      ...(first ? { query: { per_page: 100, ...query } } : {}),
      counter: requests,
      what,
    });
    first = false;
    out.push(...(answer.data ?? []));
    next = nextLink(answer.headers);
  }
  return out;
}

/** Each reviewer's latest approving or change-requesting review (REST lists them oldest first). */
async function latestReviews(
  client: GitHubClient,
  repo: string,
  number: number,
  requests: QueueRequests,
): Promise<LatestReview[]> {
  const reviews = await pages(client, `/repos/${repo}/pulls/${number}/reviews`, reviewSchema, {}, requests, 'reviews');
  const latest = new Map<string, LatestReview>();
  for (const review of reviews) {
    if (!review.user) continue;
    if (review.state === 'APPROVED')
      latest.set(review.user.login.toLowerCase(), { login: review.user.login, state: 'approved' });
    else if (review.state === 'CHANGES_REQUESTED')
      latest.set(review.user.login.toLowerCase(), { login: review.user.login, state: 'changes_requested' });
    else if (review.state === 'DISMISSED') latest.delete(review.user.login.toLowerCase());
  }
  return [...latest.values()];
}

function toPull(repo: string, p: z.output<typeof restPull>, reviews: LatestReview[]): QueuePull {
  const owner = repo.split('/')[0] ?? '';
  return {
    kind: 'pull',
    repo,
    number: p.number,
    title: p.title,
    url: p.html_url,
    draft: p.draft ?? false,
    author: p.user?.login ?? null,
    reviewers: p.requested_reviewers,
    teams: p.requested_teams.map((slug) => `${owner}/${slug}`),
    reviews,
    checks: null,
    headBranch: p.head.ref,
    createdAt: p.created_at,
    updatedAt: p.updated_at ?? p.created_at,
  };
}

function toIssue(repo: string, i: z.output<typeof restIssue>): QueueIssue {
  return {
    kind: 'issue',
    repo,
    number: i.number,
    title: i.title,
    url: i.html_url,
    assignees: i.assignees,
    createdAt: i.created_at,
    updatedAt: i.updated_at ?? i.created_at,
  };
}

export async function readReposOverRest(
  client: GitHubClient,
  repos: readonly string[],
  requests: QueueRequests,
): Promise<RepoQueueRead[]> {
  const out: RepoQueueRead[] = [];
  for (const repo of repos) {
    try {
      const pulls = await pages(client, `/repos/${repo}/pulls`, restPull, { state: 'open' }, requests, 'pull requests');
      const issues = await pages(
        client,
        `/repos/${repo}/issues`,
        restIssue,
        { state: 'open', assignee: '*' },
        requests,
        'issues',
      );
      const items: QueuePull[] = [];
      for (const p of pulls) items.push(toPull(repo, p, await latestReviews(client, repo, p.number, requests)));
      out.push({
        repo,
        ok: true,
        pulls: items,
        issues: issues.filter((i) => !i.pull_request && i.assignees.length > 0).map((i) => toIssue(repo, i)),
      });
    } catch (error) {
      if (error instanceof ForgeError && (error.code === 'not_found' || error.code === 'forbidden'))
        out.push({ repo, ok: false, gone: true, message: `${repo} was not found or cannot be read any more` });
      else throw error;
    }
  }
  return out;
}

export async function readItemsOverRest(
  client: GitHubClient,
  refs: readonly ItemRef[],
  requests: QueueRequests,
): Promise<ItemRead[]> {
  const out: ItemRead[] = [];
  for (const ref of refs) {
    try {
      const issue = await client.get(`/repos/${ref.repo}/issues/${ref.number}`, restIssue, {
        counter: requests,
        what: `issue #${ref.number}`,
      });
      if (!issue.data || issue.data.state !== 'open') {
        out.push({ ref, item: null });
        continue;
      }
      if (!issue.data.pull_request) {
        out.push({ ref, item: issue.data.assignees.length > 0 ? toIssue(ref.repo, issue.data) : null });
        continue;
      }
      const pull = await client.get(`/repos/${ref.repo}/pulls/${ref.number}`, restPull, {
        counter: requests,
        what: `pull request #${ref.number}`,
      });
      out.push({
        ref,
        item: pull.data
          ? toPull(ref.repo, pull.data, await latestReviews(client, ref.repo, ref.number, requests))
          : null,
      });
    } catch (error) {
      if (error instanceof ForgeError && (error.code === 'not_found' || error.code === 'forbidden'))
        out.push({ ref, item: null });
      else if (error instanceof ForgeError && error.code === 'rate_limited') throw error;
      else out.push({ ref, error: error instanceof Error ? error.message : String(error) });
    }
  }
  return out;
}
