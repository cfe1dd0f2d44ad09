import { addTodo } from './todos.js';
import { createTag } from './repo-actions.js';
import type { World } from './world.js';
import type {
  DeploymentStatus,
  FakeDeployment,
  FakeJob,
  FakePipeline,
  FakeProject,
  FakeRelease,
  JobStatus,
  PipelineStatus,
} from './world-types.js';

export interface JobSpec {
  name: string;
  stage: string;
  status: JobStatus;
  allowFailure?: boolean;
}

export interface RunPipelineOptions {
  ref?: string;
  sha?: string;
  status?: PipelineStatus;
  jobs?: JobSpec[];
  /** Seconds the pipeline ran, when it is created already finished or when it finishes. */
  durationSeconds?: number;
  user?: string;
  source?: string;
}

const FINISHED: readonly string[] = ['success', 'failed', 'canceled', 'skipped'];

/** Pipelines are not in the events feed (as on GitLab): only `/projects/:id/pipelines`. */
export function runPipeline(store: World, projectRef: string, options: RunPipelineOptions = {}): FakePipeline {
  const project = store.project(projectRef);
  const ref = options.ref ?? project.defaultBranch;
  const sha = options.sha ?? project.branches.get(ref) ?? project.tags.get(ref);
  if (!sha) throw new Error(`fake GitLab: unknown ref ${ref}`);
  const now = store.iso();
  const pipeline: FakePipeline = {
    id: store.next('pipeline') + 700_000,
    iid: project.pipelines.length + 1,
    projectId: project.id,
    ref,
    sha,
    status: 'created',
    source: options.source ?? 'push',
    user: store.user(options.user),
    createdAt: now,
    updatedAt: now,
    startedAt: null,
    finishedAt: null,
    duration: null,
    jobs: makeJobs(store, options.jobs ?? [{ name: 'test', stage: 'test', status: 'created' }]),
  };
  project.pipelines.push(pipeline);
  applyStatus(store, pipeline, options.status ?? 'running', options.durationSeconds);
  store.log(`pipeline.${pipeline.status}`, project, null, pipeline.id);
  buildFailedTodos(store, project, pipeline);
  return pipeline;
}

export function updatePipeline(
  store: World,
  projectRef: string,
  pipelineId: number,
  options: { status: PipelineStatus; jobs?: JobSpec[]; durationSeconds?: number },
): FakePipeline {
  const project = store.project(projectRef);
  const pipeline = project.pipelines.find((p) => p.id === pipelineId);
  if (!pipeline) throw new Error(`fake GitLab: no pipeline ${pipelineId}`);
  if (options.jobs) pipeline.jobs = makeJobs(store, options.jobs);
  applyStatus(store, pipeline, options.status, options.durationSeconds);
  store.log(`pipeline.${pipeline.status}`, project, null, pipeline.id);
  buildFailedTodos(store, project, pipeline);
  return pipeline;
}

/** A failed pipeline on a merge request's source branch: a `build_failed` to-do for the merge request's author. */
function buildFailedTodos(store: World, project: FakeProject, pipeline: FakePipeline): void {
  if (pipeline.status !== 'failed') return;
  for (const mr of project.mergeRequests)
    if (mr.state === 'opened' && mr.sourceBranch === pipeline.ref)
      addTodo(store, project, mr.author, pipeline.user, 'build_failed', 'MergeRequest', mr.iid, '');
}

function makeJobs(store: World, specs: JobSpec[]): FakeJob[] {
  return specs.map((s) => ({
    id: store.next('job') + 3_000_000,
    name: s.name,
    stage: s.stage,
    status: s.status,
    allowFailure: s.allowFailure ?? false,
    createdAt: store.iso(),
    finishedAt: FINISHED.includes(s.status) ? store.iso() : null,
  }));
}

function applyStatus(
  store: World,
  pipeline: FakePipeline,
  status: PipelineStatus,
  durationSeconds: number | undefined,
): void {
  const now = store.now();
  pipeline.status = status;
  pipeline.updatedAt = new Date(now).toISOString();
  if (status === 'running' || FINISHED.includes(status)) {
    pipeline.startedAt ??= new Date(
      FINISHED.includes(status) ? now - (durationSeconds ?? 0) * 1000 : now,
    ).toISOString();
  }
  if (!FINISHED.includes(status)) return;
  pipeline.finishedAt = pipeline.updatedAt;
  pipeline.duration =
    durationSeconds ?? Math.round((now - Date.parse(pipeline.startedAt ?? pipeline.createdAt)) / 1000);
  for (const job of pipeline.jobs) {
    if (FINISHED.includes(job.status)) continue;
    job.status = status === 'success' ? 'success' : 'canceled';
    job.finishedAt = pipeline.updatedAt;
  }
}

export function deploy(
  store: World,
  projectRef: string,
  options: { environment: string; ref?: string; sha?: string; status?: DeploymentStatus; user?: string },
): FakeDeployment {
  const project = store.project(projectRef);
  const ref = options.ref ?? project.defaultBranch;
  const sha = options.sha ?? project.branches.get(ref) ?? project.tags.get(ref);
  if (!sha) throw new Error(`fake GitLab: unknown ref ${ref}`);
  const now = store.iso();
  const status = options.status ?? 'running';
  const deployment: FakeDeployment = {
    id: store.next('deployment') + 400_000,
    iid: project.deployments.length + 1,
    projectId: project.id,
    environment: environmentOf(store, project, options.environment),
    ref,
    sha,
    status,
    user: store.user(options.user),
    createdAt: now,
    updatedAt: now,
    finishedAt: FINISHED.includes(status) ? now : null,
  };
  project.deployments.push(deployment);
  store.log(`deployment.${status}`, project, null, deployment.id);
  return deployment;
}

export function updateDeployment(
  store: World,
  projectRef: string,
  deploymentId: number,
  status: DeploymentStatus,
): FakeDeployment {
  const project = store.project(projectRef);
  const deployment = project.deployments.find((d) => d.id === deploymentId);
  if (!deployment) throw new Error(`fake GitLab: no deployment ${deploymentId}`);
  deployment.status = status;
  deployment.updatedAt = store.iso();
  if (FINISHED.includes(status)) deployment.finishedAt = deployment.updatedAt;
  store.log(`deployment.${status}`, project, null, deployment.id);
  return deployment;
}

function environmentOf(store: World, project: FakeProject, name: string): { id: number; name: string } {
  return (
    project.deployments.find((d) => d.environment.name === name)?.environment ?? { id: store.next('environment'), name }
  );
}

/** Publishes a release (creating its tag, with its tag-push event, when missing). Releases are not in the events feed. */
export function publishRelease(
  store: World,
  projectRef: string,
  options: { tag: string; name?: string; description?: string; ref?: string; author?: string; releasedAt?: string },
): FakeRelease {
  const project = store.project(projectRef);
  if (!project.tags.has(options.tag))
    createTag(store, projectRef, options.tag, { ref: options.ref ?? project.defaultBranch, author: options.author });
  const now = store.iso();
  const release: FakeRelease = {
    tagName: options.tag,
    name: options.name ?? options.tag,
    description: options.description ?? '',
    sha: project.tags.get(options.tag) ?? '',
    author: store.user(options.author),
    createdAt: now,
    releasedAt: options.releasedAt ?? now,
  };
  project.releases.push(release);
  store.log('release.published', project, null, options.tag);
  return release;
}

/** `POST /pipelines/:id/retry`: failed and canceled jobs run again; the pipeline is pending (GitLab's answer: 201). */
export function retryPipeline(store: World, projectRef: string, pipelineId: number, by: string): FakePipeline {
  const project = store.project(projectRef);
  const pipeline = project.pipelines.find((p) => p.id === pipelineId);
  if (!pipeline) throw new Error(`fake GitLab: no pipeline ${pipelineId}`);
  for (const job of pipeline.jobs)
    if (job.status === 'failed' || job.status === 'canceled')
      Object.assign(job, { status: 'pending', finishedAt: null });
  pipeline.status = 'pending';
  pipeline.finishedAt = null;
  pipeline.updatedAt = store.iso();
  store.log(`pipeline.retried by ${by}`, project, null, pipeline.id);
  return pipeline;
}
