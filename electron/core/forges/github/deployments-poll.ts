import type { ForgeEvent } from '../../events/forge-event.js';
import type { Logger } from '../../runtime/logger.js';
import { githubEvent, type RepoContext } from './event-base.js';
import { rememberIds, type DeploymentsState, type WatchedDeployment } from './cursor.js';
import type { GitHubClient, RequestCounter } from './client.js';
import {
  deploymentListSchema,
  deploymentStatusListSchema,
  pendingDeploymentsSchema,
  teamMembersSchema,
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
        ...(known?.waited ? { waited: true } : {}),
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
      if (Date.parse(status.created_at) < sinceMs) continue;
      const runId = status.state === 'waiting' ? waitingRun(status) : null;
      if (runId !== null) entry.waited = true;
      const event = statusEvent(args.ctx, id, entry, status, runId);
      // Still waiting now (not decided within this poll): who may approve it gets a DM (reasons.ts); an environment
      // that waits only for its wait timer has nobody to approve it, and its card no buttons.
      if (runId !== null && statuses.data[0]?.id === status.id) {
        const waiting = await waitingFor(args, runId, event);
        event.involved = { reviewers: waiting.reviewers };
        if (waiting.timerOnly !== null && event.details.kind === 'deployment') {
          delete event.details.approval;
          event.details.waitTimer = { minutes: waiting.timerOnly };
        }
      }
      events.push(event);
    }
  }
  return { events, state: { etag: list.etag, watch, seen: rememberIds(newIds, state?.seen ?? [], REMEMBERED) } };
}

/**
 * A deployment made by a workflow job waits for an environment's required reviewers with status `waiting`; its log or
 * target URL is the workflow run's (`…/actions/runs/<id>[/job/<id>]`), which is what GitHub's review endpoints take.
 * Null when the status does not name a run (then the card has no buttons: nothing to approve through).
 */
function waitingRun(status: DeploymentStatusData): number | null {
  for (const url of [status.log_url, status.target_url]) {
    const m = /\/actions\/runs\/(\d+)(?:[/?#]|$)/.exec(url ?? '');
    if (m) return Number(m[1]);
  }
  return null;
}

/**
 * What the waiting environment waits for: its required reviewers who are people — users by login, and the members of
 * reviewer teams (GitHub lists teams by slug in the repository's organisation) — or, with no required reviewers, only
 * its wait timer (`timerOnly`: minutes). One read of the run's pending deployments (and one per team) when a
 * deployment starts waiting; a read that fails leaves the list empty and the buttons on — the card still posts.
 */
async function waitingFor(
  args: DeploymentsPollArgs,
  runId: number,
  event: ForgeEvent,
): Promise<{ reviewers: string[]; timerOnly: number | null }> {
  const environment = event.details.kind === 'deployment' ? event.details.environment.toLowerCase() : '';
  const logins = new Set<string>();
  let timerOnly: number | null = null;
  try {
    const pending = await args.client.get(
      `${args.repoPath}/actions/runs/${runId}/pending_deployments`,
      pendingDeploymentsSchema,
      {
        counter: args.counter,
        what: `pending deployments of run ${runId}`,
      },
    );
    const entry = (pending.data ?? []).find((p) => (p.environment.name ?? '').toLowerCase() === environment);
    const waitTimer = entry?.wait_timer ?? 0;
    if (entry && (entry.reviewers ?? []).length === 0 && waitTimer > 0) timerOnly = waitTimer;
    const owner = args.ctx.repo.split('/')[0] ?? '';
    for (const r of entry?.reviewers ?? []) {
      if (r.type === 'User' && r.reviewer?.login) logins.add(r.reviewer.login);
      else if (r.type === 'Team' && r.reviewer?.slug) {
        const members = await args.client.get(
          `/orgs/${encodeURIComponent(owner)}/teams/${encodeURIComponent(r.reviewer.slug)}/members`,
          teamMembersSchema,
          { query: { per_page: 100 }, counter: args.counter, what: `members of team ${r.reviewer.slug}` },
        );
        for (const m of members.data ?? []) logins.add(m.login);
      }
    }
  } catch (error) {
    args.logger.warn(`could not read who may approve the deployment to ${environment} in ${args.ctx.repo}`, { error });
  }
  return { reviewers: [...logins], timerOnly };
}

function statusEvent(
  ctx: RepoContext,
  deploymentId: string,
  deployment: WatchedDeployment,
  status: DeploymentStatusData,
  waitingRunId: number | null,
): ForgeEvent {
  const environment = status.environment ?? deployment.environment;
  return githubEvent(ctx, {
    id: `${ctx.accountId}:gh-deploy-status:${status.id}`,
    event: 'deployments',
    action: status.state,
    title: `${deployment.ref ?? deployment.sha?.slice(0, 7) ?? 'Deployment'} to ${environment}`,
    url:
      waitingRunId !== null
        ? `${ctx.repoUrl}/actions/runs/${waitingRunId}`
        : status.log_url || status.target_url || status.environment_url || `${ctx.repoUrl}/deployments`,
    actor: status.creator?.login ?? 'unknown',
    createdAt: status.created_at,
    state: status.state,
    branch: deployment.ref,
    // A deployment that waited for approval is a thread: its card (with Approve / Reject) is updated as it moves on.
    subjectKey: deployment.waited ? `deployment:${deploymentId}` : null,
    details: {
      kind: 'deployment',
      environment,
      status: status.state,
      sha: deployment.sha,
      ...(waitingRunId !== null ? { approval: { id: waitingRunId } } : {}),
    },
  });
}
