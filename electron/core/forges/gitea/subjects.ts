import type { ForgeEvent } from '../../events/forge-event.js';
import type { GiteaIssue, GiteaPull } from './schemas.js';

/** The ForgeEvent fields that describe an issue or pull request itself (feed events, comments, link previews). */
export type Subject = Pick<
  ForgeEvent,
  'subjectKey' | 'number' | 'title' | 'url' | 'state' | 'labels' | 'branch' | 'draft' | 'confidential' | 'involved'
>;

const logins = (users: readonly { login: string }[] | null | undefined): string[] => (users ?? []).map((u) => u.login);

/** Gitea's default `[repository.pull-request] WORK_IN_PROGRESS_PREFIXES` ("WIP:", "[WIP]"), compared case-insensitively. */
const WIP_PREFIX = /^\s*(wip:|\[wip\])/i;

export function issueSubject(issue: GiteaIssue): Subject {
  return {
    subjectKey: `issue:${issue.number}`,
    number: issue.number,
    title: issue.title,
    url: issue.html_url,
    state: issue.state === 'closed' ? 'closed' : 'open',
    labels: issue.labels,
    branch: null,
    draft: false,
    confidential: false,
    involved: { authors: issue.user ? [issue.user.login] : [], assignees: logins(issue.assignees) },
  };
}

/** The `draft` flag where the server sends it (Gitea 1.22+, Forgejo), else the title's WIP prefix. */
export function isDraft(pull: Pick<GiteaPull, 'draft' | 'title'>): boolean {
  return pull.draft ?? WIP_PREFIX.test(pull.title);
}

export function pullSubject(pull: GiteaPull): Subject {
  const draft = isDraft(pull);
  return {
    subjectKey: `pull:${pull.number}`,
    number: pull.number,
    title: pull.title,
    url: pull.html_url,
    state: pull.merged ? 'merged' : pull.state === 'closed' ? 'closed' : draft ? 'draft' : 'open',
    labels: pull.labels,
    branch: pull.base?.ref ?? null,
    draft,
    confidential: false,
    // Who DMs are for (§4): the author, the reviewers asked, the assignees, as Gitea lists them now.
    involved: {
      authors: pull.user ? [pull.user.login] : [],
      reviewers: logins(pull.requested_reviewers),
      assignees: logins(pull.assignees),
    },
  };
}

export function pullDetails(pull: GiteaPull, merged: boolean): ForgeEvent['details'] {
  return {
    kind: 'pull',
    body: pull.body ?? null,
    sourceBranch: pull.head?.ref ?? null,
    targetBranch: pull.base?.ref ?? null,
    merged: merged || pull.merged === true,
  };
}
