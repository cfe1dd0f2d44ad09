import { deploy, deploymentStatus, updateWorkflowRun, workflowRun } from './ci-actions.js';
import { HttpError } from './http-error.js';
import { bodyObject, numberParam, ok, repoFrom, type Route, type RouteContext } from './router.js';
import type { World } from './world.js';
import type { FakePendingEnvironment, FakeRepo, FakeRun } from './world-types.js';

/**
 * Environments with required reviewers or a wait timer, as GitHub has them: a workflow job targeting such an environment makes the run
 * `waiting` and creates a deployment whose status is `waiting` (its log URL is the run's). The run's pending
 * deployments say who may approve (`current_user_can_approve` for the token's user: a required reviewer, or a member
 * of a reviewer team, and not the run's author when the environment prevents self-review); reviewing one moves the
 * deployment on (approved: `queued`; rejected: `failure`, and the run fails). An environment with only a wait timer lists
 * no reviewers, `wait_timer` in minutes and when it began, and nobody can approve it (`reviewPendingDeployment` stands
 * for the timer running out). Team members: GET /orgs/{o}/teams/{t}/members.
 */

export interface WaitingDeploymentInput {
  branch: string;
  /** One entry per environment the run waits on. */
  environments: {
    name: string;
    /** Required reviewers; empty when the environment waits only for its timer. */
    reviewers: { type: 'User' | 'Team'; name: string }[];
    preventSelfReview?: boolean;
    /** The environment's wait timer in minutes (default 0: none). */
    waitTimer?: number;
  }[];
  /** Who started the run (and the deployments). */
  actor?: string;
}

export interface WaitingDeployment {
  run: FakeRun;
  deployments: { environment: string; id: number }[];
}

export function waitForApproval(world: World, fullName: string, input: WaitingDeploymentInput): WaitingDeployment {
  const run = workflowRun(world, fullName, {
    branch: input.branch,
    name: 'Deploy',
    status: 'waiting',
    ...(input.actor ? { actor: input.actor } : {}),
  });
  const runUrl = `${world.urls.web}/${world.repo(fullName).fullName}/actions/runs/${run.id}`;
  run.pending = input.environments.map((e) => {
    const deployment = deploy(world, fullName, {
      environment: e.name,
      ref: input.branch,
      ...(input.actor ? { actor: input.actor } : {}),
    });
    deploymentStatus(world, fullName, deployment.id, 'waiting', { logUrl: runUrl, actor: 'github-actions[bot]' });
    return {
      environmentId: world.nextId(),
      environment: e.name,
      reviewers: e.reviewers,
      waitTimer: e.waitTimer ?? 0,
      waitTimerStartedAt: e.waitTimer ? run.createdAt : null,
      preventSelfReview: e.preventSelfReview ?? false,
      deploymentId: deployment.id,
    };
  });
  return { run, deployments: run.pending.map((p) => ({ environment: p.environment, id: p.deploymentId })) };
}

/** Approves or rejects on GitHub's side (someone on the web page): the deployment moves on as with the API. */
export function reviewPendingDeployment(
  world: World,
  fullName: string,
  runId: number,
  environment: string,
  state: 'approved' | 'rejected',
  actor: string,
): void {
  const repo = world.repo(fullName);
  const run = repo.runs.find((r) => r.id === runId);
  const entry = run?.pending?.find((p) => p.environment === environment);
  if (!run || !entry) throw new Error(`GitHub fake: run ${runId} does not wait on ${environment}`);
  decide(world, repo, run, [entry], state, actor);
}

function decide(
  world: World,
  repo: FakeRepo,
  run: FakeRun,
  entries: FakePendingEnvironment[],
  state: 'approved' | 'rejected',
  actor: string,
): void {
  run.pending = (run.pending ?? []).filter((p) => !entries.includes(p));
  for (const entry of entries)
    deploymentStatus(world, repo.fullName, entry.deploymentId, state === 'approved' ? 'queued' : 'failure', {
      actor,
      logUrl: `${world.urls.web}/${repo.fullName}/actions/runs/${run.id}`,
    });
  if (state === 'rejected')
    updateWorkflowRun(world, repo.fullName, run.id, { status: 'completed', conclusion: 'failure' });
  else if (run.pending.length === 0) updateWorkflowRun(world, repo.fullName, run.id, { status: 'queued' });
}

function canApprove(world: World, repo: FakeRepo, run: FakeRun, entry: FakePendingEnvironment, login: string): boolean {
  const who = login.toLowerCase();
  if (entry.preventSelfReview && run.actor.toLowerCase() === who) return false;
  return entry.reviewers.some((r) =>
    r.type === 'User'
      ? r.name.toLowerCase() === who
      : (world.teams.get(`${repo.owner}/${r.name}`.toLowerCase()) ?? []).some((m) => m.toLowerCase() === who),
  );
}

function runOf(ctx: RouteContext): { repo: FakeRepo; run: FakeRun } {
  const repo = repoFrom(ctx);
  const run = repo.runs.find((r) => r.id === numberParam(ctx.params[2]));
  if (!run) throw new HttpError(404, 'Not Found');
  return { repo, run };
}

function render(ctx: RouteContext, repo: FakeRepo, run: FakeRun, entry: FakePendingEnvironment) {
  const web = ctx.world.urls.web;
  return {
    environment: {
      id: entry.environmentId,
      node_id: `EN_${entry.environmentId}`,
      name: entry.environment,
      url: `${ctx.world.urls.api}/repos/${repo.fullName}/environments/${encodeURIComponent(entry.environment)}`,
      html_url: `${web}/${repo.fullName}/deployments/activity_log?environments_filter=${encodeURIComponent(entry.environment)}`,
    },
    wait_timer: entry.waitTimer,
    wait_timer_started_at:
      entry.waitTimerStartedAt === null
        ? null
        : new Date(entry.waitTimerStartedAt).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    current_user_can_approve: canApprove(ctx.world, repo, run, entry, ctx.token.login),
    reviewers: entry.reviewers.map((r) =>
      r.type === 'User'
        ? { type: 'User', reviewer: { login: r.name, id: 1, type: 'User', html_url: `${web}/${r.name}` } }
        : {
            type: 'Team',
            reviewer: { slug: r.name, name: r.name, id: 2, html_url: `${web}/orgs/${repo.owner}/teams/${r.name}` },
          },
    ),
  };
}

export const deployReviewRoutes: Route[] = [
  {
    method: 'GET',
    pattern: /^\/repos\/([^/]+)\/([^/]+)\/actions\/runs\/(\d+)\/pending_deployments$/,
    handle: (ctx) => {
      const { repo, run } = runOf(ctx);
      return ok((run.pending ?? []).map((p) => render(ctx, repo, run, p)));
    },
  },
  {
    method: 'POST',
    pattern: /^\/repos\/([^/]+)\/([^/]+)\/actions\/runs\/(\d+)\/pending_deployments$/,
    handle: (ctx) => {
      const { repo, run } = runOf(ctx);
      const body = bodyObject(ctx);
      const ids = body.environment_ids;
      if (!Array.isArray(ids) || ids.length === 0 || !ids.every((i) => typeof i === 'number'))
        throw new HttpError(422, 'Invalid request.\n\n"environment_ids" wasn\'t supplied.');
      if (body.state !== 'approved' && body.state !== 'rejected')
        throw new HttpError(422, 'Invalid request.\n\n"state" wasn\'t supplied.');
      if (typeof body.comment !== 'string') throw new HttpError(422, 'Invalid request.\n\n"comment" wasn\'t supplied.');
      const entries = (run.pending ?? []).filter((p) => (ids as number[]).includes(p.environmentId));
      if (entries.length !== ids.length)
        throw new HttpError(422, 'Unprocessable Entity', { errors: ['No pending deployment requests to review'] });
      if (!entries.every((e) => canApprove(ctx.world, repo, run, e, ctx.token.login)))
        throw new HttpError(422, 'Unprocessable Entity', {
          errors: ['The user is not a required reviewer of the environment or cannot review their own deployment'],
        });
      decide(ctx.world, repo, run, entries, body.state, ctx.token.login);
      return ok(
        entries.map((e) => ({
          id: e.deploymentId,
          environment: e.environment,
          state: body.state === 'approved' ? 'queued' : 'failure',
        })),
      );
    },
  },
  {
    method: 'GET',
    pattern: /^\/orgs\/([^/]+)\/teams\/([^/]+)\/members$/,
    handle: (ctx) => {
      const members = ctx.world.teams.get(`${ctx.params[0]}/${ctx.params[1]}`.toLowerCase());
      if (!members) throw new HttpError(404, 'Not Found');
      return ok(members.map((login) => ({ login, id: 1, type: 'User' })));
    },
  },
];
