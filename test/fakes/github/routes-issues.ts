import { HttpError } from './http-error.js';
import { labelIssue, openIssue, setState } from './issue-actions.js';
import { renderIssue, renderPull, renderReview } from './render.js';
import { bodyObject, numberParam, ok, paged, repoFrom, sinceParam, type Route, type RouteContext } from './router.js';
import type { FakeIssue, FakeRepo } from './world-types.js';

const UNREADABLE: Record<403 | 404 | 410, string> = {
  403: 'Resource protected by organization SAML enforcement. You must grant your Personal Access token access to this organization.',
  404: 'Not Found',
  410: 'This issue was deleted',
};

function issueFrom(ctx: RouteContext, repo: FakeRepo, pullsOnly: boolean): FakeIssue {
  const issue = repo.issues.get(numberParam(ctx.params[2]));
  if (!issue || (pullsOnly && !issue.pull)) throw new HttpError(404, 'Not Found');
  if (issue.unreadable) throw new HttpError(issue.unreadable, UNREADABLE[issue.unreadable]);
  return issue;
}

function stateFilter(ctx: RouteContext): (issue: FakeIssue) => boolean {
  const state = ctx.query.get('state') ?? 'open';
  if (!['open', 'closed', 'all'].includes(state)) throw new HttpError(422, 'Invalid value for parameter state');
  return (issue) => state === 'all' || issue.state === state;
}

function sorted(ctx: RouteContext, issues: FakeIssue[]): FakeIssue[] {
  const sort = ctx.query.get('sort') ?? 'created';
  const key = (issue: FakeIssue): number =>
    sort === 'updated' ? issue.updatedAt : sort === 'comments' ? issue.comments : issue.createdAt;
  const direction = ctx.query.get('direction') === 'asc' ? 1 : -1;
  return [...issues].sort((a, b) => direction * (key(a) - key(b) || a.number - b.number));
}

function patch(ctx: RouteContext, pullsOnly: boolean): { repo: FakeRepo; issue: FakeIssue } {
  const repo = repoFrom(ctx);
  const issue = issueFrom(ctx, repo, pullsOnly);
  const body = bodyObject(ctx);
  if (typeof body.title === 'string') issue.title = body.title;
  if (typeof body.body === 'string' || body.body === null) issue.body = body.body as string | null;
  if (Array.isArray(body.labels))
    labelIssue(
      ctx.world,
      repo.fullName,
      issue.number,
      body.labels.filter((l): l is string => typeof l === 'string'),
      { actor: ctx.token.login },
    );
  if (body.state !== undefined) {
    if (body.state !== 'open' && body.state !== 'closed') throw new HttpError(422, 'Validation Failed');
    if (issue.pull?.merged)
      throw new HttpError(422, 'Validation Failed: cannot change the state of a merged pull request');
    setState(ctx.world, repo, issue, body.state, ctx.token.login);
  }
  issue.updatedAt = ctx.world.now();
  return { repo, issue };
}

export const issueRoutes: Route[] = [
  {
    method: 'GET',
    pattern: /^\/repos\/([^/]+)\/([^/]+)\/issues$/,
    handle: (ctx) => {
      const repo = repoFrom(ctx);
      const since = sinceParam(ctx);
      const labels = (ctx.query.get('labels') ?? '').split(',').filter(Boolean);
      const keepState = stateFilter(ctx);
      // GitHub's assignee filter: a login, `*` (assigned to anyone) or `none`.
      const assignee = ctx.query.get('assignee');
      const keepAssignee = (i: FakeIssue): boolean =>
        assignee === null
          ? true
          : assignee === '*'
            ? i.assignees.length > 0
            : assignee === 'none'
              ? i.assignees.length === 0
              : i.assignees.some((a) => a.toLowerCase() === assignee.toLowerCase());
      const issues = [...repo.issues.values()].filter(
        (i) =>
          keepState(i) &&
          keepAssignee(i) &&
          (since === null || i.updatedAt >= since) &&
          labels.every((l) => i.labels.includes(l)),
      );
      return paged(
        ctx,
        sorted(ctx, issues).map((issue) => renderIssue(ctx.world, repo, issue)),
      );
    },
  },
  {
    method: 'POST',
    pattern: /^\/repos\/([^/]+)\/([^/]+)\/issues$/,
    handle: (ctx) => {
      const repo = repoFrom(ctx);
      const body = bodyObject(ctx);
      if (typeof body.title !== 'string' || body.title.trim() === '')
        throw new HttpError(422, 'Validation Failed: title is missing');
      const labels = Array.isArray(body.labels) ? body.labels.filter((l): l is string => typeof l === 'string') : [];
      const issue = openIssue(ctx.world, repo.fullName, {
        title: body.title,
        body: typeof body.body === 'string' ? body.body : null,
        labels,
        actor: ctx.token.login,
      });
      return { status: 201, body: renderIssue(ctx.world, repo, issue) };
    },
  },
  {
    method: 'GET',
    pattern: /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)$/,
    handle: (ctx) => {
      const repo = repoFrom(ctx);
      return ok(renderIssue(ctx.world, repo, issueFrom(ctx, repo, false)));
    },
  },
  {
    method: 'PATCH',
    pattern: /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)$/,
    handle: (ctx) => {
      const { repo, issue } = patch(ctx, false);
      return ok(renderIssue(ctx.world, repo, issue));
    },
  },
  {
    method: 'GET',
    pattern: /^\/repos\/([^/]+)\/([^/]+)\/pulls$/,
    handle: (ctx) => {
      const repo = repoFrom(ctx);
      const keepState = stateFilter(ctx);
      const pulls = [...repo.issues.values()].filter((i) => i.pull !== null && keepState(i));
      return paged(
        ctx,
        sorted(ctx, pulls).map((issue) => renderPull(ctx.world, repo, issue)),
      );
    },
  },
  {
    method: 'GET',
    pattern: /^\/repos\/([^/]+)\/([^/]+)\/pulls\/(\d+)$/,
    handle: (ctx) => {
      const repo = repoFrom(ctx);
      return ok(renderPull(ctx.world, repo, issueFrom(ctx, repo, true)));
    },
  },
  {
    method: 'GET',
    pattern: /^\/repos\/([^/]+)\/([^/]+)\/pulls\/(\d+)\/reviews$/,
    handle: (ctx) => {
      const repo = repoFrom(ctx);
      const issue = issueFrom(ctx, repo, true);
      // Oldest first, as GitHub lists them.
      const reviews = [...(issue.pull?.reviews ?? [])].sort((a, b) => a.submittedAt - b.submittedAt || a.id - b.id);
      return paged(
        ctx,
        reviews.map((review) => renderReview(ctx.world, repo, issue, review)),
      );
    },
  },
  {
    method: 'GET',
    pattern: /^\/repos\/([^/]+)\/([^/]+)\/pulls\/(\d+)\/reviews\/(\d+)$/,
    handle: (ctx) => {
      const repo = repoFrom(ctx);
      const issue = issueFrom(ctx, repo, true);
      const review = issue.pull?.reviews.find((r) => r.id === Number(ctx.params[3]));
      if (!review) throw new HttpError(404, 'Not Found');
      return ok(renderReview(ctx.world, repo, issue, review));
    },
  },
  {
    method: 'PATCH',
    pattern: /^\/repos\/([^/]+)\/([^/]+)\/pulls\/(\d+)$/,
    handle: (ctx) => {
      const { repo, issue } = patch(ctx, true);
      return ok(renderPull(ctx.world, repo, issue));
    },
  },
];
