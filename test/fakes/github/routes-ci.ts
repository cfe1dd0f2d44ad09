import { HttpError } from './http-error.js';
import { renderDeployment, renderDeploymentStatus, renderJob, renderRun } from './render.js';
import { numberParam, ok, paged, repoFrom, type Route, type RouteContext } from './router.js';
import type { FakeDeployment, FakeRepo, FakeRun } from './world-types.js';

const CONCLUSIONS = new Set([
  'action_required',
  'cancelled',
  'failure',
  'neutral',
  'skipped',
  'stale',
  'success',
  'timed_out',
  'startup_failure',
]);

function runFrom(ctx: RouteContext, repo: FakeRepo): FakeRun {
  const id = numberParam(ctx.params[2]);
  const run = repo.runs.find((r) => r.id === id);
  if (!run) throw new HttpError(404, 'Not Found');
  return run;
}

function deploymentFrom(ctx: RouteContext, repo: FakeRepo): FakeDeployment {
  const id = numberParam(ctx.params[2]);
  const deployment = repo.deployments.find((d) => d.id === id);
  if (!deployment) throw new HttpError(404, 'Not Found');
  return deployment;
}

/** Same paging as lists, wrapped in GitHub's {total_count, <key>} envelope. */
function envelope(ctx: RouteContext, key: string, items: unknown[]) {
  const page = paged(ctx, items);
  return { ...page, body: { total_count: items.length, [key]: page.body } };
}

export const ciRoutes: Route[] = [
  {
    method: 'GET',
    pattern: /^\/repos\/([^/]+)\/([^/]+)\/actions\/runs$/,
    handle: (ctx) => {
      const repo = repoFrom(ctx);
      const q = ctx.query;
      const status = q.get('status');
      const runs = [...repo.runs]
        .filter(
          (run) =>
            (!q.get('branch') || run.branch === q.get('branch')) &&
            (!q.get('event') || run.event === q.get('event')) &&
            (!q.get('head_sha') || run.headSha === q.get('head_sha')),
        )
        .filter((run) => !status || (CONCLUSIONS.has(status) ? run.conclusion === status : run.status === status))
        .sort((a, b) => b.createdAt - a.createdAt || b.id - a.id);
      return envelope(
        ctx,
        'workflow_runs',
        runs.map((run) => renderRun(ctx.world, repo, run)),
      );
    },
  },
  {
    method: 'GET',
    pattern: /^\/repos\/([^/]+)\/([^/]+)\/actions\/runs\/(\d+)$/,
    handle: (ctx) => {
      const repo = repoFrom(ctx);
      return ok(renderRun(ctx.world, repo, runFrom(ctx, repo)));
    },
  },
  {
    method: 'GET',
    pattern: /^\/repos\/([^/]+)\/([^/]+)\/actions\/runs\/(\d+)\/jobs$/,
    handle: (ctx) => {
      const repo = repoFrom(ctx);
      const run = runFrom(ctx, repo);
      return envelope(
        ctx,
        'jobs',
        run.jobs.map((job) => renderJob(ctx.world, repo, run, job)),
      );
    },
  },
  {
    method: 'GET',
    pattern: /^\/repos\/([^/]+)\/([^/]+)\/deployments$/,
    handle: (ctx) => {
      const repo = repoFrom(ctx);
      const q = ctx.query;
      const deployments = [...repo.deployments]
        .reverse()
        .filter(
          (d) =>
            (!q.get('environment') || d.environment === q.get('environment')) &&
            (!q.get('ref') || d.ref === q.get('ref')) &&
            (!q.get('sha') || d.sha === q.get('sha')),
        );
      return paged(
        ctx,
        deployments.map((d) => renderDeployment(ctx.world, repo, d)),
      );
    },
  },
  {
    method: 'GET',
    pattern: /^\/repos\/([^/]+)\/([^/]+)\/deployments\/(\d+)$/,
    handle: (ctx) => {
      const repo = repoFrom(ctx);
      return ok(renderDeployment(ctx.world, repo, deploymentFrom(ctx, repo)));
    },
  },
  {
    method: 'GET',
    pattern: /^\/repos\/([^/]+)\/([^/]+)\/deployments\/(\d+)\/statuses$/,
    handle: (ctx) => {
      const repo = repoFrom(ctx);
      const deployment = deploymentFrom(ctx, repo);
      return paged(
        ctx,
        [...deployment.statuses].reverse().map((s) => renderDeploymentStatus(ctx.world, repo, deployment, s)),
      );
    },
  },
];
