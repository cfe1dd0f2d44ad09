import { approvalsJson, issueJson, mergeRequestJson, noteJson } from './render.js';
import { comment, openIssue, setIssueState, setMergeRequestState } from './issue-actions.js';
import {
  arrayParam,
  badRequest,
  json,
  list,
  notFound,
  route,
  sortBy,
  stringParam,
  timeParam,
  withProject,
  type Route,
  type RouteContext,
  type RouteResult,
} from './router.js';
import type { FakeIssue, FakeMergeRequest, FakeProject } from './world-types.js';

/** Issues, merge requests, their notes and MR approvals. Writes go through the mutators, so the events feed stays consistent. */
export function issueRoutes(): Route[] {
  return [
    route('GET', 'projects/:id/issues', (ctx) =>
      withProject(ctx, (p) => listIssuables(ctx, p.issues, (i) => issueJson(ctx.base, p, i))),
    ),
    route('POST', 'projects/:id/issues', (ctx) =>
      withProject(ctx, (p) => {
        const title = stringParam(ctx, 'title');
        if (!title) return badRequest('title is missing');
        const labels = stringParam(ctx, 'labels');
        const issue = openIssue(ctx.store, p.path, {
          title,
          description: stringParam(ctx, 'description') ?? null,
          confidential: stringParam(ctx, 'confidential') === 'true',
          labels: labels
            ? labels
                .split(',')
                .map((l) => l.trim())
                .filter(Boolean)
            : [],
        });
        return json(issueJson(ctx.base, p, issue), 201);
      }),
    ),
    route('GET', 'projects/:id/issues/:iid', (ctx) =>
      withIssue(ctx, (p, issue) => json(issueJson(ctx.base, p, issue))),
    ),
    route('PUT', 'projects/:id/issues/:iid', (ctx) =>
      withIssue(ctx, (p, issue) => {
        const event = stringParam(ctx, 'state_event');
        if (event !== undefined && event !== 'close' && event !== 'reopen')
          return badRequest('state_event does not have a valid value');
        if (event) setIssueState(ctx.store, p.path, issue.iid, event === 'close' ? 'closed' : 'opened');
        return json(issueJson(ctx.base, p, issue));
      }),
    ),
    route('GET', 'projects/:id/issues/:iid/notes', (ctx) =>
      withIssue(ctx, (p, issue) =>
        list(
          ctx,
          p.notes.filter((n) => n.noteableType === 'Issue' && n.noteableId === issue.id),
          (n) => noteJson(ctx.base, n),
        ),
      ),
    ),
    route('POST', 'projects/:id/issues/:iid/notes', (ctx) =>
      withIssue(ctx, (p, issue) => {
        const body = stringParam(ctx, 'body');
        if (!body) return badRequest('body is missing');
        return json(
          noteJson(
            ctx.base,
            comment(ctx.store, p.path, { issue: issue.iid, body, internal: stringParam(ctx, 'internal') === 'true' }),
          ),
          201,
        );
      }),
    ),
    route('GET', 'projects/:id/merge_requests', (ctx) =>
      withProject(ctx, (p) => listIssuables(ctx, p.mergeRequests, (m) => mergeRequestJson(ctx.base, p, m))),
    ),
    route('GET', 'projects/:id/merge_requests/:iid', (ctx) =>
      withMergeRequest(ctx, (p, mr) => json(mergeRequestJson(ctx.base, p, mr))),
    ),
    route('PUT', 'projects/:id/merge_requests/:iid', (ctx) =>
      withMergeRequest(ctx, (p, mr) => {
        const event = stringParam(ctx, 'state_event');
        if (event !== undefined && event !== 'close' && event !== 'reopen')
          return badRequest('state_event does not have a valid value');
        if (event && mr.state === 'merged') return json({ message: '405 Method Not Allowed' }, 405);
        if (event) setMergeRequestState(ctx.store, p.path, mr.iid, event === 'close' ? 'closed' : 'opened');
        return json(mergeRequestJson(ctx.base, p, mr));
      }),
    ),
    // GitLab finds the MR with find_by! here: an unknown iid is ActiveRecord's generic "404 Not found".
    route('GET', 'projects/:id/merge_requests/:iid/approvals', (ctx) =>
      withMergeRequest(
        ctx,
        (p, mr) => json(approvalsJson(ctx.base, p, mr, ctx.store.me)),
        () => json({ message: '404 Not found' }, 404),
      ),
    ),
    route('GET', 'projects/:id/merge_requests/:iid/notes', (ctx) =>
      withMergeRequest(ctx, (p, mr) =>
        list(
          ctx,
          p.notes.filter((n) => n.noteableType === 'MergeRequest' && n.noteableId === mr.id),
          (n) => noteJson(ctx.base, n),
        ),
      ),
    ),
    route('POST', 'projects/:id/merge_requests/:iid/notes', (ctx) =>
      withMergeRequest(ctx, (p, mr) => {
        const body = stringParam(ctx, 'body');
        if (!body) return badRequest('body is missing');
        return json(noteJson(ctx.base, comment(ctx.store, p.path, { mergeRequest: mr.iid, body })), 201);
      }),
    ),
  ];
}

function withIssue(ctx: RouteContext, fn: (project: FakeProject, issue: FakeIssue) => RouteResult): RouteResult {
  return withProject(ctx, (project) => {
    const issue = project.issues.find((i) => String(i.iid) === ctx.params.iid);
    return issue ? fn(project, issue) : notFound('Issue');
  });
}

function withMergeRequest(
  ctx: RouteContext,
  fn: (project: FakeProject, mr: FakeMergeRequest) => RouteResult,
  missing: () => RouteResult = () => notFound('Merge Request'),
): RouteResult {
  return withProject(ctx, (project) => {
    const mr = project.mergeRequests.find((m) => String(m.iid) === ctx.params.iid);
    return mr ? fn(project, mr) : missing();
  });
}

/** `state`, `iids[]`, `labels`, `updated_after` / `updated_before` (inclusive, ISO 8601), `order_by`, `sort`. */
function listIssuables<T extends FakeIssue | FakeMergeRequest>(
  ctx: RouteContext,
  items: T[],
  serialise: (item: T) => unknown,
): RouteResult {
  const after = timeParam(ctx, 'updated_after');
  const before = timeParam(ctx, 'updated_before');
  if (after === 'invalid' || before === 'invalid') return badRequest('updated_after / updated_before is invalid');
  const state = stringParam(ctx, 'state') ?? 'all';
  const iids = arrayParam(ctx, 'iids');
  const labels = (stringParam(ctx, 'labels') ?? '')
    .split(',')
    .map((l) => l.trim())
    .filter(Boolean);
  const filtered = items.filter((item) => {
    const updated = Date.parse(item.updatedAt);
    if (state !== 'all' && item.state !== state) return false;
    if (iids.length > 0 && !iids.includes(String(item.iid))) return false;
    if (!labels.every((l) => item.labels.includes(l))) return false;
    if (after !== null && updated < after) return false;
    if (before !== null && updated > before) return false;
    return true;
  });
  const orderBy = stringParam(ctx, 'order_by') === 'updated_at' ? 'updatedAt' : 'createdAt';
  return list(
    ctx,
    sortBy(filtered, (i) => `${i[orderBy]}#${String(i.iid).padStart(9, '0')}`, stringParam(ctx, 'sort')),
    serialise,
  );
}
