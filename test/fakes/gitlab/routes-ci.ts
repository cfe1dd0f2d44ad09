import { deploymentJson, jobJson, pipelineJson, releaseJson, wikiJson } from './render.js';
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
import type { FakePipeline, FakeProject } from './world-types.js';

/** Pipelines and jobs, deployments, releases and wiki pages: none of these are in the events feed. */
export function ciRoutes(): Route[] {
  return [
    route('GET', 'projects/:id/pipelines', (ctx) =>
      withProject(ctx, (p) => {
        const after = timeParam(ctx, 'updated_after');
        const before = timeParam(ctx, 'updated_before');
        if (after === 'invalid' || before === 'invalid') return badRequest('updated_after / updated_before is invalid');
        const ref = stringParam(ctx, 'ref');
        const status = stringParam(ctx, 'status');
        const rows = p.pipelines.filter((pl) => {
          const updated = Date.parse(pl.updatedAt);
          return (
            (after === null || updated > after) &&
            (before === null || updated < before) &&
            (ref === undefined || pl.ref === ref) &&
            (status === undefined || pl.status === status)
          );
        });
        const orderBy = stringParam(ctx, 'order_by') ?? 'id';
        if (!['id', 'status', 'ref', 'updated_at', 'user_id'].includes(orderBy))
          return badRequest('order_by does not have a valid value');
        const key =
          orderBy === 'updated_at'
            ? (pl: FakePipeline) => `${pl.updatedAt}#${pl.id}`
            : orderBy === 'status'
              ? (pl: FakePipeline) => pl.status
              : orderBy === 'ref'
                ? (pl: FakePipeline) => pl.ref
                : (pl: FakePipeline) => pl.id;
        return list(ctx, sortBy(rows, key, stringParam(ctx, 'sort')), (pl) => pipelineJson(ctx.base, p, pl, false));
      }),
    ),
    route('GET', 'projects/:id/pipelines/:pid', (ctx) =>
      withPipeline(ctx, (p, pl) => json(pipelineJson(ctx.base, p, pl, true))),
    ),
    route('GET', 'projects/:id/pipelines/:pid/jobs', (ctx) =>
      withPipeline(ctx, (p, pl) => {
        const scopes = arrayParam(ctx, 'scope');
        const jobs = pl.jobs.filter((j) => scopes.length === 0 || scopes.includes(j.status));
        return list(ctx, jobs, (j) => jobJson(ctx.base, p, pl, j));
      }),
    ),
    route('GET', 'projects/:id/deployments', (ctx) =>
      withProject(ctx, (p) => {
        const after = timeParam(ctx, 'updated_after');
        const before = timeParam(ctx, 'updated_before');
        if (after === 'invalid' || before === 'invalid') return badRequest('updated_after / updated_before is invalid');
        const orderBy = stringParam(ctx, 'order_by') ?? 'id';
        // As DeploymentsFinder: filtering on updated_at needs sorting on it.
        if ((after !== null || before !== null) && orderBy !== 'updated_at')
          return json({ message: '400 Bad request - `updated_at` filter requires `updated_at` sort' }, 400);
        const environment = stringParam(ctx, 'environment');
        const status = stringParam(ctx, 'status');
        const rows = p.deployments.filter((d) => {
          const updated = Date.parse(d.updatedAt);
          return (
            (after === null || updated > after) &&
            (before === null || updated < before) &&
            (environment === undefined || d.environment.name === environment) &&
            (status === undefined || d.status === status)
          );
        });
        return list(
          ctx,
          sortBy(
            rows,
            (d) => (orderBy === 'updated_at' ? `${d.updatedAt}#${d.id}` : d.id),
            stringParam(ctx, 'sort'),
            'asc',
          ),
          (d) => deploymentJson(ctx.base, d),
        );
      }),
    ),
    route('GET', 'projects/:id/deployments/:did', (ctx) =>
      withProject(ctx, (p) => {
        const deployment = p.deployments.find((d) => String(d.id) === ctx.params.did);
        return deployment ? json(deploymentJson(ctx.base, deployment)) : notFound('Deployment');
      }),
    ),
    route('GET', 'projects/:id/releases', (ctx) =>
      withProject(ctx, (p) => {
        const orderBy = stringParam(ctx, 'order_by') === 'created_at' ? 'createdAt' : 'releasedAt';
        return list(
          ctx,
          sortBy(p.releases, (r) => r[orderBy], stringParam(ctx, 'sort')),
          (r) => releaseJson(ctx.base, p, r, ctx.store.now()),
        );
      }),
    ),
    route('GET', 'projects/:id/releases/:tag', (ctx) =>
      withProject(ctx, (p) => {
        const release = p.releases.find((r) => r.tagName === ctx.params.tag);
        return release ? json(releaseJson(ctx.base, p, release, ctx.store.now())) : notFound('Release');
      }),
    ),
    route('GET', 'projects/:id/wikis', (ctx) =>
      withProject(ctx, (p) =>
        json([...p.wiki.values()].map((page) => wikiJson(page, stringParam(ctx, 'with_content') === '1'))),
      ),
    ),
    route('GET', 'projects/:id/wikis/:slug', (ctx) =>
      withProject(ctx, (p) => {
        const page = p.wiki.get(ctx.params.slug ?? '');
        return page ? json(wikiJson(page, true)) : notFound('Wiki Page');
      }),
    ),
  ];
}

function withPipeline(
  ctx: RouteContext,
  fn: (project: FakeProject, pipeline: FakePipeline) => RouteResult,
): RouteResult {
  return withProject(ctx, (project) => {
    const pipeline = project.pipelines.find((pl) => String(pl.id) === ctx.params.pid);
    return pipeline ? fn(project, pipeline) : notFound('Pipeline');
  });
}
