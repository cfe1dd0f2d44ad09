import type { FailedJob, ForgeEvent } from '../../events/forge-event.js';
import { ForgeError } from '../forge-error.js';
import type { Logger } from '../../runtime/logger.js';
import type { RepoContext } from './event-base.js';
import { rememberIds, type ForkPull, type RunsState } from './cursor.js';
import type { GitHubClient, RequestCounter } from './client.js';
import { jobListSchema, runListSchema } from './schemas.js';
import { isFailedJob, runEvent, runOutcome } from './run-events.js';

const PER_PAGE = 50;
const MAX_FAILED_JOBS = 10;
const REMEMBERED = 300;

interface RunsPollArgs {
  client: GitHubClient;
  repoPath: string;
  ctx: RepoContext;
  state: RunsState | null;
  since: Date;
  counter: RequestCounter;
  logger: Logger;
  /** Read a failed run's jobs (its card lists them); false when only people hear of runs (a DM does not). */
  failedJobs: boolean;
  /** The repository's open fork pull requests (fork-pulls.ts): their runs carry them in `checksFor`. */
  forks?: readonly ForkPull[];
}

/**
 * Workflow runs are not in the events feed: reads the newest completed runs (conditional GET, so an idle repo costs a
 * free 304) and reports each run once per conclusion, failures with up to 10 failed jobs.
 */
export async function pollWorkflowRuns(args: RunsPollArgs): Promise<{ events: ForgeEvent[]; state: RunsState }> {
  const { client, repoPath, ctx, state, counter } = args;
  const list = await client.get(`${repoPath}/actions/runs`, runListSchema, {
    query: { status: 'completed', per_page: PER_PAGE },
    etag: state?.etag,
    counter,
    what: 'workflow runs list',
  });
  if (!list.data) return { events: [], state: { etag: state?.etag ?? list.etag, reported: state?.reported ?? [] } };
  const reported = new Set(state?.reported ?? []);
  const sinceMs = args.since.getTime();
  const keys: string[] = [];
  const events: ForgeEvent[] = [];
  for (const run of [...list.data.workflow_runs].reverse()) {
    const key = `${run.id}:${run.conclusion ?? run.status ?? 'unknown'}`;
    keys.unshift(key);
    const outcome = runOutcome(run.conclusion);
    if (reported.has(key) || run.status !== 'completed' || !outcome || Date.parse(run.updated_at) < sinceMs) continue;
    const failedJobs = outcome === 'failed' && args.failedJobs ? await readFailedJobs(args, run.id) : [];
    events.push(runEvent(ctx, run, failedJobs, `${ctx.accountId}:gh-run:${run.id}:${run.conclusion}`, args.forks));
  }
  return { events, state: { etag: list.etag, reported: rememberIds(keys, state?.reported ?? [], REMEMBERED) } };
}

export async function readFailedJobs(
  args: Pick<RunsPollArgs, 'client' | 'repoPath' | 'counter' | 'logger'>,
  runId: number,
): Promise<FailedJob[]> {
  try {
    const jobs = await args.client.get(`${args.repoPath}/actions/runs/${runId}/jobs`, jobListSchema, {
      query: { per_page: 100 },
      counter: args.counter,
      what: `jobs of run ${runId}`,
    });
    return (jobs.data?.jobs ?? [])
      .filter((job) => isFailedJob(job.conclusion))
      .slice(0, MAX_FAILED_JOBS)
      .map((job) => ({ name: job.name, stage: null, url: job.html_url ?? null }));
  } catch (error) {
    if (error instanceof ForgeError && (error.code === 'not_found' || error.code === 'forbidden')) {
      args.logger.info('github: could not read the jobs of a workflow run', { runId, code: error.code });
      return [];
    }
    throw error;
  }
}
