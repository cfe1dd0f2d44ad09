import { GraphQLError } from 'graphql';
import { headPipeline, projectWebUrl } from './render.js';
import type { FakeIssue, FakeMergeRequest, FakeProject, FakeUser } from './world-types.js';

/**
 * Merge requests and issues in the fake's GraphQL (`Project.mergeRequests`, `Project.issues`), answered as GitLab
 * does: iids are strings, states lower-case enums, `headPipeline` null without a pipeline, and the Premium approval
 * fields null where a project has no approval rules (GitLab Free). Connections page with opaque cursors, at most 100
 * a page.
 */
export const ISSUABLES_SDL = /* GraphQL */ `
  enum MergeRequestState {
    opened
    closed
    locked
    merged
    all
  }

  enum IssuableState {
    opened
    closed
    locked
    all
  }

  enum IssueState {
    opened
    closed
    locked
    all
  }

  enum MergeRequestSort {
    UPDATED_DESC
    UPDATED_ASC
    CREATED_DESC
    CREATED_ASC
  }

  enum IssueSort {
    UPDATED_DESC
    UPDATED_ASC
    CREATED_DESC
    CREATED_ASC
  }

  enum AssigneeWildcardId {
    NONE
    ANY
  }

  enum PipelineStatusEnum {
    CREATED
    WAITING_FOR_RESOURCE
    PREPARING
    WAITING_FOR_CALLBACK
    PENDING
    RUNNING
    FAILED
    SUCCESS
    CANCELED
    CANCELING
    SKIPPED
    MANUAL
    SCHEDULED
  }

  type UserCoreConnection {
    count: Int!
    nodes: [UserCore]
    pageInfo: PageInfo!
  }

  type MergeRequestAuthor {
    username: String!
    name: String!
  }

  type MergeRequestReviewer {
    username: String!
    name: String!
  }

  type MergeRequestReviewerConnection {
    count: Int!
    nodes: [MergeRequestReviewer]
    pageInfo: PageInfo!
  }

  type Pipeline {
    iid: String!
    status: PipelineStatusEnum!
  }

  type MergeRequest {
    iid: String!
    title: String!
    webUrl: String
    state: MergeRequestState!
    draft: Boolean!
    createdAt: Time!
    updatedAt: Time!
    sourceBranch: String!
    author: MergeRequestAuthor
    reviewers(first: Int, after: String): MergeRequestReviewerConnection
    approvedBy(first: Int, after: String): UserCoreConnection
    approved: Boolean!
    approvalsLeft: Int
    approvalsRequired: Int
    headPipeline: Pipeline
  }

  type MergeRequestConnection {
    count: Int!
    nodes: [MergeRequest]
    pageInfo: PageInfo!
  }

  type Issue {
    iid: String!
    title: String!
    webUrl: String!
    state: IssueState!
    createdAt: Time!
    updatedAt: Time!
    author: UserCore!
    assignees(first: Int, after: String): UserCoreConnection
  }

  type IssueConnection {
    count: Int!
    nodes: [Issue]
    pageInfo: PageInfo!
  }
`;

/** Fields of the project added here, with their arguments (spliced into `type Project`). */
export const PROJECT_ISSUABLE_FIELDS = /* GraphQL */ `
    mergeRequests(
      state: MergeRequestState
      iids: [String!]
      sort: MergeRequestSort
      first: Int
      after: String
    ): MergeRequestConnection
    issues(
      state: IssuableState
      iids: [String!]
      assigneeWildcardId: AssigneeWildcardId
      sort: IssueSort
      first: Int
      after: String
    ): IssueConnection
`;

type Node = Record<string, unknown>;
export const MAX_PAGE = 100;

/** A connection page with GitLab-like opaque cursors (base64 of the offset). */
export function page<T>(items: readonly T[], args: Node, toNode: (item: T) => Node): Node {
  const first = typeof args.first === 'number' ? args.first : MAX_PAGE;
  if (first > MAX_PAGE) throw new GraphQLError(`Requested page size ${first} exceeds the maximum of ${MAX_PAGE}`);
  let start = 0;
  if (typeof args.after === 'string') {
    start = Number(
      Buffer.from(args.after, 'base64')
        .toString('utf8')
        .replace(/^offset:/, ''),
    );
    if (!Number.isInteger(start) || start < 0) throw new GraphQLError('Please provide a valid cursor');
  }
  const shown = items.slice(start, start + first);
  const cursor = (offset: number) => Buffer.from(`offset:${offset}`).toString('base64');
  return {
    count: items.length,
    nodes: shown.map(toNode),
    pageInfo: {
      hasNextPage: items.length > start + first,
      hasPreviousPage: start > 0,
      startCursor: shown.length > 0 ? cursor(start) : null,
      endCursor: shown.length > 0 ? cursor(start + shown.length) : null,
    },
  };
}

const users = (list: readonly FakeUser[]) => (args: Node) =>
  page(list, args, (u) => ({ username: u.username, name: u.name }));

function sorted<T extends FakeIssue | FakeMergeRequest>(items: readonly T[], sort: unknown): T[] {
  const value = typeof sort === 'string' ? sort : 'CREATED_DESC';
  const key = value.startsWith('UPDATED') ? 'updatedAt' : 'createdAt';
  const out = [...items].sort((a, b) => a[key].localeCompare(b[key]) || a.iid - b.iid);
  return value.endsWith('DESC') ? out.reverse() : out;
}

function filtered<T extends FakeIssue | FakeMergeRequest>(items: readonly T[], args: Node): T[] {
  const state = typeof args.state === 'string' ? args.state : 'all';
  const iids = Array.isArray(args.iids) ? (args.iids as string[]) : null;
  return items.filter(
    (item) => (state === 'all' || item.state === state) && (iids === null || iids.includes(String(item.iid))),
  );
}

function mergeRequestNode(base: string, project: FakeProject, mr: FakeMergeRequest): Node {
  const pipeline = headPipeline(project, mr);
  const required = project.approvalsRequired;
  return {
    iid: String(mr.iid),
    title: mr.title,
    webUrl: `${projectWebUrl(base, project)}/-/merge_requests/${mr.iid}`,
    state: mr.state,
    draft: mr.draft,
    createdAt: mr.createdAt,
    updatedAt: mr.updatedAt,
    sourceBranch: mr.sourceBranch,
    author: { username: mr.author.username, name: mr.author.name },
    reviewers: users(mr.reviewers),
    approvedBy: users(mr.approvals.map((a) => a.user)),
    approved: mr.approvals.length >= (required ?? 0) && (required !== undefined || mr.approvals.length > 0),
    // Premium approval rules only: GitLab Free answers null.
    approvalsLeft: required === undefined ? null : Math.max(0, required - mr.approvals.length),
    approvalsRequired: required === undefined ? null : required,
    headPipeline: pipeline ? { iid: String(pipeline.iid), status: String(pipeline.status).toUpperCase() } : null,
  };
}

function issueNode(base: string, project: FakeProject, issue: FakeIssue): Node {
  return {
    iid: String(issue.iid),
    title: issue.title,
    webUrl: `${projectWebUrl(base, project)}/-/${issue.type === 'issue' || issue.type === 'incident' ? 'issues' : 'work_items'}/${issue.iid}`,
    state: issue.state,
    createdAt: issue.createdAt,
    updatedAt: issue.updatedAt,
    author: { username: issue.author.username, name: issue.author.name },
    assignees: users(issue.assignees),
  };
}

/** The resolvers of `Project.mergeRequests` and `Project.issues` for one project. */
export function issuableFields(base: string, project: FakeProject): Node {
  return {
    mergeRequests: (args: Node) =>
      page(sorted(filtered(project.mergeRequests, args), args.sort), args, (mr) => mergeRequestNode(base, project, mr)),
    issues: (args: Node) => {
      const wildcard = args.assigneeWildcardId;
      const items = filtered(project.issues, args).filter((i) =>
        wildcard === 'ANY' ? i.assignees.length > 0 : wildcard === 'NONE' ? i.assignees.length === 0 : true,
      );
      return page(sorted(items, args.sort), args, (issue) => issueNode(base, project, issue));
    },
  };
}
