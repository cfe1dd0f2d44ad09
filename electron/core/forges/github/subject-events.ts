import type { ForgeEvent } from '../../events/forge-event.js';
import { githubEvent, type RepoContext } from './event-base.js';
import type { IssueData, PullData } from './schemas.js';

export interface EventMeta {
  id: string;
  action: string;
  actor: string;
  createdAt: string;
  seq?: number;
}

/** An `issues` event from an issue's (hydrated) data. */
export function issueEvent(ctx: RepoContext, issue: IssueData, meta: EventMeta): ForgeEvent {
  return githubEvent(ctx, {
    ...meta,
    event: 'issues',
    title: issue.title,
    url: issue.html_url,
    subjectKey: `issue:${issue.number}`,
    number: issue.number,
    state: issue.state,
    labels: issue.labels,
    details: { kind: 'issue', body: issue.body ?? null },
    involved: { authors: issue.user ? [issue.user.login] : [], assignees: issue.assignees },
  });
}

/**
 * What is known of a pull request: its data, or a stand-in built from a thin event payload when the pull request
 * cannot be read (deleted, access lost), whose `state` is then unknown (null), never assumed open.
 */
export type PullView = Omit<PullData, 'state'> & { state: string | null };

export function pullState(pull: Pick<PullView, 'state' | 'draft' | 'merged'>): string | null {
  if (pull.merged) return 'merged';
  if (pull.state === 'open' && pull.draft) return 'draft';
  return pull.state;
}

/** A `pulls` event from a pull request's (hydrated) data; the branch is the target (base) branch. */
export function pullEvent(ctx: RepoContext, pull: PullView, meta: EventMeta): ForgeEvent {
  return githubEvent(ctx, {
    ...meta,
    event: 'pulls',
    ...pullSubject(pull),
    details: {
      kind: 'pull',
      body: pull.body ?? null,
      sourceBranch: pull.head.ref,
      targetBranch: pull.base.ref,
      merged: pull.merged === true,
    },
  });
}

/** Fields every event about a pull request carries (reviews and review comments too). */
export function pullSubject(
  pull: PullView,
): Pick<ForgeEvent, 'title' | 'url' | 'subjectKey' | 'number' | 'state' | 'labels' | 'draft' | 'branch' | 'involved'> {
  return {
    involved: {
      authors: pull.user ? [pull.user.login] : [],
      reviewers: pull.requested_reviewers,
      reviewerTeams: pull.requested_teams,
      assignees: pull.assignees,
    },
    title: pull.title,
    url: pull.html_url,
    subjectKey: `pull:${pull.number}`,
    number: pull.number,
    state: pullState(pull),
    labels: pull.labels,
    draft: pull.draft === true,
    branch: pull.base.ref || null,
  };
}

/** The release fields a `releases` message needs (ReleaseEvent payload or the releases list alike). */
export interface ReleaseFields {
  tag_name: string;
  name?: string | null | undefined;
  body?: string | null | undefined;
  html_url?: string | null | undefined;
}

/** A `releases` event (published) for a release. */
export function releaseEvent(ctx: RepoContext, release: ReleaseFields, meta: Omit<EventMeta, 'action'>): ForgeEvent {
  return githubEvent(ctx, {
    ...meta,
    event: 'releases',
    action: 'published',
    title: release.name || release.tag_name,
    url: release.html_url ?? `${ctx.repoUrl}/releases/tag/${encodeURIComponent(release.tag_name)}`,
    details: { kind: 'release', tag: release.tag_name, name: release.name ?? null, body: release.body ?? null },
  });
}
