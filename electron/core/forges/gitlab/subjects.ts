import type { ForgeEvent } from '../../events/forge-event.js';
import type { GitLabIssue, GitLabMergeRequest } from './schemas.js';

/** The ForgeEvent fields that describe an issue or merge request itself (shared by feed events, comments and link previews). */
export type Subject = Pick<
  ForgeEvent,
  'subjectKey' | 'number' | 'title' | 'url' | 'state' | 'labels' | 'branch' | 'draft' | 'confidential' | 'involved'
>;

/**
 * Whether an item of the issues API is an issue as Forgebell notifies it: an issue or an incident. Newer GitLab keeps
 * every work item type there (tasks, objectives, key results, test cases …) and records events on them with
 * `target_type: "WorkItem"`; those of other types are not notified. Without a type (older GitLab) it is an issue.
 */
export function isIssueLike(issue: Pick<GitLabIssue, 'type' | 'issue_type'>): boolean {
  const type = (issue.type ?? issue.issue_type ?? 'issue').toLowerCase();
  return type === 'issue' || type === 'incident';
}

export function issueSubject(issue: GitLabIssue): Subject {
  return {
    subjectKey: `issue:${issue.iid}`,
    number: issue.iid,
    title: issue.title,
    url: issue.web_url,
    state: issue.state === 'closed' ? 'closed' : 'open',
    labels: issue.labels,
    branch: null,
    draft: false,
    confidential: issue.confidential,
    involved: { authors: issue.author ? [issue.author.username] : [], assignees: issue.assignees },
  };
}

export function isDraft(mr: GitLabMergeRequest): boolean {
  return mr.draft ?? mr.work_in_progress ?? /^\s*(draft:|\[draft\]|\(draft\)|wip:|\[wip\])/i.test(mr.title);
}

export function mergeRequestSubject(mr: GitLabMergeRequest): Subject {
  const draft = isDraft(mr);
  return {
    subjectKey: `mr:${mr.iid}`,
    number: mr.iid,
    title: mr.title,
    url: mr.web_url,
    state: mr.state === 'merged' || mr.state === 'closed' ? mr.state : draft ? 'draft' : 'open',
    labels: mr.labels,
    branch: mr.target_branch ?? null,
    draft,
    confidential: false,
    involved: {
      authors: mr.author ? [mr.author.username] : [],
      reviewers: mr.reviewers,
      assignees: mr.assignees,
    },
  };
}

export function pullDetails(mr: GitLabMergeRequest, merged: boolean): ForgeEvent['details'] {
  return {
    kind: 'pull',
    body: mr.description ?? null,
    sourceBranch: mr.source_branch ?? null,
    targetBranch: mr.target_branch ?? null,
    merged: merged || mr.state === 'merged',
  };
}
