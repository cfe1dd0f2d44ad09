import { notifyRunFailed } from './notifications.js';
import { resolveRef } from './commit-graph.js';
import type { World } from './world.js';
import type { FakeDeployment, FakeDeploymentStatus, FakeJob, FakeRun } from './world-types.js';

export interface JobInput {
  name: string;
  status?: string;
  conclusion?: string | null;
}

export interface WorkflowRunInput {
  branch: string;
  name?: string;
  status?: string;
  conclusion?: string | null;
  event?: string;
  headSha?: string;
  /** A run of a fork's pull request: the fork (owner/name) holding the head commit and branch. */
  headRepo?: string;
  actor?: string;
  jobs?: JobInput[];
  /** Pretend the run started this long ago (for durations). */
  durationSeconds?: number;
}

function makeJobs(
  world: World,
  inputs: JobInput[],
  status: string,
  conclusion: string | null,
  startedAt: number,
): FakeJob[] {
  return inputs.map((job) => {
    const jobStatus = job.status ?? status;
    return {
      id: world.nextId(),
      name: job.name,
      status: jobStatus,
      conclusion: job.conclusion !== undefined ? job.conclusion : conclusion,
      startedAt,
      completedAt: jobStatus === 'completed' ? world.now() : null,
    };
  });
}

const FAILED = new Set(['failure', 'timed_out', 'startup_failure']);

/** Creates a workflow run. No feed event: GitHub has none for runs, they are only visible under actions/runs. */
export function workflowRun(world: World, fullName: string, input: WorkflowRunInput): FakeRun {
  const repo = world.repo(fullName);
  if (!repo.workflows) throw new Error(`GitHub fake: ${fullName} has no workflow files, so no runs`);
  const now = world.now();
  const startedAt = now - (input.durationSeconds ?? 0) * 1000;
  const status = input.status ?? (input.conclusion ? 'completed' : 'queued');
  const conclusion = input.conclusion ?? null;
  const headSha = input.headSha ?? resolveRef(repo, input.branch);
  if (!headSha) throw new Error(`GitHub fake: unknown branch ${input.branch}`);
  const name = input.name ?? 'CI';
  const run: FakeRun = {
    id: world.nextId(),
    name,
    displayTitle: repo.commits.get(headSha)?.message.split('\n')[0] ?? name,
    branch: input.branch,
    headSha,
    ...(input.headRepo ? { headRepo: input.headRepo } : {}),
    event: input.event ?? 'push',
    status,
    conclusion,
    runNumber: repo.runs.length + 1,
    runAttempt: 1,
    actor: input.actor ?? world.defaultActor,
    createdAt: startedAt,
    updatedAt: now,
    startedAt,
    jobs: makeJobs(world, input.jobs ?? [{ name: 'build' }], status, conclusion, startedAt),
  };
  repo.runs.push(run);
  world.log('workflowRun', repo, [], run.id);
  if (run.status === 'completed' && FAILED.has(run.conclusion ?? '')) notifyRunFailed(world, repo, run);
  return run;
}

export interface RunUpdate {
  status: string;
  conclusion?: string | null;
  /** Replaces the jobs; by default unfinished jobs take the run's status and conclusion. */
  jobs?: JobInput[];
  /** A re-run: attempt + 1, started now. */
  rerun?: boolean;
}

export function updateWorkflowRun(world: World, fullName: string, runId: number, update: RunUpdate): FakeRun {
  const repo = world.repo(fullName);
  const run = repo.runs.find((r) => r.id === runId);
  if (!run) throw new Error(`GitHub fake: no run ${runId}`);
  const now = world.now();
  if (update.rerun) {
    run.runAttempt++;
    run.startedAt = now;
  }
  run.status = update.status;
  run.conclusion = update.conclusion ?? null;
  run.updatedAt = now;
  if (update.jobs) {
    run.jobs = makeJobs(world, update.jobs, run.status, run.conclusion, run.startedAt);
  } else {
    for (const job of run.jobs) {
      if (job.status === 'completed' && !update.rerun) continue;
      job.status = run.status;
      job.conclusion = run.conclusion;
      job.completedAt = run.status === 'completed' ? now : null;
    }
  }
  world.log('updateWorkflowRun', repo, [], run.id);
  if (run.status === 'completed' && FAILED.has(run.conclusion ?? '')) notifyRunFailed(world, repo, run);
  return run;
}

export interface DeployInput {
  environment: string;
  ref: string;
  sha?: string;
  description?: string | null;
  /** First status, when given (pending, queued, in_progress, success, failure, error, inactive). */
  state?: string;
  actor?: string;
}

export interface StatusInput {
  description?: string;
  environmentUrl?: string;
  logUrl?: string;
  actor?: string;
}

export function deploy(world: World, fullName: string, input: DeployInput): FakeDeployment {
  const repo = world.repo(fullName);
  const sha = input.sha ?? resolveRef(repo, input.ref);
  if (!sha) throw new Error(`GitHub fake: unknown ref ${input.ref}`);
  const now = world.now();
  const deployment: FakeDeployment = {
    id: world.nextId(),
    sha,
    ref: input.ref,
    environment: input.environment,
    description: input.description ?? null,
    creator: input.actor ?? world.defaultActor,
    createdAt: now,
    updatedAt: now,
    statuses: [],
  };
  repo.deployments.push(deployment);
  world.log('deploy', repo, [], deployment.id);
  if (input.state) deploymentStatus(world, fullName, deployment.id, input.state, { actor: deployment.creator });
  return deployment;
}

/** Adds a deployment status (newest last here; the API lists newest first). Bumps the deployment's updated_at. */
export function deploymentStatus(
  world: World,
  fullName: string,
  deploymentId: number,
  state: string,
  input: StatusInput = {},
): FakeDeploymentStatus {
  const repo = world.repo(fullName);
  const deployment = repo.deployments.find((d) => d.id === deploymentId);
  if (!deployment) throw new Error(`GitHub fake: no deployment ${deploymentId}`);
  const now = world.now();
  const status: FakeDeploymentStatus = {
    id: world.nextId(),
    state,
    description: input.description ?? '',
    environmentUrl: input.environmentUrl ?? '',
    logUrl: input.logUrl ?? '',
    creator: input.actor ?? world.defaultActor,
    createdAt: now,
  };
  deployment.statuses.push(status);
  deployment.updatedAt = now;
  world.log('deploymentStatus', repo, [], status.id);
  return status;
}
