import { z } from 'zod';
import { ForgeError } from '../forge-error.js';
import type { ChecksState, LatestReview, QueueIssue, QueuePull } from '../../queue/queue-model.js';
import {
  QueueRateLimited,
  type ItemRead,
  type ItemRef,
  type QueueRequests,
  type RepoQueueRead,
  type ReviewQueueSource,
} from '../../queue/queue-source.js';
import { queueGraphqlFallback } from '../../queue/graphql-fallback.js';
import type { Clock } from '../../runtime/clock.js';
import type { Logger } from '../../runtime/logger.js';
import type { GitHubClient } from './client.js';
import { readItemsOverRest, readReposOverRest } from './queue-rest.js';

/**
 * The review queue on GitHub (docs/cli-and-config.md §5) over GraphQL: the open pull requests and the assigned open
 * issues of REPOS_PER_QUERY repositories per request (with each pull request's review requests, latest opinionated
 * reviews and head commit's check rollup), pages of a busy repository afterwards, and single items an event marked
 * dirty, many per request. Every document is checked against GitHub's public schema (queue-documents.test.ts).
 * A server whose GraphQL cannot be used for it (switched off, an old GHES, errors without data) is read over REST
 * (queue-rest.ts) for an hour, said in Diagnostics (queue/graphql-fallback.ts, the same as GitLab).
 */

/** Repositories per request: 10 × 50 pull requests × ~45 nodes each stays far below GitHub's 500,000-node limit. */
export const REPOS_PER_QUERY = 10;
export const PULLS_PER_PAGE = 50;
const ISSUES_PER_PAGE = 50;
/** Single items per request when re-reading what events marked dirty. */
export const ITEMS_PER_QUERY = 50;
const TIMEOUT_MS = 20_000;

const PULL_FIELDS =
  'number title url isDraft createdAt updatedAt headRefName author { login } ' +
  'reviewRequests(first: 20) { nodes { requestedReviewer { ... on User { login } ... on Bot { login } ... on Team { slug } } } } ' +
  'latestOpinionatedReviews(first: 30) { nodes { state author { login } } } ' +
  'commits(last: 1) { nodes { commit { statusCheckRollup { state } } } }';
const ISSUE_FIELDS = 'number title url createdAt updatedAt assignees(first: 20) { nodes { login } }';
const PULLS = (after: string) =>
  `pullRequests(states: [OPEN], first: ${PULLS_PER_PAGE}${after}, orderBy: { field: UPDATED_AT, direction: DESC }) { pageInfo { hasNextPage endCursor } nodes { ${PULL_FIELDS} } }`;
const ISSUES = (after: string) =>
  `issues(states: [OPEN], first: ${ISSUES_PER_PAGE}${after}, filterBy: { assignee: "*" }) { pageInfo { hasNextPage endCursor } nodes { ${ISSUE_FIELDS} } }`;
const RATE = 'rateLimit { cost remaining resetAt }';

const logins = z
  .object({ nodes: z.array(z.object({ login: z.string() }).nullable()).nullish() })
  .nullish()
  .transform((list) => (list?.nodes ?? []).flatMap((n) => (n ? [n.login] : [])));

const pullNode = z.object({
  number: z.number(),
  title: z.string(),
  url: z.string(),
  isDraft: z.boolean().nullish(),
  createdAt: z.string(),
  updatedAt: z.string(),
  headRefName: z.string().nullish(),
  author: z.object({ login: z.string() }).nullish(),
  reviewRequests: z
    .object({
      nodes: z
        .array(
          z
            .object({
              requestedReviewer: z.object({ login: z.string().nullish(), slug: z.string().nullish() }).nullish(),
            })
            .nullable(),
        )
        .nullish(),
    })
    .nullish(),
  latestOpinionatedReviews: z
    .object({
      nodes: z
        .array(z.object({ state: z.string(), author: z.object({ login: z.string() }).nullish() }).nullable())
        .nullish(),
    })
    .nullish(),
  commits: z
    .object({
      nodes: z
        .array(
          z.object({ commit: z.object({ statusCheckRollup: z.object({ state: z.string() }).nullish() }) }).nullable(),
        )
        .nullish(),
    })
    .nullish(),
});
const issueNode = z.object({
  number: z.number(),
  title: z.string(),
  url: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  assignees: logins,
});
const page = <T extends z.ZodType>(node: T) =>
  z.object({
    pageInfo: z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullish() }),
    nodes: z.array(node.nullable()).nullish(),
  });
const pullPage = page(pullNode);
const issuePage = page(issueNode);

const answerSchema = z.object({
  data: z.record(z.string(), z.unknown()).nullish(),
  errors: z
    .array(
      z.object({
        message: z.string(),
        type: z.string().nullish(),
        path: z.array(z.union([z.string(), z.number()])).nullish(),
      }),
    )
    .nullish(),
});
type Answer = z.output<typeof answerSchema>;
const rateSchema = z.object({ cost: z.number() }).nullish();

function checksOf(state: string | undefined): ChecksState {
  if (!state) return null;
  if (state === 'SUCCESS') return 'success';
  if (state === 'FAILURE' || state === 'ERROR') return 'failure';
  return 'pending';
}

export function toQueuePull(repo: string, p: z.output<typeof pullNode>): QueuePull {
  const owner = repo.split('/')[0] ?? '';
  const requested = (p.reviewRequests?.nodes ?? []).map((n) => n?.requestedReviewer);
  const reviews: LatestReview[] = (p.latestOpinionatedReviews?.nodes ?? []).flatMap((r): LatestReview[] => {
    if (!r?.author) return [];
    if (r.state === 'APPROVED') return [{ login: r.author.login, state: 'approved' }];
    if (r.state === 'CHANGES_REQUESTED') return [{ login: r.author.login, state: 'changes_requested' }];
    return [];
  });
  return {
    kind: 'pull',
    repo,
    number: p.number,
    title: p.title,
    url: p.url,
    draft: p.isDraft ?? false,
    author: p.author?.login ?? null,
    reviewers: requested.flatMap((r) => (r?.login ? [r.login] : [])),
    teams: requested.flatMap((r) => (r?.slug ? [`${owner}/${r.slug}`] : [])),
    reviews,
    checks: checksOf(p.commits?.nodes?.[0]?.commit.statusCheckRollup?.state),
    headBranch: p.headRefName ?? null,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
  };
}

function toQueueIssue(repo: string, i: z.output<typeof issueNode>): QueueIssue {
  return {
    kind: 'issue',
    repo,
    number: i.number,
    title: i.title,
    url: i.url,
    assignees: i.assignees,
    createdAt: i.createdAt,
    updatedAt: i.updatedAt,
  };
}

function ownerName(repo: string): [string, string] {
  const slash = repo.indexOf('/');
  return [repo.slice(0, slash), repo.slice(slash + 1)];
}

/** The document for a chunk of repositories' first pages (or later pages, `after` per repository and list). */
export function buildReposQuery(
  entries: readonly { repo: string; pullsAfter?: string | null; issuesAfter?: string | null }[],
): { query: string; variables: Record<string, unknown> } {
  const variables: Record<string, unknown> = {};
  const declarations: string[] = [];
  const parts = entries.map((entry, i) => {
    const [owner, name] = ownerName(entry.repo);
    variables[`o${i}`] = owner;
    variables[`n${i}`] = name;
    declarations.push(`$o${i}: String!`, `$n${i}: String!`);
    const fields: string[] = [];
    if (entry.pullsAfter !== null) {
      if (entry.pullsAfter) {
        variables[`p${i}`] = entry.pullsAfter;
        declarations.push(`$p${i}: String!`);
      }
      fields.push(PULLS(entry.pullsAfter ? `, after: $p${i}` : ''));
    }
    if (entry.issuesAfter !== null) {
      if (entry.issuesAfter) {
        variables[`i${i}`] = entry.issuesAfter;
        declarations.push(`$i${i}: String!`);
      }
      fields.push(ISSUES(entry.issuesAfter ? `, after: $i${i}` : ''));
    }
    return `r${i}: repository(owner: $o${i}, name: $n${i}) { ${fields.join(' ')} }`;
  });
  return { query: `query ForgebellQueue(${declarations.join(', ')}) { ${parts.join(' ')} ${RATE} }`, variables };
}

/** The document re-reading single pull requests or issues (an event marked them dirty). */
export function buildItemsQuery(refs: readonly ItemRef[]): { query: string; variables: Record<string, unknown> } {
  const variables: Record<string, unknown> = {};
  const declarations: string[] = [];
  const byRepo = new Map<string, string[]>();
  refs.forEach((ref, i) => {
    variables[`x${i}`] = ref.number;
    declarations.push(`$x${i}: Int!`);
    const fields = byRepo.get(ref.repo) ?? [];
    byRepo.set(ref.repo, fields);
    fields.push(
      `s${i}: issueOrPullRequest(number: $x${i}) { __typename ... on PullRequest { state ${PULL_FIELDS} } ... on Issue { issueState: state ${ISSUE_FIELDS} } }`,
    );
  });
  const parts = [...byRepo].map(([repo, fields], r) => {
    const [owner, name] = ownerName(repo);
    variables[`o${r}`] = owner;
    variables[`n${r}`] = name;
    declarations.push(`$o${r}: String!`, `$n${r}: String!`);
    return `r${r}: repository(owner: $o${r}, name: $n${r}) { ${fields.join(' ')} }`;
  });
  return { query: `query ForgebellQueueItems(${declarations.join(', ')}) { ${parts.join(' ')} ${RATE} }`, variables };
}

/** A team's members (the first 100: a team asked for a review is rarely larger, and more would be a page each). */
export function buildTeamQuery(): { query: string; variables: Record<string, unknown> } {
  return {
    query: `query ForgebellTeam($org: String!, $slug: String!) { organization(login: $org) { team(slug: $slug) { members(first: 100) { nodes { login } } } } ${RATE} }`,
    variables: {},
  };
}
const teamSchema = z.object({ team: z.object({ members: logins }).nullish() }).nullish();

export interface GitHubQueueSource extends ReviewQueueSource {
  /** Set while the queue is read over REST because GraphQL could not be used: what happened and until when. */
  summary(): string | null;
}

export function githubQueueSource(client: GitHubClient, options: { clock: Clock; logger: Logger }): GitHubQueueSource {
  const fallback = queueGraphqlFallback({ forge: 'github', label: 'GitHub', ...options });
  async function ask(
    doc: { query: string; variables: Record<string, unknown> },
    requests: QueueRequests,
    variables: Record<string, unknown> = {},
  ): Promise<Answer> {
    const answer = await client.graphql(doc.query, { ...doc.variables, ...variables }, answerSchema, {
      counter: requests,
      what: 'GraphQL answer (review queue)',
      timeoutMs: TIMEOUT_MS,
    });
    const first = answer.errors?.[0];
    if (first?.type && /^RATE_LIMIT/.test(first.type)) throw new QueueRateLimited(first.message, null);
    if (!answer.data) throw new ForgeError('bad_response', `GitHub GraphQL refused the queue read: ${first?.message}`);
    const rate = rateSchema.safeParse(answer.data.rateLimit);
    if (rate.success && rate.data) requests.points += rate.data.cost;
    return answer;
  }

  /** The field errors of one aliased repository (NOT_FOUND: it disappeared or the token lost it). */
  function repoError(answer: Answer, alias: string): { gone: boolean; message: string } | null {
    const error = (answer.errors ?? []).find((e) => e.path?.[0] === alias);
    return error ? { gone: error.type === 'NOT_FOUND' || error.type === 'FORBIDDEN', message: error.message } : null;
  }

  return {
    async teamMembers(team, requests) {
      const [org, slug] = ownerName(team);
      const answer = await ask(buildTeamQuery(), requests, { org, slug });
      const members = teamSchema.safeParse(answer.data?.organization);
      if (!members.success || !members.data?.team) return null;
      return members.data.team.members;
    },

    readRepos: (repos, requests) =>
      fallback.run(
        () => readReposOverGraphql(repos, requests),
        () => readReposOverRest(client, repos, requests),
      ),
    readItems: (refs, requests) =>
      fallback.run(
        () => readItemsOverGraphql(refs, requests),
        () => readItemsOverRest(client, refs, requests),
      ),
    summary: () => fallback.summary(),
  };

  async function readReposOverGraphql(repos: readonly string[], requests: QueueRequests): Promise<RepoQueueRead[]> {
    const results = new Map<string, RepoQueueRead & { ok: true }>();
    const failed: RepoQueueRead[] = [];
    let pending = repos.map((repo) => ({ repo, pullsAfter: '' as string | null, issuesAfter: '' as string | null }));
    while (pending.length > 0) {
      const next: typeof pending = [];
      for (let start = 0; start < pending.length; start += REPOS_PER_QUERY) {
        const chunk = pending.slice(start, start + REPOS_PER_QUERY);
        const answer = await ask(buildReposQuery(chunk), requests);
        chunk.forEach((entry, i) => {
          const data = answer.data?.[`r${i}`] as Record<string, unknown> | null | undefined;
          const problem = repoError(answer, `r${i}`);
          if (!data) {
            failed.push({
              repo: entry.repo,
              ok: false,
              gone: problem?.gone ?? true,
              message: problem?.message ?? `${entry.repo} was not found`,
            });
            results.delete(entry.repo);
            return;
          }
          const into = results.get(entry.repo) ?? { repo: entry.repo, ok: true, pulls: [], issues: [] };
          results.set(entry.repo, into);
          const more = { repo: entry.repo, pullsAfter: null as string | null, issuesAfter: null as string | null };
          if (entry.pullsAfter !== null) {
            const pulls = pullPage.safeParse(data.pullRequests);
            if (!pulls.success) throw new ForgeError('bad_response', `GitHub sent an unexpected pull request list.`);
            for (const p of pulls.data.nodes ?? []) if (p) into.pulls.push(toQueuePull(entry.repo, p));
            if (pulls.data.pageInfo.hasNextPage) more.pullsAfter = pulls.data.pageInfo.endCursor ?? null;
          }
          if (entry.issuesAfter !== null) {
            const issues = issuePage.safeParse(data.issues);
            if (!issues.success) throw new ForgeError('bad_response', `GitHub sent an unexpected issue list.`);
            for (const n of issues.data.nodes ?? []) if (n) into.issues.push(toQueueIssue(entry.repo, n));
            if (issues.data.pageInfo.hasNextPage) more.issuesAfter = issues.data.pageInfo.endCursor ?? null;
          }
          if (more.pullsAfter || more.issuesAfter) next.push(more);
        });
      }
      pending = next.filter((entry) => results.has(entry.repo));
    }
    return [...results.values(), ...failed];
  }

  async function readItemsOverGraphql(refs: readonly ItemRef[], requests: QueueRequests): Promise<ItemRead[]> {
    const out: ItemRead[] = [];
    for (let start = 0; start < refs.length; start += ITEMS_PER_QUERY) {
      const chunk = refs.slice(start, start + ITEMS_PER_QUERY);
      const answer = await ask(buildItemsQuery(chunk), requests);
      const repoAlias = new Map<string, string>();
      for (const ref of chunk) if (!repoAlias.has(ref.repo)) repoAlias.set(ref.repo, `r${repoAlias.size}`);
      chunk.forEach((ref, i) => {
        const alias = repoAlias.get(ref.repo) as string;
        const repoData = answer.data?.[alias] as Record<string, unknown> | null | undefined;
        const node = repoData?.[`s${i}`] as Record<string, unknown> | null | undefined;
        const problem = (answer.errors ?? []).find((e) => e.path?.[0] === alias && (e.path[1] ?? `s${i}`) === `s${i}`);
        if (!node) {
          // Not found (deleted, transferred): out of the queue. Any other failure: read again next time.
          if (!problem || problem.type === 'NOT_FOUND') out.push({ ref, item: null });
          else out.push({ ref, error: problem.message });
          return;
        }
        if (node.__typename === 'PullRequest') {
          const pull = pullNode.safeParse(node);
          if (!pull.success || node.state !== 'OPEN') out.push({ ref, item: null });
          else out.push({ ref, item: toQueuePull(ref.repo, pull.data) });
        } else {
          const issue = issueNode.safeParse(node);
          if (!issue.success || node.issueState !== 'OPEN' || issue.data.assignees.length === 0)
            out.push({ ref, item: null });
          else out.push({ ref, item: toQueueIssue(ref.repo, issue.data) });
        }
      });
    }
    return out;
  }
}
