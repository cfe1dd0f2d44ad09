/**
 * Acting on a forge as a person (docs/cli-and-config.md §4 "Acting as yourself"): the operations a card's buttons
 * offer, each made with one token — the clicker's own, or the account's when its owner clicks. Refusals come back as
 * an `ActionRefused` with a sentence for the clicker, never a raw HTTP status.
 */

/** A pull request (GitHub, Gitea) or merge request (GitLab): repository path and number (GitLab: iid). */
export interface PullRef {
  repo: string;
  number: number;
}

/** GitHub and GitLab know the first three; Gitea/Forgejo also rebase with a merge commit and fast-forward only. */
export type MergeMethod = 'merge' | 'squash' | 'rebase' | 'rebase-merge' | 'fast-forward-only';

export const MERGE_METHOD_LABELS: Record<MergeMethod, string> = {
  merge: 'Create a merge commit',
  squash: 'Squash and merge',
  rebase: 'Rebase and merge',
  'rebase-merge': 'Rebase and create a merge commit',
  'fast-forward-only': 'Fast-forward only',
};

/** What the Merge… modal shows, read fresh when it opens. */
export interface MergeInfo {
  title: string;
  open: boolean;
  /** The methods the repository allows, the preferred first. */
  methods: MergeMethod[];
  /** Why it cannot merge right now, one sentence each (checks failing or pending, approvals, conflicts, draft). */
  blockers: string[];
  /** The forge can merge it by itself once checks pass (GitHub auto-merge, GitLab merge when the pipeline succeeds). */
  canMergeWhenChecksPass: boolean;
  /** The head commit the modal was built for: the merge is refused (head changed) if someone pushed since. */
  headSha: string | null;
}

export interface MergeRequest {
  method: MergeMethod;
  headSha: string | null;
  /** Let the forge merge when the checks pass instead of now. */
  whenChecksPass: boolean;
}

export type MergeOutcome = 'merged' | 'scheduled';

/**
 * A deployment waiting for approval: GitHub — the workflow run (`id`) and the environment it waits on; GitLab — the
 * deployment (`id`), one environment each.
 */
export interface DeploymentRef {
  repo: string;
  id: number;
  environment: string;
}

export type DeploymentDecision = 'approved' | 'rejected';

export interface ForgeActions {
  approve(pull: PullRef): Promise<void>;
  requestChanges(pull: PullRef, body: string): Promise<void>;
  comment(pull: PullRef, body: string): Promise<void>;
  mergeInfo(pull: PullRef): Promise<MergeInfo>;
  merge(pull: PullRef, request: MergeRequest): Promise<MergeOutcome>;
  /** Re-runs the failed jobs of a workflow run (GitHub, Gitea) or retries a pipeline's failed jobs (GitLab). */
  rerunFailed(repo: string, runId: number): Promise<void>;
  /** Approves or rejects a deployment waiting for the person's approval (comment optional: '' for none). */
  reviewDeployment(deployment: DeploymentRef, decision: DeploymentDecision, comment: string): Promise<void>;
}

/**
 * Why the forge said no, in words for the clicker:
 * - `own`: approving or requesting changes on one's own pull request;
 * - `protected`: branch protection or merge checks;
 * - `permission`: the person may not do this (403);
 * - `not_mergeable`, `head_changed`, `conflict`: the merge was refused;
 * - `no_access`: the token cannot see the repository (404);
 * - `gone`: the item was deleted;
 * - `decided`: the deployment is no longer waiting (approved, rejected or cancelled meanwhile);
 * - `not_reviewer`: the person is not among the deployment's required reviewers;
 * - `revoked`: the token no longer works (401) — a personal token is then forgotten;
 * - `invalid`: the forge refused the input;
 * - `unavailable`: the forge could not be reached or failed.
 */
export type RefusalReason =
  | 'own'
  | 'protected'
  | 'permission'
  | 'not_mergeable'
  | 'head_changed'
  | 'conflict'
  | 'no_access'
  | 'gone'
  | 'decided'
  | 'not_reviewer'
  | 'revoked'
  | 'invalid'
  | 'unavailable';

export class ActionRefused extends Error {
  override readonly name = 'ActionRefused';
  constructor(
    readonly reason: RefusalReason,
    message: string,
  ) {
    super(message);
  }
}
