import { z } from 'zod';
import { graphqlUrlOf } from '../github/client.js';
import { type ActionAnswer, ActionHttp, type ActionHttpOptions, errorText } from './action-http.js';
import {
  ActionRefused,
  type DeploymentDecision,
  type DeploymentRef,
  type ForgeActions,
  type MergeInfo,
  type MergeMethod,
  type MergeOutcome,
  type MergeRequest,
  type PullRef,
} from './forge-actions.js';

const repoSchema = z.object({
  allow_merge_commit: z.boolean().nullish(),
  allow_squash_merge: z.boolean().nullish(),
  allow_rebase_merge: z.boolean().nullish(),
  allow_auto_merge: z.boolean().nullish(),
});
const pullSchema = z.object({
  title: z.string(),
  state: z.string(),
  draft: z.boolean().nullish(),
  merged: z.boolean().nullish(),
  mergeable: z.boolean().nullish(),
  mergeable_state: z.string().nullish(),
  node_id: z.string().nullish(),
  head: z.object({ sha: z.string() }),
});
/** The answer to enablePullRequestAutoMerge: data, or GitHub's errors (type and message). */
const autoMergeAnswerSchema = z
  .object({
    data: z.unknown().nullish(),
    errors: z.array(z.object({ type: z.string().nullish(), message: z.string() }).loose()).nullish(),
  })
  .loose();

const AUTO_MERGE = `mutation ForgebellAutoMerge($id: ID!, $method: PullRequestMergeMethod!, $head: GitObjectID) {
  enablePullRequestAutoMerge(input: { pullRequestId: $id, mergeMethod: $method, expectedHeadOid: $head }) {
    pullRequest { autoMergeRequest { enabledAt } }
  }
}`;
const checkRunsSchema = z.object({
  check_runs: z.array(
    z.object({ name: z.string(), status: z.string().nullish(), conclusion: z.string().nullish() }).loose(),
  ),
});
const reviewsSchema = z.array(z.object({ state: z.string(), user: z.object({ login: z.string() }).nullish() }).loose());

/** GET …/actions/runs/{id}/pending_deployments: fields GitHub may leave out are optional. */
const pendingSchema = z.array(
  z
    .object({
      environment: z.object({ id: z.number().nullish(), name: z.string().nullish() }).loose(),
      current_user_can_approve: z.boolean().nullish(),
    })
    .loose(),
);

const FAILED = new Set(['failure', 'timed_out', 'cancelled', 'action_required', 'startup_failure']);

/** GitHub and GHES REST: reviews, issue comments, the merge button and re-running failed jobs. */
export class GitHubActions implements ForgeActions {
  private readonly http: ActionHttp;
  private readonly graphqlUrl: string;
  constructor(options: Omit<ActionHttpOptions, 'headers'> & { token: string }) {
    this.graphqlUrl = graphqlUrlOf(options.baseUrl);
    this.http = new ActionHttp({
      ...options,
      headers: {
        accept: 'application/vnd.github+json',
        'x-github-api-version': '2022-11-28',
        authorization: `Bearer ${options.token}`,
      },
    });
  }

  async approve(pull: PullRef): Promise<void> {
    expectOk(await this.http.call('POST', `${pullPath(pull)}/reviews`, { event: 'APPROVE' }), 'approve');
  }

  async requestChanges(pull: PullRef, body: string): Promise<void> {
    expectOk(
      await this.http.call('POST', `${pullPath(pull)}/reviews`, { event: 'REQUEST_CHANGES', body }),
      'request changes on',
    );
  }

  async comment(pull: PullRef, body: string): Promise<void> {
    expectOk(
      await this.http.call('POST', `/repos/${pull.repo}/issues/${pull.number}/comments`, { body }),
      'comment on',
    );
  }

  async mergeInfo(pull: PullRef): Promise<MergeInfo> {
    const repo = parse(repoSchema, expectOk(await this.http.call('GET', `/repos/${pull.repo}`), 'read'));
    const pr = parse(pullSchema, expectOk(await this.http.call('GET', pullPath(pull)), 'read'));
    const blockers: string[] = [];
    const open = pr.state === 'open' && !pr.merged;
    if (!open) blockers.push(pr.merged ? 'It is already merged.' : 'It is closed.');
    if (pr.draft) blockers.push('It is a draft: mark it ready for review first.');
    if (pr.mergeable === false || pr.mergeable_state === 'dirty')
      blockers.push('It has conflicts with the base branch: resolve them first.');
    if (pr.mergeable_state === 'behind') blockers.push('The branch is behind its base branch and must be updated.');
    const checks = await this.http.call('GET', `/repos/${pull.repo}/commits/${pr.head.sha}/check-runs`, undefined, {
      per_page: 100,
    });
    if (checks.status === 200) {
      const runs = parse(checkRunsSchema, checks.body).check_runs;
      const failed = runs.filter((r) => r.status === 'completed' && FAILED.has(r.conclusion ?? ''));
      const pending = runs.filter((r) => r.status !== 'completed');
      if (failed.length) blockers.push(`Checks failing: ${names(failed)}.`);
      if (pending.length) blockers.push(`Checks still running: ${names(pending)}.`);
    }
    if (pr.mergeable_state === 'blocked') {
      const reviews = await this.http.call('GET', `${pullPath(pull)}/reviews`, undefined, { per_page: 100 });
      const latest = new Map<string, string>();
      if (reviews.status === 200)
        for (const r of parse(reviewsSchema, reviews.body))
          if (r.user && r.state !== 'COMMENTED') latest.set(r.user.login.toLowerCase(), r.state);
      const states = [...latest.values()];
      if (states.includes('CHANGES_REQUESTED')) blockers.push('Changes were requested in a review.');
      else if (!states.includes('APPROVED')) blockers.push('Approvals missing: branch protection needs a review.');
      else if (blockers.length === 0) blockers.push('Branch protection blocks it (required checks or reviews).');
    }
    const methods: MergeMethod[] = [];
    // Fields GitHub leaves out (a token without push access) mean "not known": offer the method, GitHub decides.
    if (repo.allow_merge_commit !== false) methods.push('merge');
    if (repo.allow_squash_merge !== false) methods.push('squash');
    if (repo.allow_rebase_merge !== false) methods.push('rebase');
    return {
      title: pr.title,
      open,
      methods,
      blockers,
      // GitHub's auto-merge: where the repository allows it, and only while there is something to wait for (checks
      // running or failing, approvals missing): GitHub refuses it for a pull request in "clean" status, which is then
      // offered the normal merge. Conflicts and drafts must be fixed first.
      canMergeWhenChecksPass:
        open && repo.allow_auto_merge === true && !pr.draft && pr.mergeable !== false && blockers.length > 0,
      headSha: pr.head.sha,
    };
  }

  async merge(pull: PullRef, request: MergeRequest): Promise<MergeOutcome> {
    if (request.whenChecksPass) return this.enableAutoMerge(pull, request);
    const answer = await this.http.call('PUT', `${pullPath(pull)}/merge`, {
      merge_method: request.method,
      ...(request.headSha ? { sha: request.headSha } : {}),
    });
    if (answer.status === 405) {
      const text = errorText(answer.body);
      throw /review|status check|protect|required/i.test(text)
        ? new ActionRefused('protected', `GitHub's branch protection refused the merge: ${text}`)
        : new ActionRefused('not_mergeable', `GitHub cannot merge it yet: ${text || 'it is not mergeable'}.`);
    }
    if (answer.status === 409)
      throw new ActionRefused(
        'head_changed',
        'Someone pushed to the branch since you opened the merge dialog. Look at the new commits and try again.',
      );
    expectOk(answer, 'merge');
    return 'merged';
  }

  /** "Merge when the checks pass": GraphQL enablePullRequestAutoMerge on the pull request's node, GitHub's refusals in words. */
  private async enableAutoMerge(pull: PullRef, request: MergeRequest): Promise<MergeOutcome> {
    const pr = parse(pullSchema, expectOk(await this.http.call('GET', pullPath(pull)), 'merge'));
    if (!pr.node_id) throw new ActionRefused('unavailable', 'GitHub did not say which pull request to set to merge.');
    const answer = await this.http.call('POST', this.graphqlUrl, {
      query: AUTO_MERGE,
      variables: { id: pr.node_id, method: request.method.toUpperCase(), head: request.headSha ?? pr.head.sha },
    });
    const body = parse(autoMergeAnswerSchema, expectOk(answer, 'merge'));
    const error = body.errors?.[0];
    if (!error) return 'scheduled';
    const text = error.message;
    if (/clean status/i.test(text))
      throw new ActionRefused(
        'not_mergeable',
        'Nothing is left to wait for, so GitHub does not set auto-merge on it: open Merge… again to merge it now.',
      );
    if (/not allowed/i.test(text))
      throw new ActionRefused(
        'protected',
        'Auto-merge is not allowed in this repository (an admin can turn on "Allow auto-merge" in its settings). Merge it once the checks pass.',
      );
    if (/head sha|expected head/i.test(text))
      throw new ActionRefused(
        'head_changed',
        'Someone pushed to the branch since you opened the merge dialog. Look at the new commits and try again.',
      );
    if (error.type === 'FORBIDDEN')
      throw new ActionRefused('permission', 'GitHub refused: you do not have permission to merge this.');
    if (error.type === 'NOT_FOUND')
      throw new ActionRefused(
        'no_access',
        'GitHub says it does not exist or your token cannot see this repository. If it is private, sign in with access to it.',
      );
    throw new ActionRefused('invalid', `GitHub refused to set it to merge when the checks pass: ${text}`);
  }

  async rerunFailed(repo: string, runId: number): Promise<void> {
    expectOk(await this.http.call('POST', `/repos/${repo}/actions/runs/${runId}/rerun-failed-jobs`), 're-run');
  }

  /**
   * Environments with required reviewers: the run's pending deployments are read with the person's token (GitHub says
   * whether they may approve each one); only the card's environment is approved or rejected, as GitHub's own dialog
   * lets a reviewer pick environments.
   */
  async reviewDeployment(deployment: DeploymentRef, decision: DeploymentDecision, comment: string): Promise<void> {
    const path = `/repos/${deployment.repo}/actions/runs/${deployment.id}/pending_deployments`;
    const what = decision === 'approved' ? 'approve' : 'reject';
    const pending = parse(pendingSchema, expectOk(await this.http.call('GET', path), `${what} the deployment of`));
    const wanted = deployment.environment.toLowerCase();
    const entry = pending.find((p) => (p.environment.name ?? '').toLowerCase() === wanted);
    if (!entry || typeof entry.environment.id !== 'number')
      throw new ActionRefused(
        'decided',
        `The deployment to ${deployment.environment} is no longer waiting for approval: someone already approved or rejected it, or the run was cancelled.`,
      );
    if (entry.current_user_can_approve !== true)
      throw new ActionRefused(
        'not_reviewer',
        `GitHub does not let you ${what} the deployment to ${deployment.environment}: you are not one of its required reviewers, or the environment does not let you review a deployment you started.`,
      );
    const answer = await this.http.call('POST', path, {
      environment_ids: [entry.environment.id],
      state: decision,
      comment,
    });
    if (answer.status === 422)
      throw new ActionRefused(
        'decided',
        `GitHub refused to ${what} the deployment to ${deployment.environment}: ${errorText(answer.body) || 'it is no longer waiting for you'}.`,
      );
    expectOk(answer, `${what} the deployment of`);
  }
}

function pullPath(pull: PullRef): string {
  return `/repos/${pull.repo}/pulls/${pull.number}`;
}

function names(runs: { name: string }[]): string {
  const shown = runs.slice(0, 5).map((r) => r.name);
  return runs.length > 5 ? `${shown.join(', ')} and ${runs.length - 5} more` : shown.join(', ');
}

function parse<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new ActionRefused('unavailable', 'GitHub sent an answer Forgebell does not understand.');
  return parsed.data;
}

/** The body of a 2xx; every refusal in plain words (`what`: "approve", "merge" …). */
function expectOk(answer: ActionAnswer, what: string): unknown {
  if (answer.status >= 200 && answer.status < 300) return answer.body;
  const text = errorText(answer.body);
  switch (answer.status) {
    case 401:
      throw new ActionRefused('revoked', 'GitHub no longer accepts this token (revoked or expired).');
    case 403:
      throw new ActionRefused(
        'permission',
        `GitHub refused: you do not have permission to ${what} this${text ? ` (${text})` : ''}.`,
      );
    case 404:
      throw new ActionRefused(
        'no_access',
        'GitHub says it does not exist or your token cannot see this repository. If it is private, sign in with access to it.',
      );
    case 410:
      throw new ActionRefused('gone', 'It was deleted on GitHub.');
    case 422:
      if (/own pull request/i.test(text))
        throw new ActionRefused(
          'own',
          what === 'approve'
            ? 'You cannot approve your own pull request.'
            : 'You cannot request changes on your own pull request.',
        );
      if (/protect/i.test(text)) throw new ActionRefused('protected', `GitHub's branch protection refused: ${text}`);
      throw new ActionRefused('invalid', `GitHub refused to ${what} it: ${text || 'invalid request'}.`);
    default:
      throw new ActionRefused('invalid', `GitHub refused to ${what} it (${answer.status}${text ? `: ${text}` : ''}).`);
  }
}
