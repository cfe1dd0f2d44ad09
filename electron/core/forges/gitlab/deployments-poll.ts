import { z } from 'zod';
import type { ForgeEvent } from '../../events/forge-event.js';
import { deploymentSchema } from './schemas.js';
import type { WatermarkState } from './cursor.js';
import { projectSegment } from './web-urls.js';
import { buildEvent } from './normalise-event.js';
import type { PollContext } from './poll-context.js';
import { advanceWatermark, updatedAfter } from './watermark.js';

/**
 * Status changes worth a message ("created" is bookkeeping). "blocked": waiting for a deployment approval of a protected
 * environment — the card carries Approve / Reject, and the deployment's later statuses go to its thread.
 */
const REPORTED = new Set(['blocked', 'running', 'success', 'failed', 'canceled']);

/** GET /projects/:id/protected_environments/:name (Premium): who may approve; fields optional across versions. */
const protectedEnvironmentSchema = z
  .object({
    approval_rules: z
      .array(z.object({ user_id: z.number().nullish(), group_id: z.number().nullish() }).loose())
      .nullish(),
  })
  .loose();
const userSchema = z.object({ username: z.string() }).loose();
const memberSchema = z.object({ username: z.string() }).loose();

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
    const blocked = deployment.status === 'blocked';
    const waited = blocked || state.seen.includes(`${deployment.id}:blocked`);
    const event = buildEvent(
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
        // A deployment that waited for approval is a thread: its card (with Approve / Reject) follows its status.
        subjectKey: waited ? `deployment:${deployment.id}` : null,
        details: {
          kind: 'deployment',
          environment,
          status: deployment.status,
          sha: deployment.sha ?? null,
          ...(blocked ? { approval: { id: deployment.id } } : {}),
        },
      },
    );
    if (blocked) event.involved = { reviewers: await approversOf(ctx, environment) };
    events.push(event);
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

/**
 * The people who may approve deployments to a protected environment: the users of its approval rules, and the direct
 * members of its approval groups. Rules by role only name nobody (the forge does not list them): no DM then. A read
 * that fails leaves the list empty — the card still posts.
 */
async function approversOf(ctx: PollContext, environment: string): Promise<string[]> {
  const project = `/projects/${projectSegment(ctx.path)}`;
  const logins = new Set<string>();
  try {
    const rules =
      (
        await ctx.client.get(
          `${project}/protected_environments/${encodeURIComponent(environment)}`,
          protectedEnvironmentSchema,
          {
            meter: ctx.meter,
          },
        )
      ).approval_rules ?? [];
    for (const rule of rules) {
      if (typeof rule.user_id === 'number')
        logins.add((await ctx.client.get(`/users/${rule.user_id}`, userSchema, { meter: ctx.meter })).username);
      else if (typeof rule.group_id === 'number') {
        const { items } = await ctx.client.list(`/groups/${rule.group_id}/members`, memberSchema, {
          meter: ctx.meter,
          query: { per_page: 100 },
        });
        for (const m of items) logins.add(m.username);
      }
    }
  } catch {
    return [...logins];
  }
  return [...logins];
}
