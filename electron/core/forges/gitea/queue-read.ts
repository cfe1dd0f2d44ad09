import { z } from 'zod';
import type { LatestReview, QueueIssue, QueuePull } from '../../queue/queue-model.js';
import {
  QueueRateLimited,
  type ItemRead,
  type QueueRequests,
  type RepoQueueRead,
  type ReviewQueueSource,
} from '../../queue/queue-source.js';
import { ForgeError } from '../forge-error.js';
import type { GiteaClient } from './client.js';
import { issueSchema, pullSchema, userSchema } from './schemas.js';
import { isDraft } from './subjects.js';

/**
 * The review queue on Gitea/Forgejo (docs/cli-and-config.md §5) over API v1: each repository's open pull requests
 * (`/pulls?state=open`, with the requested reviewers and teams) and its open issues with assignees, plus each pull
 * request's reviews (`/pulls/{index}/reviews`: each reviewer's latest approval or request for changes; dismissed ones do
 * not count). Checks are not read here (a commit-status request per pull request): Gitea items show none.
 */

const MAX_PAGES = 20;
const CONCURRENCY = 4;

const queuePull = pullSchema.extend({
  updated_at: z.string().nullish(),
  requested_reviewers: z.array(userSchema).nullish(),
  requested_reviewers_teams: z.array(z.object({ name: z.string() }).loose()).nullish(),
});
const queueIssue = issueSchema.extend({
  updated_at: z.string().nullish(),
  assignees: z.array(userSchema).nullish(),
});
const reviewSchema = z
  .object({ state: z.string(), dismissed: z.boolean().nullish(), user: userSchema.nullish() })
  .loose();

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

/** Each reviewer's latest verdict (a comment-only review, a pending one or a review request does not replace one). */
export function latestVerdicts(reviews: readonly z.output<typeof reviewSchema>[]): LatestReview[] {
  const latest = new Map<string, LatestReview>();
  for (const r of reviews) {
    const login = r.user?.login;
    if (!login || r.dismissed) continue;
    if (r.state === 'APPROVED') latest.set(login.toLowerCase(), { login, state: 'approved' });
    else if (r.state === 'REQUEST_CHANGES') latest.set(login.toLowerCase(), { login, state: 'changes_requested' });
  }
  return [...latest.values()];
}

function toPull(repo: string, pull: z.output<typeof queuePull>, reviews: LatestReview[]): QueuePull {
  const reviewed = new Set(reviews.map((r) => r.login.toLowerCase()));
  const owner = repo.split('/')[0] ?? '';
  return {
    kind: 'pull',
    repo,
    number: pull.number,
    title: pull.title,
    url: pull.html_url,
    draft: isDraft(pull),
    author: pull.user?.login ?? null,
    reviewers: (pull.requested_reviewers ?? []).map((u) => u.login).filter((l) => !reviewed.has(l.toLowerCase())),
    teams: (pull.requested_reviewers_teams ?? []).map((t) => `${owner}/${t.name}`),
    reviews,
    checks: null,
    headBranch: pull.head?.ref ?? null,
    createdAt: pull.created_at,
    updatedAt: pull.updated_at ?? pull.created_at,
  };
}

function toIssue(repo: string, issue: z.output<typeof queueIssue>): QueueIssue {
  return {
    kind: 'issue',
    repo,
    number: issue.number,
    title: issue.title,
    url: issue.html_url,
    assignees: (issue.assignees ?? []).map((u) => u.login),
    createdAt: issue.created_at,
    updatedAt: issue.updated_at ?? issue.created_at,
  };
}

function rethrow(error: unknown): never {
  if (error instanceof ForgeError && error.code === 'rate_limited')
    throw new QueueRateLimited(`Gitea's rate limit: ${error.message}`, null);
  throw error;
}

export function giteaQueueSource(client: GiteaClient, repoPathOf: (repo: string) => string): ReviewQueueSource {
  const reviewsOf = async (repo: string, number: number, requests: QueueRequests): Promise<LatestReview[]> => {
    const list = await client.list(`${repoPathOf(repo)}/pulls/${number}/reviews`, reviewSchema, {
      meter: requests,
      maxPages: 5,
    });
    return latestVerdicts(list.items);
  };

  return {
    async readRepos(repos, requests) {
      return pooled(repos, CONCURRENCY, async (repo): Promise<RepoQueueRead> => {
        try {
          const [pulls, issues] = await Promise.all([
            client.list(`${repoPathOf(repo)}/pulls`, queuePull, {
              query: { state: 'open' },
              meter: requests,
              maxPages: MAX_PAGES,
            }),
            client.list(`${repoPathOf(repo)}/issues`, queueIssue, {
              query: { state: 'open', type: 'issues' },
              meter: requests,
              maxPages: MAX_PAGES,
            }),
          ]);
          const open = pulls.items.filter((p) => p.state === 'open' && !p.merged);
          return {
            repo,
            ok: true,
            pulls: await pooled(open, CONCURRENCY, async (p) =>
              toPull(repo, p, await reviewsOf(repo, p.number, requests)),
            ),
            issues: issues.items
              .filter((i) => i.state === 'open' && !i.pull_request && (i.assignees ?? []).length > 0)
              .map((i) => toIssue(repo, i)),
          };
        } catch (error) {
          if (error instanceof ForgeError && (error.code === 'not_found' || error.code === 'forbidden'))
            return { repo, ok: false, gone: true, message: `${repo} was not found or cannot be read any more` };
          return rethrow(error);
        }
      });
    },

    async readItems(refs, requests) {
      const out: ItemRead[] = [];
      for (const ref of refs) {
        try {
          if (ref.kind === 'pull') {
            const pull = await client.get(`${repoPathOf(ref.repo)}/pulls/${ref.number}`, queuePull, {
              meter: requests,
            });
            const open = pull.state === 'open' && !pull.merged;
            out.push({
              ref,
              item: open ? toPull(ref.repo, pull, await reviewsOf(ref.repo, ref.number, requests)) : null,
            });
            continue;
          }
          const issue = await client.get(`${repoPathOf(ref.repo)}/issues/${ref.number}`, queueIssue, {
            meter: requests,
          });
          const assigned = issue.state === 'open' && !issue.pull_request && (issue.assignees ?? []).length > 0;
          out.push({ ref, item: assigned ? toIssue(ref.repo, issue) : null });
        } catch (error) {
          if (error instanceof ForgeError && error.code === 'not_found') out.push({ ref, item: null });
          else if (error instanceof ForgeError && error.code === 'rate_limited') rethrow(error);
          else out.push({ ref, error: error instanceof Error ? error.message : String(error) });
        }
      }
      return out;
    },
  };
}
