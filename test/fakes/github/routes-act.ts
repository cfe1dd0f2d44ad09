import { updateWorkflowRun } from './ci-actions.js';
import { HttpError } from './http-error.js';
import { comment } from './issue-actions.js';
import { mergePull, review } from './pull-actions.js';
import { renderReview } from './render.js';
import { bodyObject, numberParam, ok, repoFrom, type Route, type RouteContext } from './router.js';
import type { FakeIssue, FakeRepo } from './world-types.js';

/**
 * What a person does on a pull request or a run, answered as GitHub does (OpenAPI description of the REST API):
 * reviews (422 for one's own pull request), issue comments, the merge button (405 not mergeable or a method the
 * repository does not allow, 409 head changed), check runs of a commit, re-running a run's failed jobs.
 */

const DOCS = 'https://docs.github.com/rest/pulls/reviews#create-a-review-for-a-pull-request';

function pullFrom(ctx: RouteContext): { repo: FakeRepo; issue: FakeIssue; pull: NonNullable<FakeIssue['pull']> } {
  const repo = repoFrom(ctx);
  const issue = repo.issues.get(numberParam(ctx.params[2]));
  if (!issue?.pull) throw new HttpError(404, 'Not Found');
  if (issue.unreadable) throw new HttpError(issue.unreadable, issue.unreadable === 410 ? 'Gone' : 'Not Found');
  return { repo, issue, pull: issue.pull };
}

function mayWrite(ctx: RouteContext, repo: FakeRepo): void {
  if (repo.readOnly.has(ctx.token.login.toLowerCase()))
    throw new HttpError(403, 'Resource not accessible by personal access token');
}

function unprocessable(error: string): HttpError {
  return new HttpError(422, 'Unprocessable Entity', { errors: [error], documentation_url: DOCS, status: '422' });
}

const METHOD_REFUSED = {
  merge: 'Merge commits are not allowed on this repository.',
  squash: 'Squash merges are not allowed on this repository.',
  rebase: 'Rebase merges are not allowed on this repository.',
} as const;

export const actRoutes: Route[] = [
  {
    method: 'GET',
    pattern: /^\/repos\/([^/]+)\/([^/]+)\/pulls\/(\d+)\/reviews$/,
    handle: (ctx) => {
      const { repo, issue, pull } = pullFrom(ctx);
      return ok(pull.reviews.map((r) => renderReview(ctx.world, repo, issue, r)));
    },
  },
  {
    method: 'POST',
    pattern: /^\/repos\/([^/]+)\/([^/]+)\/pulls\/(\d+)\/reviews$/,
    handle: (ctx) => {
      const { repo, issue } = pullFrom(ctx);
      const body = bodyObject(ctx);
      const event = body.event;
      const text = typeof body.body === 'string' ? body.body : null;
      const own = issue.author.toLowerCase() === ctx.token.login.toLowerCase();
      if (event === 'APPROVE' && own) throw unprocessable('Can not approve your own pull request');
      if (event === 'REQUEST_CHANGES' && own) throw unprocessable('Can not request changes on your own pull request');
      if ((event === 'REQUEST_CHANGES' || event === 'COMMENT') && !text)
        throw unprocessable(`Review Can not ${event === 'COMMENT' ? 'comment' : 'request changes'} without a body`);
      if (event !== 'APPROVE' && event !== 'REQUEST_CHANGES' && event !== 'COMMENT')
        throw unprocessable('Invalid event');
      if (issue.state !== 'open') throw unprocessable('Can not review a closed pull request');
      mayWrite(ctx, repo);
      const state = event === 'APPROVE' ? 'approved' : event === 'REQUEST_CHANGES' ? 'changes_requested' : 'commented';
      const id = review(ctx.world, repo.fullName, issue.number, { state, body: text, actor: ctx.token.login });
      const stored = issue.pull?.reviews.find((r) => r.id === id);
      return ok(stored ? renderReview(ctx.world, repo, issue, stored) : {});
    },
  },
  {
    method: 'POST',
    pattern: /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/,
    handle: (ctx) => {
      const repo = repoFrom(ctx);
      const issue = repo.issues.get(numberParam(ctx.params[2]));
      if (!issue) throw new HttpError(404, 'Not Found');
      const body = bodyObject(ctx);
      if (typeof body.body !== 'string' || !body.body)
        throw new HttpError(422, 'Validation Failed', {
          errors: [{ resource: 'IssueComment', code: 'missing_field', field: 'body' }],
        });
      mayWrite(ctx, repo);
      const result = comment(ctx.world, repo.fullName, { issue: issue.number }, body.body, { actor: ctx.token.login });
      return { status: 201, body: { id: result.id, body: body.body, user: { login: ctx.token.login } } };
    },
  },
  {
    method: 'PUT',
    pattern: /^\/repos\/([^/]+)\/([^/]+)\/pulls\/(\d+)\/merge$/,
    handle: (ctx) => {
      const { repo, issue, pull } = pullFrom(ctx);
      const body = (ctx.body ?? {}) as Record<string, unknown>;
      const method = (typeof body.merge_method === 'string' ? body.merge_method : 'merge') as 'merge';
      if (!(method in METHOD_REFUSED)) throw unprocessable('Invalid merge_method');
      mayWrite(ctx, repo);
      if (issue.state !== 'open' || pull.draft || pull.conflicted)
        throw new HttpError(405, pull.draft ? 'Pull Request is still a draft' : 'Pull Request is not mergeable');
      if (!repo.mergeMethods[method]) throw new HttpError(405, METHOD_REFUSED[method]);
      if (repo.requireApproval && !pull.reviews.some((r) => r.state === 'approved'))
        throw new HttpError(405, 'At least 1 approving review is required by reviewers with write access.');
      const head = repo.branches.get(pull.head) ?? pull.headSha;
      if (typeof body.sha === 'string' && body.sha !== head)
        throw new HttpError(409, 'Head branch was modified. Review and try the merge again.');
      const sha = mergePull(ctx.world, repo.fullName, issue.number, { actor: ctx.token.login });
      return ok({ sha, merged: true, message: 'Pull Request successfully merged' });
    },
  },
  {
    method: 'GET',
    pattern: /^\/repos\/([^/]+)\/([^/]+)\/commits\/([^/]+)\/check-runs$/,
    handle: (ctx) => {
      const repo = repoFrom(ctx);
      const runs = repo.runs.filter((r) => r.headSha === ctx.params[2]);
      return ok({
        total_count: runs.length,
        check_runs: runs.map((r) => ({
          id: r.id,
          name: r.name,
          head_sha: r.headSha,
          status: r.status,
          conclusion: r.status === 'completed' ? r.conclusion : null,
        })),
      });
    },
  },
  {
    method: 'POST',
    pattern: /^\/repos\/([^/]+)\/([^/]+)\/actions\/runs\/(\d+)\/rerun-failed-jobs$/,
    handle: (ctx) => {
      const repo = repoFrom(ctx);
      const run = repo.runs.find((r) => r.id === Number(ctx.params[2]));
      if (!run) throw new HttpError(404, 'Not Found');
      mayWrite(ctx, repo);
      if (run.status !== 'completed') throw new HttpError(403, 'This workflow run is not completed');
      updateWorkflowRun(ctx.world, repo.fullName, run.id, { status: 'queued', conclusion: null, rerun: true });
      return { status: 201, body: {} };
    },
  },
];
