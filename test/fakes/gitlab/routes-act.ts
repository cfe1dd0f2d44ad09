import { retryPipeline } from './ci-actions.js';
import { approve, mergeMergeRequest, unapprove } from './issue-actions.js';
import { detailedMergeStatus, mergeRequestJson } from './render.js';
import { json, notFound, route, type Route, type RouteContext, type RouteResult, withProject } from './router.js';
import type { FakeMergeRequest, FakeProject } from './world-types.js';

/**
 * What a person does on a merge request or a pipeline, answered as GitLab's REST API documents it: approve (401 for
 * one's own merge request or a second approval), unapprove (404 when not approved), accept (405 not mergeable, 406
 * conflicts, 409 SHA mismatch, 401/403 without permission; `merge_when_pipeline_succeeds` / `auto_merge` schedule it),
 * retry a pipeline (403 for a Reporter).
 */

function withMr(ctx: RouteContext, fn: (project: FakeProject, mr: FakeMergeRequest) => RouteResult): RouteResult {
  return withProject(ctx, (project) => {
    const mr = project.mergeRequests.find((m) => String(m.iid) === ctx.params.iid);
    return mr ? fn(project, mr) : notFound('Merge Request');
  });
}

const isReporter = (project: FakeProject, ctx: RouteContext): boolean =>
  project.reporters?.has(ctx.user.username) === true;
const truthy = (v: unknown): boolean => v === true || v === 'true';

export function actRoutes(): Route[] {
  return [
    route('POST', 'projects/:id/merge_requests/:iid/approve', (ctx) =>
      withMr(ctx, (project, mr) => {
        const own = mr.author.id === ctx.user.id;
        const already = mr.approvals.some((a) => a.user.id === ctx.user.id);
        if (own || already || isReporter(project, ctx)) return json({ message: '401 Unauthorized' }, 401);
        if (typeof ctx.input.sha === 'string' && ctx.input.sha !== mr.sha)
          return json({ message: 'SHA does not match HEAD of source branch' }, 409);
        approve(ctx.store, project.path, mr.iid, { author: ctx.user.username });
        return json(mergeRequestJson(ctx.base, project, mr), 201);
      }),
    ),
    route('POST', 'projects/:id/merge_requests/:iid/unapprove', (ctx) =>
      withMr(ctx, (project, mr) => {
        if (!mr.approvals.some((a) => a.user.id === ctx.user.id)) return json({ message: '404 Not Found' }, 404);
        unapprove(ctx.store, project.path, mr.iid, { author: ctx.user.username });
        return json(mergeRequestJson(ctx.base, project, mr), 201);
      }),
    ),
    route('PUT', 'projects/:id/merge_requests/:iid/merge', (ctx) =>
      withMr(ctx, (project, mr) => {
        if (isReporter(project, ctx)) return json({ message: '403 Forbidden' }, 403);
        if (typeof ctx.input.sha === 'string' && ctx.input.sha !== mr.sha)
          return json({ message: 'SHA does not match HEAD of source branch: ' + (mr.sha ?? '') }, 409);
        const status = detailedMergeStatus(project, mr);
        const auto = truthy(ctx.input.merge_when_pipeline_succeeds) || truthy(ctx.input.auto_merge);
        if (auto && status === 'ci_still_running') {
          mr.autoMerge = true;
          return json(mergeRequestJson(ctx.base, project, mr));
        }
        if (status === 'conflict') return json({ message: '406 Branch cannot be merged' }, 406);
        if (status !== 'mergeable') return json({ message: '405 Method Not Allowed' }, 405);
        mergeMergeRequest(ctx.store, project.path, mr.iid, { author: ctx.user.username });
        return json(mergeRequestJson(ctx.base, project, mr));
      }),
    ),
    route('POST', 'projects/:id/pipelines/:pid/retry', (ctx) =>
      withProject(ctx, (project) => {
        const pipeline = project.pipelines.find((p) => String(p.id) === ctx.params.pid);
        if (!pipeline) return notFound('Pipeline');
        if (isReporter(project, ctx)) return json({ message: '403 Forbidden' }, 403);
        retryPipeline(ctx.store, project.path, pipeline.id, ctx.user.username);
        return json({ id: pipeline.id, status: pipeline.status, ref: pipeline.ref, sha: pipeline.sha }, 201);
      }),
    ),
  ];
}
