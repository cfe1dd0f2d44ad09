import { z } from 'zod';
import type { QueueIssue, QueuePull } from '../../queue/queue-model.js';
import type { ItemRead, ItemRef, QueueRequests, RepoQueueRead } from '../../queue/queue-source.js';
import type { GitLabClient } from './client.js';
import { checksOf } from './queue-rest.js';

/**
 * The review queue on GitLab over GraphQL (docs.gitlab.com/api/graphql/reference): the open merge requests (draft,
 * author, reviewers, who approved, head pipeline, last activity) and the open assigned issues of PROJECTS_PER_QUERY
 * projects per request (`projects(fullPaths:)`, GitLab 16.6+), later pages of a busy project a few per request
 * (aliased `project(fullPath:)` with its cursors), and items an event marked dirty by iid. Only fields of every tier
 * are asked for (GitLab Free and the Community Edition have no `approvalsLeft`/`approvalsRequired`, and a query naming
 * a field a server lacks is refused whole). GitLab scores each query and refuses one above its complexity limit (250
 * for an authenticated request; an administrator may set another): such a refusal halves the batch and asks again.
 * Projects the answer does not show (moved: GraphQL does not follow the old path; gone) are left to REST, which says.
 */

/** Projects per first-page query (GitLab accepts at most 50 full paths); scores about 80 of 250. */
export const PROJECTS_PER_QUERY = 20;
/** Busy projects' later pages per query (one aliased `project` each, about 60 points). */
export const PAGES_PER_QUERY = 3;
/** Projects per query when re-reading items by iid (asking by iid adds no page-size multiplier). */
export const ITEM_PROJECTS_PER_QUERY = 5;
const PER_PAGE = 50;
/** GitLab's largest page. */
const MAX_PAGE = 100;
/** A project holding more than this many open merge requests or assigned issues is read up to here. */
const MAX_ROUNDS = 40;
const PEOPLE = 20;

const MR_FIELDS =
  'iid title webUrl state draft createdAt updatedAt sourceBranch author { username } ' +
  `reviewers(first: ${PEOPLE}) { nodes { username } } approvedBy(first: ${PEOPLE}) { nodes { username } } ` +
  'headPipeline { status }';
const ISSUE_FIELDS = `iid title webUrl state createdAt updatedAt assignees(first: ${PEOPLE}) { nodes { username } }`;
const PAGE_INFO = 'pageInfo { hasNextPage endCursor }';
const MRS = (after: string) =>
  `mergeRequests(state: opened, first: ${PER_PAGE}, sort: UPDATED_DESC${after}) { ${PAGE_INFO} nodes { ${MR_FIELDS} } }`;
const ISSUES = (after: string) =>
  `issues(state: opened, assigneeWildcardId: ANY, first: ${PER_PAGE}${after}) { ${PAGE_INFO} nodes { ${ISSUE_FIELDS} } }`;

const usernames = z
  .object({ nodes: z.array(z.object({ username: z.string() }).nullable()).nullish() })
  .nullish()
  .transform((list) => (list?.nodes ?? []).flatMap((n) => (n ? [n.username] : [])));

const mrNode = z.object({
  iid: z.string(),
  title: z.string(),
  webUrl: z.string().nullish(),
  state: z.string(),
  draft: z.boolean().nullish(),
  createdAt: z.string(),
  updatedAt: z.string().nullish(),
  sourceBranch: z.string().nullish(),
  author: z.object({ username: z.string() }).nullish(),
  reviewers: usernames,
  approvedBy: usernames,
  headPipeline: z.object({ status: z.string().nullish() }).nullish(),
});
const issueNode = z.object({
  iid: z.string(),
  title: z.string(),
  webUrl: z.string(),
  state: z.string(),
  createdAt: z.string(),
  updatedAt: z.string().nullish(),
  assignees: usernames,
});
const connection = <T extends z.ZodType>(node: T) =>
  z
    .object({
      pageInfo: z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullish() }).nullish(),
      nodes: z.array(node.nullable()).nullish(),
    })
    .nullish();
const projectLists = z.object({
  mergeRequests: connection(mrNode),
  issues: connection(issueNode),
});
const firstPages = z.object({
  projects: z.object({ nodes: z.array(projectLists.extend({ fullPath: z.string() }).nullable()).nullish() }).nullish(),
});

export const answerSchema = z.object({
  data: z.record(z.string(), z.unknown()).nullish(),
  errors: z.array(z.object({ message: z.string() })).nullish(),
});
type Answer = z.output<typeof answerSchema>;

/** GraphQL answered, but cannot be used for the queue (too old a GitLab, GraphQL switched off, a refused field …). */
export class GitLabQueueGraphqlUnusable extends Error {
  override name = 'GitLabQueueGraphqlUnusable';
}
/** GitLab refused a query for its complexity: ask again with fewer projects. */
class TooComplex extends GitLabQueueGraphqlUnusable {
  override name = 'TooComplex';
}

function toPull(repo: string, mr: z.output<typeof mrNode>): QueuePull {
  const approvers = mr.approvedBy;
  const approved = (login: string) => approvers.some((a) => a.toLowerCase() === login.toLowerCase());
  return {
    kind: 'pull',
    repo,
    number: Number(mr.iid),
    title: mr.title,
    url: mr.webUrl ?? '',
    draft: mr.draft ?? false,
    author: mr.author?.username ?? null,
    reviewers: mr.reviewers.filter((r) => !approved(r)),
    teams: [],
    reviews: approvers.map((login) => ({ login, state: 'approved' as const })),
    checks: checksOf(mr.headPipeline?.status),
    headBranch: mr.sourceBranch ?? null,
    createdAt: mr.createdAt,
    updatedAt: mr.updatedAt ?? mr.createdAt,
  };
}

function toIssue(repo: string, issue: z.output<typeof issueNode>): QueueIssue {
  return {
    kind: 'issue',
    repo,
    number: Number(issue.iid),
    title: issue.title,
    url: issue.webUrl,
    assignees: issue.assignees,
    createdAt: issue.createdAt,
    updatedAt: issue.updatedAt ?? issue.createdAt,
  };
}

interface PageEntry {
  repo: string;
  /** The cursor after which the next page starts; null when that list is complete. */
  mrsAfter: string | null;
  issuesAfter: string | null;
}

/** The first page of every list of up to 50 projects. */
export function buildFirstPagesQuery(paths: readonly string[]): { query: string; variables: Record<string, unknown> } {
  return {
    query: `query ForgebellQueue($paths: [String!], $first: Int) { projects(fullPaths: $paths, first: $first) { nodes { fullPath ${MRS('')} ${ISSUES('')} } } }`,
    variables: { paths, first: paths.length },
  };
}

/** Later pages of busy projects, each list after its own cursor. */
export function buildPagesQuery(entries: readonly PageEntry[]): { query: string; variables: Record<string, unknown> } {
  const variables: Record<string, unknown> = {};
  const declarations: string[] = [];
  const parts = entries.map((entry, i) => {
    variables[`f${i}`] = entry.repo;
    declarations.push(`$f${i}: ID!`);
    const lists: string[] = [];
    if (entry.mrsAfter !== null) {
      variables[`m${i}`] = entry.mrsAfter;
      declarations.push(`$m${i}: String`);
      lists.push(MRS(`, after: $m${i}`));
    }
    if (entry.issuesAfter !== null) {
      variables[`i${i}`] = entry.issuesAfter;
      declarations.push(`$i${i}: String`);
      lists.push(ISSUES(`, after: $i${i}`));
    }
    return `p${i}: project(fullPath: $f${i}) { ${lists.join(' ')} }`;
  });
  return { query: `query ForgebellQueuePages(${declarations.join(', ')}) { ${parts.join(' ')} }`, variables };
}

interface ItemsEntry {
  repo: string;
  mrs: string[];
  issues: string[];
}

/** Single merge requests and issues of a few projects, by iid (their state says whether they are still open). */
export function buildItemsQuery(entries: readonly ItemsEntry[]): { query: string; variables: Record<string, unknown> } {
  const variables: Record<string, unknown> = {};
  const declarations: string[] = [];
  const parts = entries.map((entry, i) => {
    variables[`f${i}`] = entry.repo;
    declarations.push(`$f${i}: ID!`);
    const lists: string[] = [];
    if (entry.mrs.length > 0) {
      variables[`m${i}`] = entry.mrs;
      declarations.push(`$m${i}: [String!]`);
      lists.push(`mergeRequests(iids: $m${i}, first: ${MAX_PAGE}) { nodes { ${MR_FIELDS} } }`);
    }
    if (entry.issues.length > 0) {
      variables[`i${i}`] = entry.issues;
      declarations.push(`$i${i}: [String!]`);
      lists.push(`issues(iids: $i${i}, first: ${MAX_PAGE}) { nodes { ${ISSUE_FIELDS} } }`);
    }
    return `p${i}: project(fullPath: $f${i}) { ${lists.join(' ')} }`;
  });
  return { query: `query ForgebellQueueItems(${declarations.join(', ')}) { ${parts.join(' ')} }`, variables };
}

/**
 * Runs `ask` over `entries` in batches of `size`; a batch GitLab finds too complex is asked again halved (and the
 * smaller size kept for the rest). One entry that is still too complex means GraphQL cannot be used for it.
 */
async function inBatches<E>(entries: readonly E[], size: number, ask: (batch: E[]) => Promise<void>): Promise<void> {
  let start = 0;
  let batch = size;
  while (start < entries.length) {
    const chunk = entries.slice(start, start + batch);
    try {
      await ask(chunk);
      start += chunk.length;
    } catch (error) {
      if (!(error instanceof TooComplex) || chunk.length === 1) throw error;
      batch = Math.ceil(chunk.length / 2);
    }
  }
}

export interface QueueGraphql {
  readRepos(repos: readonly string[], requests: QueueRequests): Promise<RepoQueueRead[]>;
  readItems(refs: readonly ItemRef[], requests: QueueRequests): Promise<ItemRead[]>;
}

/**
 * The GraphQL reads. What GraphQL does not show is handed to `rest` (repositories) or `restItems` (items of a project
 * the answer left out), which read them over REST and say whether they are gone.
 */
export function gitlabQueueGraphql(
  client: GitLabClient,
  graphqlUrl: string,
  rest: {
    repos(repos: readonly string[], requests: QueueRequests): Promise<RepoQueueRead[]>;
    items(refs: readonly ItemRef[], requests: QueueRequests): Promise<ItemRead[]>;
  },
): QueueGraphql {
  async function ask(doc: { query: string; variables: Record<string, unknown> }, requests: QueueRequests) {
    const answer: Answer = await client.graphql(graphqlUrl, doc, answerSchema, requests);
    const first = answer.errors?.[0]?.message;
    if (first && /exceeds max complexity/i.test(first)) throw new TooComplex(first);
    if (!answer.data) throw new GitLabQueueGraphqlUnusable(first ?? 'GitLab answered GraphQL without data');
    return answer.data;
  }

  function addLists(
    into: { repo: string; pulls: QueuePull[]; issues: QueueIssue[] },
    lists: z.output<typeof projectLists>,
    asked: { mrs: boolean; issues: boolean },
  ): PageEntry {
    const more: PageEntry = { repo: into.repo, mrsAfter: null, issuesAfter: null };
    if (asked.mrs) {
      if (!lists.mergeRequests) throw new GitLabQueueGraphqlUnusable('GitLab did not list the merge requests');
      for (const mr of lists.mergeRequests.nodes ?? [])
        if (mr?.state === 'opened') into.pulls.push(toPull(into.repo, mr));
      const page = lists.mergeRequests.pageInfo;
      if (page?.hasNextPage && page.endCursor) more.mrsAfter = page.endCursor;
    }
    if (asked.issues) {
      if (!lists.issues) throw new GitLabQueueGraphqlUnusable('GitLab did not list the issues');
      for (const issue of lists.issues.nodes ?? [])
        if (issue?.state === 'opened' && issue.assignees.length > 0) into.issues.push(toIssue(into.repo, issue));
      const page = lists.issues.pageInfo;
      if (page?.hasNextPage && page.endCursor) more.issuesAfter = page.endCursor;
    }
    return more;
  }

  return {
    async readRepos(repos, requests) {
      const results = new Map<string, { repo: string; ok: true; pulls: QueuePull[]; issues: QueueIssue[] }>();
      const unseen: string[] = [];
      let more: PageEntry[] = [];
      await inBatches(repos, PROJECTS_PER_QUERY, async (batch) => {
        const data = firstPages.safeParse(await ask(buildFirstPagesQuery(batch), requests));
        if (!data.success || !data.data.projects)
          throw new GitLabQueueGraphqlUnusable('GitLab did not list projects by full path');
        const byPath = new Map(
          (data.data.projects.nodes ?? []).flatMap((n) => (n ? [[n.fullPath.toLowerCase(), n]] : [])),
        );
        for (const repo of batch) {
          const node = byPath.get(repo.toLowerCase());
          if (!node) {
            unseen.push(repo);
            continue;
          }
          const into = { repo, ok: true as const, pulls: [], issues: [] };
          results.set(repo, into);
          const next = addLists(into, node, { mrs: true, issues: true });
          if (next.mrsAfter || next.issuesAfter) more.push(next);
        }
      });
      for (let round = 0; more.length > 0 && round < MAX_ROUNDS; round++) {
        const next: PageEntry[] = [];
        await inBatches(more, PAGES_PER_QUERY, async (batch) => {
          const data = await ask(buildPagesQuery(batch), requests);
          batch.forEach((entry, i) => {
            const node = projectLists.safeParse(data[`p${i}`]);
            const into = results.get(entry.repo);
            if (!into) return;
            if (!node.success || data[`p${i}`] === null || data[`p${i}`] === undefined) {
              // Gone between two pages: REST says what happened to it.
              results.delete(entry.repo);
              unseen.push(entry.repo);
              return;
            }
            const following = addLists(into, node.data, {
              mrs: entry.mrsAfter !== null,
              issues: entry.issuesAfter !== null,
            });
            if (following.mrsAfter || following.issuesAfter) next.push(following);
          });
        });
        more = next;
      }
      const overRest = unseen.length > 0 ? await rest.repos(unseen, requests) : [];
      return [...results.values(), ...overRest];
    },

    async readItems(refs, requests) {
      // One entry per project, and another when a kind passes one page of iids.
      const byRepo = new Map<string, (ItemsEntry & { refs: ItemRef[] })[]>();
      for (const ref of refs) {
        const entries = byRepo.get(ref.repo.toLowerCase()) ?? [];
        byRepo.set(ref.repo.toLowerCase(), entries);
        const iids = (e: ItemsEntry) => (ref.kind === 'pull' ? e.mrs : e.issues);
        let entry = entries.at(-1);
        if (!entry || iids(entry).length >= MAX_PAGE) {
          entry = { repo: ref.repo, mrs: [], issues: [], refs: [] };
          entries.push(entry);
        }
        entry.refs.push(ref);
        iids(entry).push(String(ref.number));
      }
      const out: ItemRead[] = [];
      const overRest: ItemRef[] = [];
      await inBatches([...byRepo.values()].flat(), ITEM_PROJECTS_PER_QUERY, async (batch) => {
        const data = await ask(buildItemsQuery(batch), requests);
        batch.forEach((entry, i) => {
          const raw = data[`p${i}`];
          const node = projectLists.safeParse(raw);
          if (raw === null || raw === undefined || !node.success) {
            overRest.push(...entry.refs);
            return;
          }
          const mrs = new Map((node.data.mergeRequests?.nodes ?? []).flatMap((m) => (m ? [[Number(m.iid), m]] : [])));
          const issues = new Map((node.data.issues?.nodes ?? []).flatMap((n) => (n ? [[Number(n.iid), n]] : [])));
          for (const ref of entry.refs) {
            if (ref.kind === 'pull') {
              const mr = mrs.get(ref.number);
              out.push({ ref, item: mr?.state === 'opened' ? toPull(ref.repo, mr) : null });
            } else {
              const issue = issues.get(ref.number);
              out.push({
                ref,
                item: issue?.state === 'opened' && issue.assignees.length > 0 ? toIssue(ref.repo, issue) : null,
              });
            }
          }
        });
      });
      if (overRest.length > 0) out.push(...(await rest.items(overRest, requests)));
      return out;
    },
  };
}
