import { emitSubjectEvent, issueOf } from './issue-actions.js';
import { notify } from './notifications.js';
import { renderUser } from './render.js';
import type { World } from './world.js';

export interface ReviewRequestInput {
  reviewers?: string[];
  /** Team slugs of the repository's organisation. */
  teams?: string[];
  actor?: string;
}

/**
 * Asks for reviews on a pull request: one PullRequestEvent `review_requested` per reviewer or team (as GitHub sends
 * one webhook per request), naming `requested_reviewer` / `requested_team`; each reviewer (and each member of a team)
 * gets a `review_requested` thread in their inbox.
 */
export function requestReview(world: World, fullName: string, number: number, input: ReviewRequestInput): string[] {
  const repo = world.repo(fullName);
  const issue = issueOf(repo, number);
  const pull = issue.pull;
  if (!pull) throw new Error(`GitHub fake: #${number} is not a pull request`);
  const actor = input.actor ?? world.defaultActor;
  const ids: string[] = [];
  issue.updatedAt = world.now();
  for (const login of input.reviewers ?? []) {
    if (!pull.requestedReviewers.some((r) => r.toLowerCase() === login.toLowerCase()))
      pull.requestedReviewers.push(login);
    ids.push(
      emitSubjectEvent(world, repo, issue, 'review_requested', actor, { requested_reviewer: renderUser(world, login) }),
    );
    notify(world, login, 'review_requested', repo, issue, actor);
  }
  for (const slug of input.teams ?? []) {
    if (!pull.requestedTeams.includes(slug)) pull.requestedTeams.push(slug);
    ids.push(
      emitSubjectEvent(world, repo, issue, 'review_requested', actor, {
        requested_team: { name: slug, slug, id: world.nextId() },
      }),
    );
    for (const member of world.teams.get(`${repo.owner}/${slug}`.toLowerCase()) ?? [])
      notify(world, member, 'review_requested', repo, issue, actor);
  }
  world.log('requestReview', repo, ids, number);
  return ids;
}

/** Assigns users to an issue or pull request: one `assigned` event per assignee, an `assign` inbox thread each. */
export function assign(
  world: World,
  fullName: string,
  number: number,
  assignees: string[],
  options: { actor?: string } = {},
): string[] {
  const repo = world.repo(fullName);
  const issue = issueOf(repo, number);
  const actor = options.actor ?? world.defaultActor;
  const ids: string[] = [];
  issue.updatedAt = world.now();
  for (const login of assignees) {
    if (!issue.assignees.some((a) => a.toLowerCase() === login.toLowerCase())) issue.assignees.push(login);
    ids.push(emitSubjectEvent(world, repo, issue, 'assigned', actor, { assignee: renderUser(world, login) }));
    notify(world, login, 'assign', repo, issue, actor);
  }
  world.log('assign', repo, ids, number);
  return ids;
}
