import type { FailedJob, ForgeEvent } from '../../events/forge-event.js';
import { jobSchema, pipelineDetailSchema, pipelineSummarySchema } from './schemas.js';
import type { WatermarkState } from './cursor.js';
import { projectSegment } from './web-urls.js';
import { buildEvent } from './normalise-event.js';
import type { PollContext } from './poll-context.js';
import { advanceWatermark, updatedAfter } from './watermark.js';

const FINISHED = new Set(['success', 'failed']);
const MAX_FAILED_JOBS = 10;

/**
 * Pipelines are not in the events feed: `GET /projects/:id/pipelines?updated_after=&order_by=updated_at`.
 * Emits once per (pipeline, finished status) with duration, failed stages and up to 10 failed jobs.
 */
export async function pollPipelines(
  ctx: PollContext,
  state: WatermarkState,
  since: number,
): Promise<{ events: ForgeEvent[]; state: WatermarkState }> {
  const segment = projectSegment(ctx.path);
  const { items } = await ctx.client.list(`/projects/${segment}/pipelines`, pipelineSummarySchema, {
    query: { updated_after: updatedAfter(state, since), order_by: 'updated_at', sort: 'asc' },
    meter: ctx.meter,
    maxPages: 5,
  });
  const events: ForgeEvent[] = [];
  const newKeys: string[] = [];
  for (const summary of items) {
    const key = `${summary.id}:${summary.status}`;
    if (!FINISHED.has(summary.status) || state.seen.includes(key) || newKeys.includes(key)) continue;
    newKeys.push(key);
    const event = await pipelineEvent(ctx, summary.id);
    // The pipeline may have moved on (a retry) between the list and the detail: report what the detail says.
    const detailKey = `${summary.id}:${event.action}`;
    if (detailKey !== key) {
      if (state.seen.includes(detailKey) || newKeys.includes(detailKey)) continue;
      newKeys.push(detailKey);
    }
    if (FINISHED.has(event.action) && Date.parse(event.createdAt) >= since) events.push(event);
  }
  return {
    events,
    state: advanceWatermark(
      state,
      items.map((p) => p.updated_at),
      newKeys,
    ),
  };
}

/** One pipeline as a ForgeEvent: detail (duration, user) plus its failed jobs when it failed. */
export async function pipelineEvent(ctx: PollContext, pipelineId: number): Promise<ForgeEvent> {
  const segment = projectSegment(ctx.path);
  const detail = await ctx.client.get(`/projects/${segment}/pipelines/${pipelineId}`, pipelineDetailSchema, {
    meter: ctx.meter,
  });
  const failedJobs: FailedJob[] = [];
  if (detail.status === 'failed') {
    const { items: jobs } = await ctx.client.list(`/projects/${segment}/pipelines/${pipelineId}/jobs`, jobSchema, {
      query: { 'scope[]': 'failed' },
      meter: ctx.meter,
    });
    for (const job of jobs) failedJobs.push({ name: job.name, stage: job.stage ?? null, url: job.web_url ?? null });
  }
  const mr = /^refs\/merge-requests\/(\d+)\/head$/.exec(detail.ref)?.[1];
  return buildEvent(
    ctx,
    `${ctx.accountId}:gl-pipeline:${detail.id}:${detail.status}`,
    detail.user?.username ?? '',
    detail.finished_at ?? detail.updated_at,
    {
      event: 'pipelines',
      action: detail.status,
      title: `Pipeline #${detail.iid ?? detail.id} on ${detail.ref}`,
      url: detail.web_url,
      branch: detail.tag ? null : detail.ref,
      ...(detail.user?.username ? { involved: { authors: [detail.user.username] } } : {}),
      // A merge request pipeline checks that merge request's head: its thread parent shows the result (`x`).
      ...(mr && (detail.source ?? 'merge_request_event') === 'merge_request_event' ? { checksFor: [`mr:${mr}`] } : {}),
      details: {
        kind: 'pipeline',
        status: detail.status,
        durationSeconds: detail.duration ?? null,
        sha: detail.sha,
        failedStages: [...new Set(failedJobs.map((j) => j.stage).filter((s): s is string => s !== null))],
        failedJobs: failedJobs.slice(0, MAX_FAILED_JOBS),
        name: detail.name ?? null,
      },
    },
  );
}
