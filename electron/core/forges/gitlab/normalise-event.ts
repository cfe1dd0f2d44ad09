import type { EventName } from '../../../contract/vocabulary/event-names.js';
import type { ForgeEvent } from '../../events/forge-event.js';
import type { Logger } from '../../runtime/logger.js';
import type { GitLabEvent, GitLabIssue } from './schemas.js';
import type { Hydrated } from './hydration.js';
import { isIssueLike, issueSubject, mergeRequestSubject, pullDetails, type Subject } from './subjects.js';

export interface NormaliseContext {
  accountId: string;
  repo: string;
  repoUrl: string;
  wanted: ReadonlySet<EventName>;
  hydrated: Hydrated;
  logger: Logger;
}

/** GitLab records a reopen as action_name "opened": an "opened" row well after the item's creation is a reopen. */
const REOPEN_GAP_MS = 60_000;

/** What each mapping sets; the subject fields default to "not about an issue or MR". */
type Fields = Pick<ForgeEvent, 'event' | 'action' | 'title' | 'url' | 'details'> & Partial<Subject>;

export function buildEvent(
  ctx: Pick<NormaliseContext, 'accountId' | 'repo' | 'repoUrl'>,
  id: string,
  actor: string,
  createdAt: string,
  fields: Fields,
): ForgeEvent {
  return {
    id,
    accountId: ctx.accountId,
    forge: 'gitlab',
    repo: ctx.repo,
    repoUrl: ctx.repoUrl,
    actor,
    createdAt: new Date(createdAt).toISOString(),
    subjectKey: null,
    number: null,
    state: null,
    labels: [],
    branch: null,
    draft: false,
    confidential: false,
    ...fields,
  };
}

/** One feed row → zero, one or two ForgeEvents (a new branch with commits; an approval is a pulls and a reviews event). */
export function normaliseFeedEvent(ctx: NormaliseContext, event: GitLabEvent): ForgeEvent[] {
  const make = (fields: Fields, suffix?: string): ForgeEvent =>
    buildEvent(
      ctx,
      `${ctx.accountId}:gl:${event.id}${suffix ? `:${suffix}` : ''}`,
      event.author?.username ?? event.author_username ?? '',
      event.created_at,
      fields,
    );
  if (event.push_data) return fromPush(ctx, event, make);
  switch (event.target_type) {
    case 'Issue':
    case 'WorkItem':
      return fromIssue(ctx, event, make);
    case 'MergeRequest':
      return fromMergeRequest(ctx, event, make);
    case 'Note':
    case 'DiscussionNote':
    case 'DiffNote':
      return fromNote(ctx, event, make);
    case 'WikiPage::Meta':
      return fromWiki(ctx, event, make);
    default:
      return [];
  }
}

type Make = (fields: Fields, suffix?: string) => ForgeEvent;

function fromPush(ctx: NormaliseContext, event: GitLabEvent, make: Make): ForgeEvent[] {
  const data = event.push_data;
  if (!data) return [];
  const refType = data.ref_type;
  if (refType !== 'branch' && refType !== 'tag') {
    ctx.logger.info('gitlab: skipped a push of an unknown kind of ref', { repo: ctx.repo, event: event.id, refType });
    return [];
  }
  // GitLab writes pushed / created / removed; anything else is reported as a plain push.
  const action = data.action === 'created' || data.action === 'removed' ? data.action : 'pushed';
  const ref = data.ref;
  if (!ref) {
    if ((data.ref_count ?? 0) > 0) return [fromBulkPush(ctx, refType, action, data.ref_count ?? 0, make)];
    ctx.logger.warn('gitlab: skipped a push event without a ref', { repo: ctx.repo, event: event.id });
    return [];
  }
  if (refType === 'tag') {
    return [
      make({
        event: 'tags',
        action: action === 'removed' ? 'deleted' : 'created',
        title: ref,
        url: `${ctx.repoUrl}/-/tags/${encodeURIComponent(ref)}`,
        details: { kind: 'ref', refType: 'tag', ref },
      }),
    ];
  }
  const out: ForgeEvent[] = [];
  if (action !== 'pushed') {
    out.push(
      make({
        event: 'branches',
        action: action === 'removed' ? 'deleted' : 'created',
        title: ref,
        url: `${ctx.repoUrl}/-/tree/${encodeURIComponent(ref)}`,
        branch: ref,
        details: { kind: 'ref', refType: 'branch', ref },
      }),
    );
  }
  if (action !== 'removed' && data.commit_count > 0 && data.commit_to) {
    const before = data.commit_from ?? null;
    const compareUrl = before ? `${ctx.repoUrl}/-/compare/${before}...${data.commit_to}` : null;
    const commits = ctx.hydrated.pushCommits.get(event.id) ?? [];
    out.push(
      make(
        {
          event: 'commits',
          action: 'pushed',
          title:
            data.commit_count === 1 && data.commit_title ? data.commit_title : `${data.commit_count} commits to ${ref}`,
          url: compareUrl ?? `${ctx.repoUrl}/-/commits/${encodeURIComponent(ref)}`,
          branch: ref,
          details: {
            kind: 'push',
            commits,
            totalCommits: data.commit_count,
            compareUrl,
            before,
            after: data.commit_to,
          },
        },
        action === 'created' ? 'commits' : undefined,
      ),
    );
  }
  return out;
}

/**
 * A bulk push: more branches or tags of one action in one push than the instance's limit (3 by default) are one row
 * with `ref` null and `ref_count` N. Which refs, and their commits, are not in the feed: the card says how many and
 * links to the project's branches or tags. Not branch-bound, so a branch filter cannot drop it.
 */
function fromBulkPush(
  ctx: NormaliseContext,
  refType: 'branch' | 'tag',
  action: 'pushed' | 'created' | 'removed',
  count: number,
  make: Make,
): ForgeEvent {
  const noun = `${count} ${refType === 'tag' ? 'tags' : 'branches'}`;
  const list = `${ctx.repoUrl}/-/${refType === 'tag' ? 'tags' : 'branches'}`;
  if (refType === 'branch' && action === 'pushed')
    return make({
      event: 'commits',
      action: 'pushed',
      title: `Pushed to ${noun}`,
      url: list,
      details: {
        kind: 'push',
        commits: [],
        totalCommits: 0,
        compareUrl: null,
        before: null,
        after: null,
        refCount: count,
      },
    });
  const deleted = action === 'removed';
  return make({
    event: refType === 'tag' ? 'tags' : 'branches',
    action: deleted ? 'deleted' : 'created',
    title: `${noun} ${deleted ? 'deleted' : refType === 'tag' ? 'pushed' : 'created'}`,
    url: list,
    details: { kind: 'ref', refType, ref: '', count },
  });
}

function openedOrReopened(actionName: string, itemCreatedAt: string, eventCreatedAt: string): string | null {
  if (actionName === 'reopened') return 'reopened';
  if (actionName !== 'opened') return null;
  return Date.parse(eventCreatedAt) - Date.parse(itemCreatedAt) > REOPEN_GAP_MS ? 'reopened' : 'opened';
}

function fromIssue(ctx: NormaliseContext, event: GitLabEvent, make: Make): ForgeEvent[] {
  if (!ctx.wanted.has('issues') && !ctx.wanted.has('confidential_issues')) return [];
  const issue = lookup(ctx, event, 'issue', event.target_iid, ctx.hydrated.issues);
  if (!issue || !issueLike(ctx, event, issue)) return [];
  const action =
    event.action_name === 'closed' ? 'closed' : openedOrReopened(event.action_name, issue.created_at, event.created_at);
  if (!action) return [];
  return [
    make({
      ...issueSubject(issue),
      event: issue.confidential ? 'confidential_issues' : 'issues',
      action,
      details: { kind: 'issue', body: issue.description ?? null },
    }),
  ];
}

function fromMergeRequest(ctx: NormaliseContext, event: GitLabEvent, make: Make): ForgeEvent[] {
  if (!ctx.wanted.has('pulls') && !ctx.wanted.has('reviews')) return [];
  const mr = lookup(ctx, event, 'merge request', event.target_iid, ctx.hydrated.mergeRequests);
  if (!mr) return [];
  const name = event.action_name;
  const action =
    name === 'accepted' || name === 'merged'
      ? 'merged'
      : name === 'closed' || name === 'approved' || name === 'unapproved'
        ? name
        : openedOrReopened(name, mr.created_at, event.created_at);
  if (!action) return [];
  const subject = mergeRequestSubject(mr);
  const out: ForgeEvent[] = [];
  // GitLab's own integration counts an approval as merge request activity; "reviews" carries approve and unapprove.
  if (action !== 'unapproved')
    out.push(make({ ...subject, event: 'pulls', action, details: pullDetails(mr, action === 'merged') }));
  if (action === 'approved' || action === 'unapproved')
    out.push(
      make(
        { ...subject, event: 'reviews', action, details: { kind: 'review', state: action, body: null } },
        action === 'approved' ? 'review' : undefined,
      ),
    );
  return out;
}

function fromNote(ctx: NormaliseContext, event: GitLabEvent, make: Make): ForgeEvent[] {
  if (!ctx.wanted.has('comments') && !ctx.wanted.has('confidential_comments')) return [];
  const note = event.note;
  if (!note) {
    ctx.logger.warn('gitlab: skipped a comment event without its note', { repo: ctx.repo, event: event.id });
    return [];
  }
  if (note.system) return [];
  let subject: Subject;
  let on: string;
  if (note.noteable_type === 'Issue' || note.noteable_type === 'WorkItem') {
    const issue = lookup(ctx, event, 'issue', note.noteable_iid, ctx.hydrated.issues);
    if (!issue || !issueLike(ctx, event, issue)) return [];
    [subject, on] = [issueSubject(issue), 'issue'];
  } else if (note.noteable_type === 'MergeRequest') {
    const mr = lookup(ctx, event, 'merge request', note.noteable_iid, ctx.hydrated.mergeRequests);
    if (!mr) return [];
    [subject, on] = [mergeRequestSubject(mr), 'merge_request'];
  } else if (note.noteable_type === 'Commit' && note.commit_id) {
    const url = `${ctx.repoUrl}/-/commit/${note.commit_id}`;
    subject = {
      subjectKey: null,
      number: null,
      title: event.target_title ?? note.commit_id.slice(0, 8),
      url,
      state: null,
      labels: [],
      branch: null,
      draft: false,
      confidential: false,
    };
    on = 'commit';
  } else {
    return [];
  }
  // Internal notes, and every note on a confidential issue, are confidential notes.
  const confidential = subject.confidential || note.confidential === true || note.internal === true;
  return [
    make({
      ...subject,
      url: `${subject.url}#note_${note.id}`,
      confidential,
      event: confidential ? 'confidential_comments' : 'comments',
      action: 'commented',
      details: { kind: 'comment', body: note.body, on },
    }),
  ];
}

function fromWiki(ctx: NormaliseContext, event: GitLabEvent, make: Make): ForgeEvent[] {
  const title = event.wiki_page?.title ?? event.target_title;
  if (!title) return [];
  const slug = event.wiki_page?.slug ?? title.trim().replace(/\s+/g, '-');
  const action = event.action_name === 'destroyed' ? 'deleted' : event.action_name;
  const url = `${ctx.repoUrl}/-/wikis/${slug.split('/').map(encodeURIComponent).join('/')}`;
  return [make({ event: 'wiki', action, title, url, details: { kind: 'wiki', pages: [{ title, action, url }] } })];
}

/** Work items that are not issues (tasks, objectives …) are not notified: logged, skipped. */
function issueLike(ctx: NormaliseContext, event: GitLabEvent, issue: GitLabIssue): boolean {
  if (isIssueLike(issue)) return true;
  ctx.logger.debug('gitlab: skipped an event about a work item that is not an issue', {
    repo: ctx.repo,
    event: event.id,
    iid: issue.iid,
    type: issue.type ?? issue.issue_type,
  });
  return false;
}

function lookup<T>(
  ctx: NormaliseContext,
  event: GitLabEvent,
  what: string,
  iid: number | null | undefined,
  map: Map<number, T>,
): T | null {
  const item = iid == null ? undefined : map.get(iid);
  if (!item)
    ctx.logger.info(`gitlab: skipped an event whose ${what} could not be read (deleted, hidden or malformed)`, {
      repo: ctx.repo,
      event: event.id,
      iid,
    });
  return item ?? null;
}
