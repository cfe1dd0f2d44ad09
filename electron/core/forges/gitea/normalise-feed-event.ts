import type { EventName } from '../../../contract/vocabulary/event-names.js';
import type { ForgeEvent } from '../../events/forge-event.js';
import type { Logger } from '../../runtime/logger.js';
import type { FeedAction } from './events-poll.js';
import { PUSH_OPS, compareRange, issueInfoOf, pushCommitsOf } from './feed-content.js';
import type { Hydrated } from './hydration.js';
import { issueSubject, pullDetails, pullSubject, type Subject } from './subjects.js';
import { isTagRef, shortRef } from './web-urls.js';

export interface NormaliseContext {
  accountId: string;
  repo: string;
  repoUrl: string;
  webUrl: string;
  wanted: ReadonlySet<EventName>;
  hydrated: Hydrated;
  logger: Logger;
}

/** What each mapping sets; the subject fields default to "not about an issue or pull request". */
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
    forge: 'gitea',
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

const ISSUE_ACTIONS: Record<string, string> = {
  create_issue: 'opened',
  close_issue: 'closed',
  reopen_issue: 'reopened',
};
const PULL_ACTIONS: Record<string, string> = {
  create_pull_request: 'opened',
  close_pull_request: 'closed',
  reopen_pull_request: 'reopened',
  merge_pull_request: 'merged',
  auto_merge_pull_request: 'merged',
  pull_request_ready_for_review: 'ready_for_review',
};
const REVIEW_STATES: Record<string, string> = {
  approve_pull_request: 'approved',
  reject_pull_request: 'changes_requested',
  pull_review_dismissed: 'dismissed',
};

/** One folded feed action → zero, one or two ForgeEvents (a new branch pushed with commits). */
export function normaliseFeedAction(ctx: NormaliseContext, action: FeedAction): ForgeEvent[] {
  const { row } = action;
  const make = (fields: Fields, suffix?: string): ForgeEvent => ({
    ...buildEvent(
      ctx,
      `${ctx.accountId}:gt:${action.key}${suffix ? `:${suffix}` : ''}`,
      row.act_user?.login ?? '',
      row.created,
      fields,
    ),
    seq: action.seq,
  });
  const op = row.op_type;
  if (op in ISSUE_ACTIONS) return fromIssue(ctx, action, ISSUE_ACTIONS[op]!, make);
  if (op in PULL_ACTIONS) return fromPull(ctx, action, PULL_ACTIONS[op]!, make);
  if (op in REVIEW_STATES) return fromReview(ctx, action, REVIEW_STATES[op]!, make);
  if (op === 'comment_issue' || op === 'comment_pull') return fromComment(ctx, action, make);
  if (PUSH_OPS.has(op)) return fromPush(ctx, action, make);
  if (op === 'push_tag' || op === 'delete_tag')
    return fromRef(ctx, action, op === 'push_tag' ? 'created' : 'deleted', 'tag', make);
  if (op === 'delete_branch') return fromRef(ctx, action, 'deleted', 'branch', make);
  if (op === 'mirror_sync_create' || op === 'mirror_sync_delete') {
    const refType = isTagRef(row.ref_name) ? 'tag' : 'branch';
    return fromRef(ctx, action, op === 'mirror_sync_create' ? 'created' : 'deleted', refType, make);
  }
  if (op === 'publish_release') return fromRelease(ctx, action, make);
  return [];
}

type Make = (fields: Fields, suffix?: string) => ForgeEvent;

function fromIssue(ctx: NormaliseContext, action: FeedAction, verb: string, make: Make): ForgeEvent[] {
  if (!ctx.wanted.has('issues')) return [];
  const issue = lookup(ctx, action, 'issue', ctx.hydrated.issues);
  if (!issue) return [];
  return [
    make({
      ...issueSubject(issue),
      event: 'issues',
      action: verb,
      details: { kind: 'issue', body: issue.body ?? null },
    }),
  ];
}

function fromPull(ctx: NormaliseContext, action: FeedAction, verb: string, make: Make): ForgeEvent[] {
  if (!ctx.wanted.has('pulls')) return [];
  const pull = lookup(ctx, action, 'pull request', ctx.hydrated.pulls);
  if (!pull) return [];
  return [make({ ...pullSubject(pull), event: 'pulls', action: verb, details: pullDetails(pull, verb === 'merged') })];
}

function fromReview(ctx: NormaliseContext, action: FeedAction, state: string, make: Make): ForgeEvent[] {
  if (!ctx.wanted.has('reviews')) return [];
  const pull = lookup(ctx, action, 'pull request', ctx.hydrated.pulls);
  if (!pull) return [];
  const body = action.row.comment?.body ?? issueInfoOf(action.row)?.text ?? null;
  const url = action.row.comment?.html_url ?? pull.html_url;
  return [
    make({
      ...pullSubject(pull),
      url,
      event: 'reviews',
      action: state === 'dismissed' ? 'dismissed' : 'submitted',
      details: { kind: 'review', state, body: body || null },
    }),
  ];
}

function fromComment(ctx: NormaliseContext, action: FeedAction, make: Make): ForgeEvent[] {
  if (!ctx.wanted.has('comments')) return [];
  const onPull = action.row.op_type === 'comment_pull';
  const subject = onPull
    ? mapOrNull(lookup(ctx, action, 'pull request', ctx.hydrated.pulls), pullSubject)
    : mapOrNull(lookup(ctx, action, 'issue', ctx.hydrated.issues), issueSubject);
  if (!subject) return [];
  // The row keeps only the first 200 characters; the comment object (when the server includes it) has all of it.
  const body = action.row.comment?.body ?? issueInfoOf(action.row)?.text ?? '';
  const url =
    action.row.comment?.html_url ??
    (action.row.comment_id ? `${subject.url}#issuecomment-${action.row.comment_id}` : subject.url);
  return [
    make({
      ...subject,
      url,
      event: 'comments',
      action: 'commented',
      details: { kind: 'comment', body, on: onPull ? 'pull_request' : 'issue' },
    }),
  ];
}

function fromPush(ctx: NormaliseContext, action: FeedAction, make: Make): ForgeEvent[] {
  const ref = action.row.ref_name ?? '';
  const branch = shortRef(ref);
  if (!branch) return [];
  const push = pushCommitsOf(action.row);
  // A commit_repo row without content is Gitea's "branch created" (CreateRef); the pushed commits get their own row.
  if (!action.row.content || !push) {
    if (action.row.content)
      ctx.logger.info('gitea: a push row whose content is not a commit list', { key: action.key });
    return fromRef(ctx, action, 'created', isTagRef(ref) ? 'tag' : 'branch', make);
  }
  const total = push.Len ?? push.Commits?.length ?? 0;
  if (total === 0) return [];
  const { before, after } = compareRange(push);
  const commits = ctx.hydrated.pushCommits.get(action.key) ?? [];
  const compareUrl = push.CompareURL && before ? `${ctx.webUrl}/${push.CompareURL.replace(/^\/+/, '')}` : null;
  const single = total === 1 ? push.Commits?.[0]?.Message?.split('\n', 1)[0]?.trim() : undefined;
  return [
    make({
      event: 'commits',
      action: 'pushed',
      title: single || `${total} commits to ${branch}`,
      url: compareUrl ?? (after ? `${ctx.repoUrl}/commit/${after}` : `${ctx.repoUrl}/src/branch/${branch}`),
      branch,
      details: { kind: 'push', commits, totalCommits: total, compareUrl, before, after },
    }),
  ];
}

function fromRef(
  ctx: NormaliseContext,
  action: FeedAction,
  verb: 'created' | 'deleted',
  refType: 'branch' | 'tag',
  make: Make,
): ForgeEvent[] {
  const ref = shortRef(action.row.ref_name ?? '');
  if (!ref) return [];
  const event: EventName = refType === 'tag' ? 'tags' : 'branches';
  if (!ctx.wanted.has(event)) return [];
  const url =
    refType === 'tag'
      ? `${ctx.repoUrl}/releases/tag/${encodeURIComponent(ref)}`
      : `${ctx.repoUrl}/src/branch/${ref.split('/').map(encodeURIComponent).join('/')}`;
  return [
    make({
      event,
      action: verb,
      title: ref,
      url,
      ...(refType === 'branch' ? { branch: ref } : {}),
      details: { kind: 'ref', refType, ref },
    }),
  ];
}

function fromRelease(ctx: NormaliseContext, action: FeedAction, make: Make): ForgeEvent[] {
  if (!ctx.wanted.has('releases')) return [];
  const tag = shortRef(action.row.ref_name ?? '');
  if (!tag) return [];
  const release = ctx.hydrated.releases.get(tag);
  const name = release?.name || action.row.content || null;
  return [
    make({
      event: 'releases',
      action: 'published',
      title: name || tag,
      url: release?.html_url ?? `${ctx.repoUrl}/releases/tag/${encodeURIComponent(tag)}`,
      details: { kind: 'release', tag, name, body: release?.body ?? null },
    }),
  ];
}

function lookup<T>(ctx: NormaliseContext, action: FeedAction, what: string, map: Map<number, T>): T | null {
  const number = issueInfoOf(action.row)?.number;
  const item = number === undefined ? undefined : map.get(number);
  if (!item)
    ctx.logger.info(`gitea: skipped an action whose ${what} could not be read (deleted, hidden or malformed)`, {
      repo: ctx.repo,
      op: action.row.op_type,
      number,
    });
  return item ?? null;
}

function mapOrNull<T, U>(value: T | null, fn: (value: T) => U): U | null {
  return value === null ? null : fn(value);
}
