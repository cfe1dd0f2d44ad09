import type { ForgeEvent } from '../../events/forge-event.js';
import type { Logger } from '../../runtime/logger.js';
import { githubEvent, type RepoContext } from './event-base.js';
import { rememberIds, type DeploymentsState, type WatchedDeployment } from './cursor.js';
import type { GitHubClient, RequestCounter } from './client.js';
import {
  deploymentListSchema,
  deploymentStatusListSchema,
  type DeploymentListItem,
  type DeploymentStatusData,
} from './schemas.js';

const PER_PAGE = 30;
const TERMINAL = new Set(['success', 'failure', 'error', 'inactive']);
const REMEMBERED = 300;

interface DeploymentsPollArgs {
  client: GitHubClient;
  repoPath: string;
  ctx: RepoContext;
  state: DeploymentsState | null;
  since: Date;
  counter: RequestCounter;
  logger: Logger;
  /**
   * The newest deployments as the probe read them (GraphQL): used instead of reading the REST list. Older deployments
   * still in progress stay watched.
   */
  listed?: readonly DeploymentListItem[];
}

/**
 * Deployments are not in the events feed either: reads the newest deployments (conditional GET), then the statuses of
 * those that changed or are still in progress (conditional GETs too), and reports each new status once.
 */
export async function pollDeployments(
  args: DeploymentsPollArgs,
): Promise<{ events: ForgeEvent[]; state: DeploymentsState }> {
  const { client, repoPath, state, counter } = args;
  const sinceMs = args.since.getTime();
  const list = args.listed
    ? { data: args.listed, etag: state?.etag ?? null }
    : await client.get(`${repoPath}/deployments`, deploymentListSchema, {
        query: { per_page: PER_PAGE },
        etag: state?.etag,
        counter,
        what: 'deployments list',
      });
  const previous = state?.watch ?? {};
  // A REST list replaces what is watched; the probe's few newest ones leave older unfinished ones watched.
  const watch: Record<string, WatchedDeployment> = !list.data
    ? { ...previous }
    : args.listed
      ? Object.fromEntries(Object.entries(previous).filter(([, w]) => !w.done))
      : {};
  const toRead: string[] = [];
  if (list.data) {
    for (const deployment of list.data) {
      const id = String(deployment.id);
      const known = previous[id];
      const entry: WatchedDeployment = {
        updatedAt: deployment.updated_at,
        etag: known?.etag ?? null,
        done: known?.done ?? false,
        environment: deployment.environment ?? 'unknown',
        ref: deployment.ref ?? null,
        sha: deployment.sha ?? null,
      };
      watch[id] = entry;
      if (!known && Date.parse(deployment.updated_at) < sinceMs) entry.done = true;
      else if (!known || known.updatedAt !== deployment.updated_at || !known.done) toRead.push(id);
    }
    if (args.listed)
      for (const [id, entry] of Object.entries(watch)) if (!entry.done && !toRead.includes(id)) toRead.push(id);
  } else {
    toRead.push(...Object.keys(watch).filter((id) => !(watch[id] as WatchedDeployment).done));
  }

  const seen = new Set(state?.seen ?? []);
  const newIds: string[] = [];
  const events: ForgeEvent[] = [];
  for (const id of toRead) {
    const entry = watch[id] as WatchedDeployment;
    const statuses = await client.get(`${repoPath}/deployments/${id}/statuses`, deploymentStatusListSchema, {
      query: { per_page: PER_PAGE },
      etag: entry.etag,
      counter,
      what: `statuses of deployment ${id}`,
    });
    entry.etag = statuses.etag;
    if (!statuses.data) continue;
    entry.done = TERMINAL.has(statuses.data[0]?.state ?? '');
    for (const status of [...statuses.data].reverse()) {
      const statusId = String(status.id);
      if (seen.has(statusId)) continue;
      newIds.unshift(statusId);
      if (Date.parse(status.created_at) >= sinceMs) events.push(statusEvent(args.ctx, entry, status));
    }
  }
  return { events, state: { etag: list.etag, watch, seen: rememberIds(newIds, state?.seen ?? [], REMEMBERED) } };
}

function statusEvent(ctx: RepoContext, deployment: WatchedDeployment, status: DeploymentStatusData): ForgeEvent {
  const environment = status.environment ?? deployment.environment;
  return githubEvent(ctx, {
    id: `${ctx.accountId}:gh-deploy-status:${status.id}`,
    event: 'deployments',
    action: status.state,
    title: `${deployment.ref ?? deployment.sha?.slice(0, 7) ?? 'Deployment'} to ${environment}`,
    url: status.log_url || status.target_url || status.environment_url || `${ctx.repoUrl}/deployments`,
    actor: status.creator?.login ?? 'unknown',
    createdAt: status.created_at,
    state: status.state,
    branch: deployment.ref,
    details: { kind: 'deployment', environment, status: status.state, sha: deployment.sha },
  });
}
