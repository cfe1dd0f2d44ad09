import { emitSubjectEvent, issueOf, newIssue } from './issue-actions.js';
import { notify, notifySubjectOpened, notifyText } from './notifications.js';
import { renderReview, renderThinPull } from './render.js';
import { advanceBranch, push, type CommitInput } from './repo-actions.js';
import type { World } from './world.js';
import type { FakeIssue, FakeReview } from './world-types.js';

export interface PullInput {
  title: string;
  body?: string | null;
  head: string;
  base?: string;
  draft?: boolean;
  labels?: string[];
  actor?: string;
  /** Commits pushed to the head branch first (the branch is created when missing; default 1 commit then). */
  commits?: number | CommitInput[];
  /** Reviewers requested at creation (users, and team slugs): set on the pull request, notified in their inboxes. */
  reviewers?: string[];
  teams?: string[];
  /**
   * A pull request from a fork (owner/name): its commits are pushed there, so this repository's feed shows no push;
   * GitHub keeps them here too (refs/pull/N/head), so they can be looked up by sha.
   */
  fork?: string;
}

export function openPull(world: World, fullName: string, input: PullInput): FakeIssue {
  const repo = world.repo(fullName);
  const base = input.base ?? repo.defaultBranch;
  if (!repo.branches.has(base)) throw new Error(`GitHub fake: no base branch ${base}`);
  const actor = input.actor ?? world.defaultActor;
  let forkHead: string | null = null;
  if (input.fork) {
    const parent = repo.branches.get(base) as string;
    forkHead = world.addCommit(repo, `Change from ${input.fork}`, actor, [parent]).sha;
  } else if (!repo.branches.has(input.head) || input.commits !== undefined)
    push(world, fullName, input.head, input.commits ?? 1, { actor });
  const issue = newIssue(world, repo, { ...input, actor });
  issue.pull = {
    id: world.nextId(),
    head: input.head,
    headSha: forkHead ?? (repo.branches.get(input.head) as string),
    ...(input.fork ? { headRepo: input.fork } : {}),
    base,
    baseSha: repo.branches.get(base) as string,
    draft: input.draft ?? false,
    merged: false,
    mergedAt: null,
    mergeCommitSha: null,
    reviews: [],
    requestedReviewers: [...(input.reviewers ?? [])],
    requestedTeams: [...(input.teams ?? [])],
  };
  const id = emitSubjectEvent(world, repo, issue, 'opened', actor);
  world.log('openPull', repo, [id], issue.number);
  notifySubjectOpened(world, repo, issue, actor);
  return issue;
}

function pullOf(
  world: World,
  fullName: string,
  number: number,
): { issue: FakeIssue; pull: NonNullable<FakeIssue['pull']> } {
  const issue = issueOf(world.repo(fullName), number);
  if (!issue.pull) throw new Error(`GitHub fake: #${number} is not a pull request`);
  return { issue, pull: issue.pull };
}

/**
 * A push to a fork's pull request: a new head commit, which lands in the fork's feed, not this repository's (GitHub's
 * events API has no `synchronize` either): nothing shows here but the new head.
 */
export function pushToFork(world: World, fullName: string, number: number, options: { actor?: string } = {}): string {
  const repo = world.repo(fullName);
  const pull = repo.issues.get(number)?.pull;
  if (!pull?.headRepo) throw new Error(`GitHub fake: #${number} is not a pull request from a fork`);
  pull.headSha = world.addCommit(repo, `More from ${pull.headRepo}`, options.actor ?? world.defaultActor, [
    pull.headSha,
  ]).sha;
  return pull.headSha;
}

export function markReady(world: World, fullName: string, number: number, options: { actor?: string } = {}): void {
  const repo = world.repo(fullName);
  const { issue, pull } = pullOf(world, fullName, number);
  pull.draft = false;
  issue.updatedAt = world.now();
  const id = emitSubjectEvent(world, repo, issue, 'ready_for_review', options.actor ?? world.defaultActor);
  world.log('markReady', repo, [id], number);
}

/** Merges with a merge commit: a PushEvent on the base branch, then PullRequestEvent closed (merged). */
export function mergePull(world: World, fullName: string, number: number, options: { actor?: string } = {}): string {
  const repo = world.repo(fullName);
  const { issue, pull } = pullOf(world, fullName, number);
  if (issue.state !== 'open') throw new Error(`GitHub fake: #${number} is not open`);
  const actor = options.actor ?? world.defaultActor;
  const baseHead = repo.branches.get(pull.base) as string;
  pull.headSha = repo.branches.get(pull.head) ?? pull.headSha;
  const merge = world.addCommit(
    repo,
    `Merge pull request #${number} from ${repo.owner}/${pull.head}\n\n${issue.title}`,
    actor,
    [baseHead, pull.headSha],
  );
  const ids = [advanceBranch(world, repo, pull.base, merge.sha, actor)];
  const now = world.now();
  Object.assign(pull, { merged: true, mergedAt: now, mergeCommitSha: merge.sha, draft: false });
  Object.assign(issue, { state: 'closed', closedAt: now, updatedAt: now, stateReason: null });
  ids.push(emitSubjectEvent(world, repo, issue, 'closed', actor));
  world.log('mergePull', repo, ids, number);
  notify(world, issue.author, 'author', repo, issue, actor);
  return merge.sha;
}

export interface ReviewInput {
  state: 'approved' | 'changes_requested' | 'commented';
  body?: string | null;
  actor?: string;
}

export function review(world: World, fullName: string, number: number, input: ReviewInput): number {
  const repo = world.repo(fullName);
  const { issue, pull } = pullOf(world, fullName, number);
  const actor = input.actor ?? world.defaultActor;
  const stored: FakeReview = {
    id: world.nextId(),
    state: input.state,
    body: input.body ?? null,
    author: actor,
    commitId: pull.headSha,
    submittedAt: world.now(),
  };
  pull.reviews.push(stored);
  pull.requestedReviewers = pull.requestedReviewers.filter((r) => r.toLowerCase() !== actor.toLowerCase());
  const reviewId = stored.id;
  issue.updatedAt = world.now();
  const id = world.emit(repo, 'PullRequestReviewEvent', actor, {
    action: 'created',
    review: { ...renderReview(world, repo, issue, stored), state: input.state },
    pull_request: renderThinPull(world, repo, issue),
  });
  world.log('review', repo, [id], reviewId);
  notifyText(world, repo, issue, input.body ?? null, actor);
  notify(world, issue.author, 'author', repo, issue, actor);
  return reviewId;
}
