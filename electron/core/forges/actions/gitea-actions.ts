import { z } from 'zod';
import { type ActionAnswer, ActionHttp, type ActionHttpOptions, errorText } from './action-http.js';
import {
  ActionRefused,
  type ForgeActions,
  type MergeInfo,
  type MergeMethod,
  type MergeOutcome,
  type MergeRequest,
  type PullRef,
} from './forge-actions.js';

/**
 * Gitea and Forgejo API v1 (docs/cli-and-config.md §7): reviews, issue comments, the merge button (now, or when the
 * checks succeed) and re-running a run's failed jobs where the server has that API. Gitea answers refusals with
 * `{message, url}`: 422 for approving one's own pull request, 405 when it cannot be merged (with the reason), 409 for a
 * moved head or conflicts, 423 for an archived repository.
 */

const repoSchema = z.object({
  archived: z.boolean().nullish(),
  has_pull_requests: z.boolean().nullish(),
  allow_merge_commits: z.boolean().nullish(),
  allow_rebase: z.boolean().nullish(),
  allow_rebase_explicit: z.boolean().nullish(),
  allow_squash_merge: z.boolean().nullish(),
  /** Gitea 1.22+ (and Forgejo since): absent on older servers, which have no fast-forward-only style. */
  allow_fast_forward_only_merge: z.boolean().nullish(),
  default_merge_style: z.string().nullish(),
});
const pullSchema = z.object({
  title: z.string(),
  state: z.string(),
  draft: z.boolean().nullish(),
  merged: z.boolean().nullish(),
  mergeable: z.boolean().nullish(),
  head: z.object({ sha: z.string().nullish() }).loose().nullish(),
  base: z.object({ ref: z.string().nullish() }).loose().nullish(),
});
/** `GET /branches/{name}`: what branch protection asks, as far as this token may read it. */
const branchSchema = z
  .object({
    protected: z.boolean().nullish(),
    required_approvals: z.number().nullish(),
    enable_status_check: z.boolean().nullish(),
    status_check_contexts: z.array(z.string()).nullish(),
    user_can_merge: z.boolean().nullish(),
  })
  .loose();
const combinedStatusSchema = z
  .object({
    state: z.string().nullish(),
    statuses: z.array(z.object({ status: z.string().nullish(), context: z.string().nullish() }).loose()).nullish(),
  })
  .loose();
const reviewsSchema = z.array(
  z
    .object({
      state: z.string(),
      official: z.boolean().nullish(),
      stale: z.boolean().nullish(),
      dismissed: z.boolean().nullish(),
      user: z.object({ login: z.string() }).loose().nullish(),
    })
    .loose(),
);
const runsSchema = z.object({
  workflow_runs: z
    .array(z.object({ id: z.number(), html_url: z.string().nullish(), run_number: z.number().nullish() }).loose())
    .nullish(),
});

/** Gitea's `title` prefixes that make a pull request a work in progress (the default WORK_IN_PROGRESS_PREFIXES). */
const WIP_PREFIX = /^\s*(wip:|\[wip\])/i;
const FAILED = new Set(['failure', 'error']);
const PENDING = new Set(['pending', 'running', 'queued', 'waiting', 'blocked']);
const STYLES: { method: MergeMethod; allowed: keyof z.infer<typeof repoSchema>; unknownMeansAllowed: boolean }[] = [
  { method: 'merge', allowed: 'allow_merge_commits', unknownMeansAllowed: true },
  { method: 'rebase', allowed: 'allow_rebase', unknownMeansAllowed: true },
  { method: 'rebase-merge', allowed: 'allow_rebase_explicit', unknownMeansAllowed: true },
  { method: 'squash', allowed: 'allow_squash_merge', unknownMeansAllowed: true },
  { method: 'fast-forward-only', allowed: 'allow_fast_forward_only_merge', unknownMeansAllowed: false },
];

export class GiteaActions implements ForgeActions {
  private readonly http: ActionHttp;
  constructor(options: Omit<ActionHttpOptions, 'headers'> & { token: string }) {
    this.http = new ActionHttp({ ...options, headers: { authorization: `token ${options.token}` } });
  }

  async approve(pull: PullRef): Promise<void> {
    expectOk(await this.http.call('POST', `${pullPath(pull)}/reviews`, { event: 'APPROVED', body: '' }), 'approve');
  }

  async requestChanges(pull: PullRef, body: string): Promise<void> {
    expectOk(
      await this.http.call('POST', `${pullPath(pull)}/reviews`, { event: 'REQUEST_CHANGES', body }),
      'request changes on',
    );
  }

  async comment(pull: PullRef, body: string): Promise<void> {
    expectOk(
      await this.http.call('POST', `${repoPath(pull.repo)}/issues/${pull.number}/comments`, { body }),
      'comment on',
    );
  }

  async mergeInfo(pull: PullRef): Promise<MergeInfo> {
    const repo = parse(repoSchema, expectOk(await this.http.call('GET', repoPath(pull.repo)), 'read'));
    const pr = parse(pullSchema, expectOk(await this.http.call('GET', pullPath(pull)), 'read'));
    const open = pr.state === 'open' && !pr.merged;
    const blockers: string[] = [];
    if (!open) blockers.push(pr.merged ? 'It is already merged.' : 'It is closed.');
    if (repo.archived) blockers.push('The repository is archived: nothing can be merged into it.');
    if (open && (pr.draft ?? WIP_PREFIX.test(pr.title)))
      blockers.push('It is a work in progress: remove the WIP prefix (or mark it ready) first.');
    if (open && pr.mergeable === false)
      blockers.push('It has conflicts with the base branch (or Gitea is still checking): resolve them first.');
    const sha = pr.head?.sha ?? null;
    let checksPending = false;
    if (open) {
      const protection = await this.protection(pull.repo, pr.base?.ref ?? null);
      if (protection?.user_can_merge === false)
        blockers.push('Branch protection does not let you merge into this branch.');
      const checks = sha ? await this.checks(pull.repo, sha) : null;
      if (checks) {
        checksPending = checks.pending.length > 0;
        if (checks.failed.length) blockers.push(`Checks failing: ${names(checks.failed)}.`);
        if (checks.pending.length) blockers.push(`Checks still running: ${names(checks.pending)}.`);
      }
      if (protection?.enable_status_check && checks) {
        const reported = new Set([...checks.failed, ...checks.pending, ...checks.passed]);
        const missing = (protection.status_check_contexts ?? []).filter((c) => !reported.has(c) && !/[*?[]/.test(c));
        if (missing.length) blockers.push(`Required checks not reported yet: ${names(missing)}.`);
      }
      const required = protection?.required_approvals ?? 0;
      const reviews = await this.latestReviews(pull);
      if (reviews.includes('REQUEST_CHANGES')) blockers.push('Changes were requested in a review.');
      const approvals = reviews.filter((s) => s === 'APPROVED').length;
      if (required > approvals) blockers.push(`Approvals missing: ${required - approvals} more needed.`);
    }
    const methods = STYLES.filter((s) => repo[s.allowed] ?? s.unknownMeansAllowed).map((s) => s.method);
    const preferred = methods.find((m) => m === repo.default_merge_style);
    return {
      title: pr.title,
      open,
      methods: preferred ? [preferred, ...methods.filter((m) => m !== preferred)] : methods,
      blockers,
      // Gitea's auto-merge (merge_when_checks_succeed) waits for the commit statuses; offered while some still run.
      canMergeWhenChecksPass: open && checksPending,
      headSha: sha,
    };
  }

  async merge(pull: PullRef, request: MergeRequest): Promise<MergeOutcome> {
    const answer = await this.http.call('POST', `${pullPath(pull)}/merge`, {
      Do: request.method,
      ...(request.headSha ? { head_commit_id: request.headSha } : {}),
      ...(request.whenChecksPass ? { merge_when_checks_succeed: true } : {}),
    });
    const text = errorText(answer.body);
    switch (answer.status) {
      case 200:
      case 204:
        return 'merged';
      case 201:
        // Gitea answers 201 when it scheduled the merge for when the checks succeed.
        return 'scheduled';
      case 404:
        throw new ActionRefused(
          'not_mergeable',
          'Gitea cannot merge it: it is closed, or your token cannot see this repository.',
        );
      case 405:
        throw refusedMerge(text);
      case 409:
        if (/head out of date|out of date|sha/i.test(text))
          throw new ActionRefused(
            'head_changed',
            'Someone pushed to the branch since you opened the merge dialog. Look at the new commits and try again.',
          );
        if (/scheduled/i.test(text))
          throw new ActionRefused('invalid', 'It is already set to merge when the checks succeed.');
        if (/push ?rejected/i.test(text))
          throw new ActionRefused('protected', `Gitea's branch protection refused the merge: ${text}`);
        throw new ActionRefused('conflict', 'Gitea cannot merge it: it has conflicts with the base branch.');
      case 423:
        throw new ActionRefused('permission', 'Gitea refused: the repository is archived.');
    }
    expectOk(answer, 'merge');
    return 'merged';
  }

  /**
   * `POST /actions/runs/{id}/rerun-failed-jobs` (recent Gitea). The card links to the run's web page, whose number is
   * the run index on older servers and the run id on newer ones: the run is found in the runs list by that very URL.
   */
  /** Gitea and Forgejo have no deployments (docs/cli-and-config.md §7): their cards never carry these buttons. */
  async reviewDeployment(): Promise<void> {
    throw new ActionRefused('invalid', 'Gitea and Forgejo have no deployments waiting for approval.');
  }

  async rerunFailed(repo: string, runNumber: number): Promise<void> {
    const noApi = (): ActionRefused =>
      new ActionRefused(
        'invalid',
        'This Gitea/Forgejo server has no API to re-run failed jobs (recent Gitea versions have it). Re-run them on the run’s page.',
      );
    const list = await this.http.call('GET', `${repoPath(repo)}/actions/runs`, undefined, { limit: 50 });
    if (list.status === 404) throw noApi();
    const runs = parse(runsSchema, expectOk(list, 'read')).workflow_runs ?? [];
    const byUrl = runs.find((r) => new RegExp(`/actions/runs/${runNumber}(?:[/?#]|$)`).test(r.html_url ?? ''));
    const id = byUrl?.id ?? runs.find((r) => r.id === runNumber)?.id ?? runNumber;
    const answer = await this.http.call('POST', `${repoPath(repo)}/actions/runs/${id}/rerun-failed-jobs`);
    if (answer.status === 404 && (byUrl || runs.some((r) => r.id === id))) throw noApi();
    if (answer.status === 400 || answer.status === 409)
      throw new ActionRefused(
        'invalid',
        `Gitea has nothing to re-run: ${errorText(answer.body) || 'the run is still going or has no failed jobs'}.`,
      );
    expectOk(answer, 're-run');
  }

  /** The base branch's protection as the branch list shows it to this token; null when it cannot be read. */
  private async protection(repo: string, branch: string | null): Promise<z.infer<typeof branchSchema> | null> {
    if (!branch) return null;
    const answer = await this.http.call('GET', `${repoPath(repo)}/branches/${encodeURIComponent(branch)}`);
    return answer.status === 200 ? (branchSchema.safeParse(answer.body).data ?? null) : null;
  }

  private async checks(
    repo: string,
    sha: string,
  ): Promise<{ failed: string[]; pending: string[]; passed: string[] } | null> {
    const answer = await this.http.call('GET', `${repoPath(repo)}/commits/${sha}/status`, undefined, { limit: 50 });
    if (answer.status !== 200) return null;
    const statuses = combinedStatusSchema.safeParse(answer.body).data?.statuses ?? [];
    const byContext = new Map<string, string>();
    // Newest first: the first status of each context is its current one.
    for (const s of statuses) {
      const context = s.context ?? 'status';
      if (!byContext.has(context)) byContext.set(context, (s.status ?? '').toLowerCase());
    }
    const of = (set: (state: string) => boolean) => [...byContext].filter(([, st]) => set(st)).map(([c]) => c);
    return {
      failed: of((s) => FAILED.has(s)),
      pending: of((s) => PENDING.has(s)),
      passed: of((s) => s === 'success' || s === 'warning'),
    };
  }

  /** Each reviewer's latest review that counts (not a comment, not dismissed, not stale), by state. */
  private async latestReviews(pull: PullRef): Promise<string[]> {
    const answer = await this.http.call('GET', `${pullPath(pull)}/reviews`, undefined, { limit: 50 });
    if (answer.status !== 200) return [];
    const latest = new Map<string, string>();
    for (const r of reviewsSchema.safeParse(answer.body).data ?? []) {
      if (!r.user || r.dismissed || !['APPROVED', 'REQUEST_CHANGES'].includes(r.state)) continue;
      if (r.stale && r.state === 'APPROVED') continue;
      latest.set(r.user.login.toLowerCase(), r.state);
    }
    return [...latest.values()];
  }
}

/** Gitea's 405 messages (routers/api/v1/repo/pull.go): the reason of a refused merge, in words. */
function refusedMerge(text: string): ActionRefused {
  // ErrDisallowedToMerge: "not allowed to merge [reason: Does not have enough approvals]" (branch protection).
  const reason = /reason:\s*([^\]]+)/i.exec(text)?.[1]?.trim();
  if (reason) return new ActionRefused('protected', `Gitea's branch protection refused the merge: ${reason}.`);
  if (!text)
    return new ActionRefused(
      'not_mergeable',
      'Gitea cannot merge it: it is already merged or not in a mergeable state.',
    );
  if (/user not allowed to merge/i.test(text))
    return new ActionRefused('permission', 'Gitea refused: you are not allowed to merge this pull request.');
  if (/already merged/i.test(text)) return new ActionRefused('not_mergeable', 'It is already merged.');
  if (/work in progress/i.test(text))
    return new ActionRefused('not_mergeable', 'Gitea cannot merge it: it is a work in progress.');
  if (/invalid merge style|not allowed an allowed merge style/i.test(text))
    return new ActionRefused('invalid', 'This repository does not allow that merge method any more. Choose another.');
  if (/not ready to be merged|protected|approv|status check|signed/i.test(text))
    return new ActionRefused('protected', `Gitea's branch protection refused the merge: ${text}`);
  return new ActionRefused(
    'not_mergeable',
    `Gitea cannot merge it yet: ${text || 'it is not in a mergeable state'}. Try again in a moment.`,
  );
}

function repoPath(repo: string): string {
  const [owner, name] = repo.split('/') as [string, string];
  return `/repos/${encodeURIComponent(owner)}/${encodeURIComponent(name)}`;
}

function pullPath(pull: PullRef): string {
  return `${repoPath(pull.repo)}/pulls/${pull.number}`;
}

function names(items: string[]): string {
  const shown = items.slice(0, 5);
  return items.length > 5 ? `${shown.join(', ')} and ${items.length - 5} more` : shown.join(', ');
}

function parse<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new ActionRefused('unavailable', 'Gitea sent an answer Forgebell does not understand.');
  return parsed.data;
}

/** The body of a 2xx; every refusal in plain words (`what`: "approve", "merge" …). */
function expectOk(answer: ActionAnswer, what: string): unknown {
  if (answer.status >= 200 && answer.status < 300) return answer.body;
  const text = errorText(answer.body);
  switch (answer.status) {
    case 401:
      throw new ActionRefused('revoked', 'Gitea no longer accepts this token (revoked, expired or deleted).');
    case 403:
      throw new ActionRefused(
        'permission',
        /required scope/i.test(text)
          ? `Gitea refused: the token lacks a permission it needs to ${what} this (${text}). Make a token with write access to issues and repositories.`
          : `Gitea refused: you do not have permission to ${what} this${text ? ` (${text})` : ''}.`,
      );
    case 404:
      throw new ActionRefused(
        'no_access',
        'Gitea says it does not exist or your token cannot see this repository. If it is private, use a token with access to it.',
      );
    case 410:
      throw new ActionRefused('gone', 'It was deleted on Gitea.');
    case 423:
      throw new ActionRefused('permission', 'Gitea refused: the repository is archived.');
    case 422:
      if (/your own pull/i.test(text))
        throw new ActionRefused(
          'own',
          what === 'approve'
            ? 'You cannot approve your own pull request.'
            : 'You cannot request changes on your own pull request.',
        );
      throw new ActionRefused('invalid', `Gitea refused to ${what} it: ${text || 'invalid request'}.`);
    default:
      throw new ActionRefused('invalid', `Gitea refused to ${what} it (${answer.status}${text ? `: ${text}` : ''}).`);
  }
}
