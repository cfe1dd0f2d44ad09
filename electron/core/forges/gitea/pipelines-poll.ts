import type { FailedJob, ForgeEvent } from '../../events/forge-event.js';
import type { Logger } from '../../runtime/logger.js';
import { ForgeError } from '../forge-error.js';
import type { GiteaClient, Meter } from './client.js';
import { keepLast, type GiteaCursor } from './cursor.js';
import { buildEvent } from './normalise-feed-event.js';
import { jobListSchema, jobSchema, runListSchema, runSchema, type GiteaRun } from './schemas.js';

const MAX_FAILED_JOBS = 10;
const REMEMBERED = 300;
/** A server without an Actions API is asked again after this long (it may have been upgraded). */
const RECHECK_MS = 60 * 60_000;
const TERMINAL = new Set(['success', 'failure', 'cancelled', 'skipped']);

export interface RunsContext {
  client: GiteaClient;
  accountId: string;
  repo: string;
  repoPath: string;
  repoUrl: string;
  meter: Meter;
  logger: Logger;
}

type RunsState = GiteaCursor['runs'];

/** 'success' | 'failed' for outcomes Forgebell notifies; null while running and for cancelled/skipped. */
export function runOutcome(run: Pick<GiteaRun, 'status' | 'conclusion'>): 'success' | 'failed' | null {
  // Gitea ≥ 1.24 answers GitHub's way (status completed + conclusion); Forgejo and the tasks list put it in status.
  const result = run.status === 'completed' ? run.conclusion : run.status;
  if (result === 'success') return 'success';
  return result === 'failure' || result === 'timed_out' ? 'failed' : null;
}

/**
 * Gitea/Forgejo Actions runs for `pipelines`. The runs list (`/actions/runs`: Gitea 1.24+, recent Forgejo) is read
 * first; a server without it is read through its tasks list (`/actions/tasks`: Gitea 1.22+, Forgejo 7+, one row per
 * job, grouped here by run number); a server with neither gets a warning that says which version is needed.
 */
export async function pollRuns(
  ctx: RunsContext,
  state: RunsState,
  since: number,
  now: number,
): Promise<{ events: ForgeEvent[]; state: RunsState; warnings: string[] }> {
  let api = state.api;
  if (api === 'none' && state.checkedAt && now - Date.parse(state.checkedAt) < RECHECK_MS)
    return { events: [], state, warnings: [] };
  let runs: GiteaRun[] | null = null;
  if (api !== 'tasks') {
    runs = await readList(ctx, `${ctx.repoPath}/actions/runs`, { limit: 30 });
    api = runs ? 'runs' : 'tasks';
  }
  if (api === 'tasks') {
    const tasks = await readList(ctx, `${ctx.repoPath}/actions/tasks`, { limit: 50 });
    runs = tasks ? groupTasks(tasks) : null;
    if (!runs) api = 'none';
  }
  const checkedAt = new Date(now).toISOString();
  if (api === 'none' || !runs)
    return {
      events: [],
      state: { ...state, api: 'none', checkedAt },
      warnings: [
        `${ctx.repo}: this server has no Actions API to read workflow runs from (it needs Gitea 1.22 or later, or Forgejo 7 or later, with Actions enabled for the repository); pipelines are not reported.`,
      ],
    };
  const reported = new Set(state.reported);
  const keys: string[] = [];
  const events: ForgeEvent[] = [];
  for (const run of [...runs].reverse()) {
    const outcome = runOutcome(run);
    if (!outcome) continue;
    const number = run.run_number ?? run.index ?? run.id;
    const key = `${number}:${outcome}`;
    keys.push(key);
    const finishedAt = run.completed_at ?? run.stopped ?? run.updated_at ?? run.updated ?? run.created_at;
    if (reported.has(key) || !finishedAt || Date.parse(finishedAt) < since) continue;
    const failedJobs =
      outcome === 'failed'
        ? api === 'tasks'
          ? (run as GroupedRun).failedJobs
          : await readFailedJobs(ctx, run.id)
        : [];
    events.push(runEvent(ctx, run, outcome, finishedAt, failedJobs, api === 'runs'));
  }
  return {
    events,
    state: {
      api,
      checkedAt,
      reported: keepLast([...state.reported, ...keys.filter((k) => !reported.has(k))], REMEMBERED),
    },
    warnings: [],
  };
}

function runEvent(
  ctx: RunsContext,
  run: GiteaRun,
  outcome: 'success' | 'failed',
  finishedAt: string,
  failedJobs: FailedJob[],
  /** Read from `/actions/runs`: a server with only `/actions/tasks` has no API to re-run a run either. */
  rerunnable: boolean,
): ForgeEvent {
  const number = run.run_number ?? run.index ?? run.id;
  const branch = run.head_branch ?? run.prettyref ?? null;
  const started = run.started_at ?? run.run_started_at ?? run.started ?? null;
  const duration = started ? Math.round((Date.parse(finishedAt) - Date.parse(started)) / 1000) : NaN;
  return buildEvent(
    ctx,
    `${ctx.accountId}:gt-run:${number}:${outcome}`,
    run.trigger_actor?.login ?? run.actor?.login ?? run.trigger_user?.login ?? '',
    finishedAt,
    {
      event: 'pipelines',
      action: outcome,
      title: run.display_title ?? run.title ?? run.name ?? `Run #${number}`,
      url: run.html_url ?? `${ctx.repoUrl}/actions/runs/${number}`,
      branch,
      state: outcome,
      details: {
        kind: 'pipeline',
        status: outcome,
        durationSeconds: Number.isFinite(duration) && duration >= 0 ? duration : null,
        sha: run.head_sha ?? run.commit_sha ?? null,
        failedStages: [],
        failedJobs: failedJobs.slice(0, MAX_FAILED_JOBS),
        name: run.name ?? null,
        ...(rerunnable ? {} : { rerunnable: false }),
      },
    },
  );
}

/** The list's runs (newest first), or null when the server has no such endpoint. */
async function readList(ctx: RunsContext, path: string, query: Record<string, number>): Promise<GiteaRun[] | null> {
  const list = await ctx.client.optional(path, runListSchema, { query, meter: ctx.meter });
  if (!list) return null;
  return ctx.client.validItems(runSchema, list.workflow_runs ?? [], path);
}

interface GroupedRun extends GiteaRun {
  failedJobs: FailedJob[];
}

/** Tasks (one per job) → runs: failed when a job failed, success when all succeeded, nothing while one still runs. */
function groupTasks(tasks: GiteaRun[]): GroupedRun[] {
  const byRun = new Map<number, GiteaRun[]>();
  for (const task of tasks) {
    const number = task.run_number ?? task.id;
    byRun.set(number, [...(byRun.get(number) ?? []), task]);
  }
  const runs: GroupedRun[] = [];
  for (const [number, jobs] of byRun) {
    const first = jobs[0]!;
    const done = jobs.every((j) => TERMINAL.has(j.status));
    const failed = jobs.filter((j) => j.status === 'failure');
    const status = !done
      ? 'running'
      : failed.length
        ? 'failure'
        : jobs.every((j) => j.status === 'success')
          ? 'success'
          : 'cancelled';
    const latest =
      jobs
        .map((j) => j.updated_at ?? '')
        .sort()
        .at(-1) || first.updated_at;
    const earliest = jobs
      .map((j) => j.run_started_at ?? j.created_at ?? '')
      .filter(Boolean)
      .sort()[0];
    runs.push({
      ...first,
      id: number,
      run_number: number,
      status,
      conclusion: null,
      name: null,
      html_url: first.url ? first.url.replace(/\/jobs\/\d+$/, '') : null,
      updated_at: latest ?? null,
      run_started_at: earliest ?? null,
      failedJobs: failed.map((j) => ({ name: j.name ?? 'job', stage: null, url: j.url ?? null })),
    });
  }
  return runs.sort((a, b) => (b.run_number ?? 0) - (a.run_number ?? 0));
}

async function readFailedJobs(ctx: RunsContext, runId: number): Promise<FailedJob[]> {
  try {
    const list = await ctx.client.get(`${ctx.repoPath}/actions/runs/${runId}/jobs`, jobListSchema, {
      meter: ctx.meter,
    });
    return ctx.client
      .validItems(jobSchema, list.jobs ?? list.workflow_jobs ?? [], 'jobs')
      .filter((job) => runOutcome({ status: job.status ?? '', conclusion: job.conclusion ?? null }) === 'failed')
      .map((job) => ({ name: job.name, stage: null, url: job.html_url ?? null }));
  } catch (error) {
    if (error instanceof ForgeError && (error.code === 'not_found' || error.code === 'forbidden')) {
      ctx.logger.info('gitea: could not read the jobs of a workflow run', { runId, code: error.code });
      return [];
    }
    throw error;
  }
}
