import type { FailedJob, ForgeEvent } from '../../events/forge-event.js';
import { githubEvent, type RepoContext } from './event-base.js';
import type { ForkPull } from './cursor.js';
import { forkPullsOf } from './fork-pulls.js';
import type { RunData } from './schemas.js';

const FAILED = new Set(['failure', 'timed_out', 'startup_failure']);

/** 'failed' | 'success' for conclusions Forgebell notifies; null for the others (cancelled, skipped, neutral …). */
export function runOutcome(conclusion: string | null | undefined): 'failed' | 'success' | null {
  if (conclusion === 'success') return 'success';
  return conclusion && FAILED.has(conclusion) ? 'failed' : null;
}

export function isFailedJob(conclusion: string | null | undefined): boolean {
  return conclusion !== null && conclusion !== undefined && FAILED.has(conclusion);
}

function durationSeconds(run: RunData): number | null {
  const start = Date.parse(run.run_started_at ?? run.created_at);
  const end = Date.parse(run.updated_at);
  return Number.isFinite(start) && Number.isFinite(end) && end >= start ? Math.round((end - start) / 1000) : null;
}

/**
 * A `pipelines` event for a workflow run; `action` is the outcome (or the raw status for a preview of an unfinished run).
 * `forks`: the open fork pull requests the repository knows (fork-pulls.ts), which the run's own list leaves out.
 */
export function runEvent(
  ctx: RepoContext,
  run: RunData,
  failedJobs: FailedJob[],
  id: string,
  forks?: readonly ForkPull[],
): ForgeEvent {
  const outcome = runOutcome(run.conclusion);
  const name = run.name ?? null;
  const starter = run.triggering_actor?.login ?? run.actor?.login ?? null;
  const pulls = [...(run.pull_requests ?? []).map((p) => `pull:${p.number}`), ...forkPullsOf(run, forks)];
  return githubEvent(ctx, {
    ...(pulls.length > 0 ? { checksFor: pulls } : {}),
    ...(starter ? { involved: { authors: [...new Set([starter, run.actor?.login ?? starter])] } } : {}),
    id,
    event: 'pipelines',
    action: outcome ?? run.conclusion ?? run.status ?? 'unknown',
    title: run.display_title ?? name ?? `Workflow run ${run.id}`,
    url: run.html_url,
    actor: run.triggering_actor?.login ?? run.actor?.login ?? 'github-actions',
    createdAt: run.updated_at,
    state: run.conclusion ?? run.status ?? null,
    branch: run.head_branch ?? null,
    details: {
      kind: 'pipeline',
      status: run.conclusion ?? run.status ?? 'unknown',
      durationSeconds: run.status === 'completed' ? durationSeconds(run) : null,
      sha: run.head_sha ?? null,
      failedStages: [],
      failedJobs,
      name,
    },
  });
}
