import { iso, renderIssue, renderThinPull, renderUser } from './render.js';
import { notifySubjectOpened, notifyText } from './notifications.js';
import type { World } from './world.js';
import type { FakeDiscussion, FakeIssue, FakeRepo } from './world-types.js';

export interface IssueInput {
  title: string;
  body?: string | null;
  labels?: string[];
  actor?: string;
  /** Assigned at creation (no separate `assigned` event, as when GitHub's form sets them). */
  assignees?: string[];
}

export function issueOf(repo: FakeRepo, number: number): FakeIssue {
  const issue = repo.issues.get(number);
  if (!issue) throw new Error(`GitHub fake: no issue or pull #${number} in ${repo.fullName}`);
  return issue;
}

export function newIssue(world: World, repo: FakeRepo, input: IssueInput): FakeIssue {
  const now = world.now();
  const issue: FakeIssue = {
    id: world.nextId(),
    number: repo.nextNumber++,
    title: input.title,
    body: input.body ?? null,
    state: 'open',
    stateReason: null,
    author: input.actor ?? world.defaultActor,
    labels: [...(input.labels ?? [])],
    createdAt: now,
    updatedAt: now,
    closedAt: null,
    comments: 0,
    assignees: [...(input.assignees ?? [])],
    pull: null,
  };
  repo.issues.set(issue.number, issue);
  return issue;
}

/** Emits the family event for an issue or a pull request (IssuesEvent / PullRequestEvent with the thin PR object). */
export function emitSubjectEvent(
  world: World,
  repo: FakeRepo,
  issue: FakeIssue,
  action: string,
  actor: string,
  extra: Record<string, unknown> = {},
): string {
  if (issue.pull) {
    return world.emit(repo, 'PullRequestEvent', actor, {
      action,
      number: issue.number,
      pull_request: renderThinPull(world, repo, issue),
      ...extra,
    });
  }
  return world.emit(repo, 'IssuesEvent', actor, { action, issue: renderIssue(world, repo, issue), ...extra });
}

export function openIssue(world: World, fullName: string, input: IssueInput): FakeIssue {
  const repo = world.repo(fullName);
  const issue = newIssue(world, repo, input);
  const id = emitSubjectEvent(world, repo, issue, 'opened', issue.author);
  world.log('openIssue', repo, [id], issue.number);
  notifySubjectOpened(world, repo, issue, issue.author);
  return issue;
}

/** Opens or closes an issue or pull request (the PATCH endpoints use it too). */
export function setState(
  world: World,
  repo: FakeRepo,
  issue: FakeIssue,
  state: 'open' | 'closed',
  actor: string,
): string[] {
  if (issue.state === state) return [];
  if (issue.pull?.merged) throw new Error(`GitHub fake: #${issue.number} is merged`);
  const now = world.now();
  issue.state = state;
  issue.updatedAt = now;
  issue.closedAt = state === 'closed' ? now : null;
  issue.stateReason = state === 'closed' ? 'completed' : 'reopened';
  const id = emitSubjectEvent(world, repo, issue, state === 'closed' ? 'closed' : 'reopened', actor);
  world.log(state === 'closed' ? 'close' : 'reopen', repo, [id], issue.number);
  return [id];
}

export function closeIssue(world: World, fullName: string, number: number, options: { actor?: string } = {}): void {
  const repo = world.repo(fullName);
  setState(world, repo, issueOf(repo, number), 'closed', options.actor ?? world.defaultActor);
}

export function reopenIssue(world: World, fullName: string, number: number, options: { actor?: string } = {}): void {
  const repo = world.repo(fullName);
  setState(world, repo, issueOf(repo, number), 'open', options.actor ?? world.defaultActor);
}

/** Adds labels to an issue or pull request: one `labeled` event per new label, as GitHub does. */
export function labelIssue(
  world: World,
  fullName: string,
  number: number,
  labels: string[],
  options: { actor?: string } = {},
): void {
  const repo = world.repo(fullName);
  const issue = issueOf(repo, number);
  const actor = options.actor ?? world.defaultActor;
  const ids: string[] = [];
  for (const name of labels) {
    if (issue.labels.includes(name)) continue;
    issue.labels.push(name);
    issue.updatedAt = world.now();
    ids.push(emitSubjectEvent(world, repo, issue, 'labeled', actor, { label: { name, color: 'ededed' } }));
  }
  world.log('labelIssue', repo, ids, number);
}

export type CommentTarget =
  { issue: number } | { pull: number; path?: string; line?: number } | { commit: string } | { discussion: number };

export interface CommentResult {
  id: number;
  eventId: string;
}

export function comment(
  world: World,
  fullName: string,
  target: CommentTarget,
  body: string,
  options: { actor?: string } = {},
): CommentResult {
  const repo = world.repo(fullName);
  const actor = options.actor ?? world.defaultActor;
  const id = world.nextId();
  const now = iso(world.now());
  const base = {
    id,
    body,
    user: renderUser(world, actor),
    created_at: now,
    updated_at: now,
    author_association: 'MEMBER',
  };
  const web = `${world.urls.web}/${repo.fullName}`;
  let eventId: string;
  if ('issue' in target) {
    const issue = issueOf(repo, target.issue);
    issue.comments++;
    issue.updatedAt = world.now();
    const html = `${web}/${issue.pull ? 'pull' : 'issues'}/${issue.number}#issuecomment-${id}`;
    eventId = world.emit(repo, 'IssueCommentEvent', actor, {
      action: 'created',
      issue: renderIssue(world, repo, issue),
      comment: { ...base, html_url: html },
    });
  } else if ('pull' in target) {
    const issue = issueOf(repo, target.pull);
    if (!issue.pull) throw new Error(`GitHub fake: #${target.pull} is not a pull request`);
    issue.updatedAt = world.now();
    const reviewComment = {
      ...base,
      path: target.path ?? 'README.md',
      line: target.line ?? 1,
      commit_id: issue.pull.headSha,
      pull_request_review_id: world.nextId(),
      html_url: `${web}/pull/${issue.number}#discussion_r${id}`,
    };
    eventId = world.emit(repo, 'PullRequestReviewCommentEvent', actor, {
      action: 'created',
      comment: reviewComment,
      pull_request: renderThinPull(world, repo, issue),
    });
  } else if ('commit' in target) {
    if (!repo.commits.has(target.commit)) throw new Error(`GitHub fake: no commit ${target.commit}`);
    eventId = world.emit(repo, 'CommitCommentEvent', actor, {
      action: 'created',
      comment: {
        ...base,
        commit_id: target.commit,
        path: null,
        line: null,
        html_url: `${web}/commit/${target.commit}#commitcomment-${id}`,
      },
    });
  } else {
    const discussion = repo.discussions.get(target.discussion);
    if (!discussion) throw new Error(`GitHub fake: no discussion #${target.discussion}`);
    eventId = world.emit(repo, 'DiscussionCommentEvent', actor, {
      action: 'created',
      comment: { ...base, html_url: `${web}/discussions/${discussion.number}#discussioncomment-${id}` },
      discussion: renderDiscussion(world, repo, discussion),
    });
  }
  world.log('comment', repo, [eventId], id);
  const subject = 'issue' in target ? target.issue : 'pull' in target ? target.pull : null;
  if (subject !== null) notifyText(world, repo, issueOf(repo, subject), body, actor);
  return { id, eventId };
}

function renderDiscussion(world: World, repo: FakeRepo, discussion: FakeDiscussion): Record<string, unknown> {
  return {
    id: discussion.id,
    number: discussion.number,
    title: discussion.title,
    body: discussion.body,
    category: { name: discussion.category, slug: discussion.category.toLowerCase() },
    user: renderUser(world, discussion.author),
    html_url: `${world.urls.web}/${repo.fullName}/discussions/${discussion.number}`,
    created_at: iso(discussion.createdAt),
  };
}

export function startDiscussion(
  world: World,
  fullName: string,
  input: { title: string; body?: string | null; category?: string; actor?: string },
): FakeDiscussion {
  const repo = world.repo(fullName);
  const discussion: FakeDiscussion = {
    id: world.nextId(),
    number: repo.nextNumber++,
    title: input.title,
    body: input.body ?? null,
    category: input.category ?? 'General',
    author: input.actor ?? world.defaultActor,
    createdAt: world.now(),
  };
  repo.discussions.set(discussion.number, discussion);
  const id = world.emit(repo, 'DiscussionEvent', discussion.author, {
    action: 'created',
    discussion: renderDiscussion(world, repo, discussion),
  });
  world.log('startDiscussion', repo, [id], discussion.number);
  return discussion;
}
