import { z } from 'zod';
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

const projectSchema = z.object({
  merge_method: z.string().nullish(),
  squash_option: z.string().nullish(),
});
const mrSchema = z.object({
  title: z.string(),
  state: z.string(),
  draft: z.boolean().nullish(),
  work_in_progress: z.boolean().nullish(),
  has_conflicts: z.boolean().nullish(),
  detailed_merge_status: z.string().nullish(),
  merge_status: z.string().nullish(),
  sha: z.string().nullish(),
  merge_when_pipeline_succeeds: z.boolean().nullish(),
  head_pipeline: z.object({ status: z.string().nullish() }).loose().nullish(),
});
const approvalsSchema = z.object({ approvals_left: z.number().nullish() }).loose();

const RUNNING = new Set(['created', 'waiting_for_resource', 'preparing', 'pending', 'running', 'scheduled']);

/** Sentences for GitLab's `detailed_merge_status` (GitLab 15.6+); unknown values are left to the other checks. */
const DETAILED: Record<string, string> = {
  not_approved: 'Approvals missing: the approval rules are not satisfied yet.',
  ci_must_pass: 'The pipeline must succeed first.',
  ci_still_running: 'The pipeline is still running.',
  conflict: 'It has conflicts with the target branch: resolve them first.',
  draft_status: 'It is a draft: mark it ready first.',
  discussions_not_resolved: 'Open threads must be resolved first.',
  need_rebase: 'The branch must be rebased onto the target branch.',
  blocked_status: 'Another merge request blocks it.',
  checking: 'GitLab is still checking whether it can be merged.',
  unchecked: 'GitLab has not checked yet whether it can be merged.',
  not_open: 'It is not open.',
  jira_association_missing: 'A Jira issue must be linked first.',
  requested_changes: 'A reviewer requested changes.',
};

/** GitLab REST: approvals, notes, accepting a merge request (now or when the pipeline succeeds), pipeline retry. */
export class GitLabActions implements ForgeActions {
  private readonly http: ActionHttp;
  constructor(options: Omit<ActionHttpOptions, 'headers'> & { token: string }) {
    this.http = new ActionHttp({ ...options, headers: { authorization: `Bearer ${options.token}` } });
  }

  async approve(pull: PullRef): Promise<void> {
    const answer = await this.http.call('POST', `${mrPath(pull)}/approve`);
    if (answer.status === 401) await this.refusedApproval();
    this.expectOk(answer, 'approve');
  }

  /**
   * GitLab's REST API has no "request changes" review: the person's approval (if any) is withdrawn and the text is
   * posted as a note starting with "Changes requested".
   */
  async requestChanges(pull: PullRef, body: string): Promise<void> {
    const unapprove = await this.http.call('POST', `${mrPath(pull)}/unapprove`);
    // 404: there was no approval to withdraw; 401: not approved by them, or a dead token (then the note says so).
    if (unapprove.status === 401) await this.whoamiOrRevoked();
    this.expectOk(
      await this.http.call('POST', `${mrPath(pull)}/notes`, { body: `**Changes requested**\n\n${body}` }),
      'request changes on',
    );
  }

  async comment(pull: PullRef, body: string): Promise<void> {
    this.expectOk(await this.http.call('POST', `${mrPath(pull)}/notes`, { body }), 'comment on');
  }

  async mergeInfo(pull: PullRef): Promise<MergeInfo> {
    const project = parse(projectSchema, this.expectOk(await this.http.call('GET', projectPath(pull.repo)), 'read'));
    const mr = parse(mrSchema, this.expectOk(await this.http.call('GET', mrPath(pull)), 'read'));
    const open = mr.state === 'opened';
    const blockers: string[] = [];
    if (!open) blockers.push(mr.state === 'merged' ? 'It is already merged.' : 'It is closed.');
    const detailed = mr.detailed_merge_status ?? '';
    if (detailed && DETAILED[detailed] && !(detailed === 'not_open' && !open)) blockers.push(DETAILED[detailed]);
    if ((mr.draft || mr.work_in_progress) && detailed !== 'draft_status')
      blockers.push('It is a draft: mark it ready first.');
    if (mr.has_conflicts && detailed !== 'conflict')
      blockers.push('It has conflicts with the target branch: resolve them first.');
    const pipeline = mr.head_pipeline?.status ?? null;
    if (pipeline === 'failed' && detailed !== 'ci_must_pass') blockers.push('The latest pipeline failed.');
    if (pipeline && RUNNING.has(pipeline) && detailed !== 'ci_still_running')
      blockers.push('The pipeline is still running.');
    if (detailed !== 'not_approved') {
      const approvals = await this.http.call('GET', `${mrPath(pull)}/approvals`);
      const left = approvals.status === 200 ? (approvalsSchema.safeParse(approvals.body).data?.approvals_left ?? 0) : 0;
      if (left > 0) blockers.push(`Approvals missing: ${left} more needed.`);
    }
    const methods: MergeMethod[] =
      project.squash_option === 'always'
        ? ['squash']
        : project.squash_option === 'never'
          ? ['merge']
          : project.squash_option === 'default_on'
            ? ['squash', 'merge']
            : ['merge', 'squash'];
    return {
      title: mr.title,
      open,
      methods,
      blockers,
      canMergeWhenChecksPass: open && pipeline !== null && RUNNING.has(pipeline),
      headSha: mr.sha ?? null,
    };
  }

  async merge(pull: PullRef, request: MergeRequest): Promise<MergeOutcome> {
    const answer = await this.http.call('PUT', `${mrPath(pull)}/merge`, {
      squash: request.method === 'squash',
      ...(request.headSha ? { sha: request.headSha } : {}),
      // GitLab 17.11 renamed it `auto_merge`; older versions read the first.
      ...(request.whenChecksPass ? { merge_when_pipeline_succeeds: true, auto_merge: true } : {}),
    });
    switch (answer.status) {
      case 405:
        throw new ActionRefused(
          'not_mergeable',
          'GitLab cannot merge it yet: it is a draft or closed, its pipeline has not succeeded, or it needs approvals or resolved threads.',
        );
      case 406:
        throw new ActionRefused('conflict', 'GitLab cannot merge it: it has conflicts with the target branch.');
      case 409:
        throw new ActionRefused(
          'head_changed',
          'Someone pushed to the branch since you opened the merge dialog. Look at the new commits and try again.',
        );
      case 401:
        await this.refused('merge');
    }
    const merged = parse(mrSchema, this.expectOk(answer, 'merge'));
    return merged.state === 'merged' ? 'merged' : 'scheduled';
  }

  async rerunFailed(repo: string, runId: number): Promise<void> {
    this.expectOk(await this.http.call('POST', `${projectPath(repo)}/pipelines/${runId}/retry`), 'retry');
  }

  /**
   * Protected environments with deployment approvals: GitLab answers a refusal with 400 and a sentence (approving
   * one's own deployment, not an approver, not waiting any more); 403 when the token may not touch the deployment.
   */
  async reviewDeployment(deployment: DeploymentRef, decision: DeploymentDecision, comment: string): Promise<void> {
    const what = decision === 'approved' ? 'approve' : 'reject';
    const answer = await this.http.call(
      'POST',
      `${projectPath(deployment.repo)}/deployments/${deployment.id}/approval`,
      { status: decision, ...(comment ? { comment } : {}) },
    );
    if (answer.status === 400) {
      const text = errorText(answer.body);
      if (/own deployment/i.test(text))
        throw new ActionRefused(
          'own',
          `GitLab does not let you ${what} your own deployment to ${deployment.environment}.`,
        );
      if (/permission|not allowed|approver/i.test(text))
        throw new ActionRefused(
          'not_reviewer',
          `GitLab does not let you ${what} the deployment to ${deployment.environment}: you are not one of its approvers.`,
        );
      if (/not (?:blocked|waiting)|already/i.test(text))
        throw new ActionRefused(
          'decided',
          `The deployment to ${deployment.environment} is no longer waiting for approval: it was already approved, rejected or cancelled.`,
        );
      throw new ActionRefused('invalid', `GitLab refused to ${what} the deployment: ${text || 'invalid request'}.`);
    }
    if (answer.status === 401) await this.refused(`${what} the deployment of`);
    this.expectOk(answer, `${what} the deployment of`);
  }

  /** GitLab answers 401 both for a dead token and for "you may not approve this": ask who the token is to tell. */
  private async refusedApproval(): Promise<never> {
    await this.whoamiOrRevoked();
    throw new ActionRefused(
      'own',
      'GitLab refused the approval: you cannot approve your own merge request, you already approved it, or you are not an eligible approver.',
    );
  }

  private async refused(what: string): Promise<never> {
    await this.whoamiOrRevoked();
    throw new ActionRefused('permission', `GitLab refused: you do not have permission to ${what} this.`);
  }

  private async whoamiOrRevoked(): Promise<void> {
    const me = await this.http.call('GET', '/user');
    if (me.status === 401)
      throw new ActionRefused('revoked', 'GitLab no longer accepts this token (revoked or expired).');
  }

  private expectOk(answer: ActionAnswer, what: string): unknown {
    if (answer.status >= 200 && answer.status < 300) return answer.body;
    const text = errorText(answer.body);
    switch (answer.status) {
      case 401:
        throw new ActionRefused('revoked', 'GitLab no longer accepts this token (revoked or expired).');
      case 403:
        throw new ActionRefused(
          'permission',
          `GitLab refused: you do not have permission to ${what} this${text && !/^403/.test(text) ? ` (${text})` : ''}.`,
        );
      case 404:
        throw new ActionRefused(
          'no_access',
          'GitLab says it does not exist or your token cannot see this project. If it is private, sign in with access to it.',
        );
      case 410:
        throw new ActionRefused('gone', 'It was deleted on GitLab.');
      default:
        throw new ActionRefused(
          'invalid',
          `GitLab refused to ${what} it (${answer.status}${text ? `: ${text}` : ''}).`,
        );
    }
  }
}

function projectPath(repo: string): string {
  return `/projects/${encodeURIComponent(repo)}`;
}

function mrPath(pull: PullRef): string {
  return `${projectPath(pull.repo)}/merge_requests/${pull.number}`;
}

function parse<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new ActionRefused('unavailable', 'GitLab sent an answer Forgebell does not understand.');
  return parsed.data;
}
