import type { World } from './world.js';
import type { FakeIssue, FakeNotification, FakeRepo, FakeRun } from './world-types.js';

/**
 * What lands in users' inboxes (`GET /notifications`), as GitHub decides it: the requested reviewers (and the members
 * of requested teams), assignees, `@login`s in new text, the author on activity in their thread, and whoever started a
 * workflow run that failed (`ci_activity`). One thread per user and subject, bumped by each new reason; never for the
 * user's own action, and never for a repository the user cannot read.
 */

const MENTION = /(^|[^A-Za-z0-9_.`/@-])@([A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)(?![A-Za-z0-9_/-])/g;

export function canRead(repo: FakeRepo, login: string): boolean {
  const who = login.toLowerCase();
  return (
    !repo.private || repo.collaborators === null || who === repo.owner.toLowerCase() || repo.collaborators.has(who)
  );
}

function upsert(world: World, entry: Omit<FakeNotification, 'id' | 'updatedAt' | 'unread'>): void {
  const same = world.notifications.find(
    (n) =>
      n.login === entry.login &&
      n.repo === entry.repo &&
      n.subjectType === entry.subjectType &&
      n.number === entry.number &&
      (entry.subjectType !== 'CheckSuite' || n.title === entry.title),
  );
  if (same) Object.assign(same, { reason: entry.reason, title: entry.title, updatedAt: world.now(), unread: true });
  else world.notifications.push({ ...entry, id: String(world.nextId()), updatedAt: world.now(), unread: true });
}

/** Notifies `login` about an issue or pull request, unless it is the actor or cannot read the repository. */
export function notify(
  world: World,
  login: string,
  reason: string,
  repo: FakeRepo,
  issue: FakeIssue,
  actor: string,
): void {
  if (login.toLowerCase() === actor.toLowerCase() || !canRead(repo, login) || !world.users.has(login.toLowerCase()))
    return;
  upsert(world, {
    login: login.toLowerCase(),
    reason,
    repo: repo.fullName,
    subjectType: issue.pull ? 'PullRequest' : 'Issue',
    number: issue.number,
    title: issue.title,
  });
}

/** `@login`s in new text (users GitHub knows) get a `mention`. */
export function notifyText(world: World, repo: FakeRepo, issue: FakeIssue, text: string | null, actor: string): void {
  for (const match of (text ?? '').matchAll(MENTION)) notify(world, match[2] as string, 'mention', repo, issue, actor);
}

/** A new issue or pull request: its requested reviewers and teams, assignees, and mentions in its body. */
export function notifySubjectOpened(world: World, repo: FakeRepo, issue: FakeIssue, actor: string): void {
  for (const login of issue.pull?.requestedReviewers ?? [])
    notify(world, login, 'review_requested', repo, issue, actor);
  for (const team of issue.pull?.requestedTeams ?? [])
    for (const member of world.teams.get(`${repo.owner}/${team}`.toLowerCase()) ?? [])
      notify(world, member, 'review_requested', repo, issue, actor);
  for (const login of issue.assignees) notify(world, login, 'assign', repo, issue, actor);
  notifyText(world, repo, issue, issue.body, actor);
}

/** A failed workflow run: a `ci_activity` thread for whoever started it (their own push included). */
export function notifyRunFailed(world: World, repo: FakeRepo, run: FakeRun): void {
  if (!canRead(repo, run.actor)) return;
  upsert(world, {
    login: run.actor.toLowerCase(),
    reason: 'ci_activity',
    repo: repo.fullName,
    subjectType: 'CheckSuite',
    number: null,
    title: `${run.name} workflow run failed for ${run.branch} branch`,
  });
}
