import type { ForgeEvent } from '../../events/forge-event.js';
import { deploymentSchema } from './schemas.js';
import type { WatermarkState } from './cursor.js';
import { projectSegment } from './web-urls.js';
import { buildEvent } from './normalise-event.js';
import type { PollContext } from './poll-context.js';
import { advanceWatermark, updatedAfter } from './watermark.js';

/** Status changes worth a message ("created" and "blocked" are bookkeeping). */
const REPORTED = new Set(['running', 'success', 'failed', 'canceled']);

/**
 * Deployments are not in the events feed: `GET /projects/:id/deployments?updated_after=` (GitLab requires
 * `order_by=updated_at` with that filter). One event per (deployment, status) seen.
 */
export async function pollDeployments(
  ctx: PollContext,
  state: WatermarkState,
  since: number,
): Promise<{ events: ForgeEvent[]; state: WatermarkState }> {
  const { items } = await ctx.client.list(`/projects/${projectSegment(ctx.path)}/deployments`, deploymentSchema, {
    query: { updated_after: updatedAfter(state, since), order_by: 'updated_at', sort: 'asc' },
    meter: ctx.meter,
    maxPages: 5,
  });
  const events: ForgeEvent[] = [];
  const newKeys: string[] = [];
  for (const deployment of items) {
    const key = `${deployment.id}:${deployment.status}`;
    if (!REPORTED.has(deployment.status) || state.seen.includes(key) || newKeys.includes(key)) continue;
    newKeys.push(key);
    if (Date.parse(deployment.updated_at) < since) continue;
    const environment = deployment.environment.name;
    events.push(
      buildEvent(
        ctx,
        `${ctx.accountId}:gl-deploy:${deployment.id}:${deployment.status}`,
        deployment.user?.username ?? '',
        deployment.updated_at,
        {
          event: 'deployments',
          action: deployment.status,
          title: `Deployment #${deployment.iid ?? deployment.id} to ${environment}`,
          url:
            deployment.environment.id != null
              ? `${ctx.repoUrl}/-/environments/${deployment.environment.id}`
              : `${ctx.repoUrl}/-/environments`,
          branch: deployment.ref,
          details: { kind: 'deployment', environment, status: deployment.status, sha: deployment.sha ?? null },
        },
      ),
    );
  }
  return {
    events,
    state: advanceWatermark(
      state,
      items.map((d) => d.updated_at),
      newKeys,
    ),
  };
}
