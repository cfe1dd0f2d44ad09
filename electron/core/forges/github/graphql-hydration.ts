import { z } from 'zod';
import { ForgeError } from '../forge-error.js';
import type { GitHubClient, RequestCounter } from './client.js';
import type { CommitData, CompareData, IssueData, PullData } from './schemas.js';
import { compareKey, emptyPrefetched, type Prefetched } from './hydration.js';
import { DEFAULT_BRANCH, needsCount, type HydrationNeeds } from './hydration-needs.js';
import { checkFields, readChecks, type CheckTarget } from './commit-watch.js';

/** Subjects per GraphQL request: keeps each query far below GitHub's node limit (each push asks for ~200 nodes). */
const SUBJECTS_PER_QUERY = 40;
/** Watched commits per GraphQL request besides those subjects: about 20 nodes each (their check suites). */
const CHECKS_PER_QUERY = 100;
/** A batch holds up the whole cycle's notifications: a server that does not answer GraphQL promptly is not used. */
const TIMEOUT_MS = 15_000;
/** Commits read back from a pushed head (and from the commit before the push) to rebuild the comparison. */
const HISTORY = 30;

export interface RepoNeeds {
  /** owner/name */
  repo: string;
  /** Web URL of the repository (comparison links). */
  repoUrl: string;
  needs: HydrationNeeds;
  /** Watched commits whose check suites ride along (see commit-watch.ts). */
  checks?: readonly CheckTarget[];
}

/** Who a subject concerns (mentions and personal notifications): its assignees, and a pull request's review requests. */
const ASSIGNEES = 'assignees(first: 20) { nodes { login } }';
const REVIEW_REQUESTS =
  'reviewRequests(first: 20) { nodes { requestedReviewer { ... on User { login } ... on Bot { login } ... on Team { slug } } } }';
const PULL_FIELDS = `number title body url state isDraft merged mergedAt updatedAt author { login } labels(first: 50) { nodes { name } } headRefName headRefOid baseRefName baseRefOid ${ASSIGNEES} ${REVIEW_REQUESTS}`;
const SUBJECT_FIELDS = `number title body url updatedAt author { login } labels(first: 50) { nodes { name } } ${ASSIGNEES}`;
/**
 * REST's issues/{n} also answers for pull requests (comments on a PR's conversation ask for it): so does this.
 * `state` is an IssueState on one and a PullRequestState on the other; the GraphQL spec forbids one response name
 * for fields of different types in a selection set (graphql-js rejects it; GitHub accepts it only in a legacy mode),
 * so each gets its own alias.
 */
const ISSUE_OR_PULL = `... on Issue { ${SUBJECT_FIELDS} issueState: state } ... on PullRequest { ${SUBJECT_FIELDS} pullState: state }`;
const COMMIT_FIELDS =
  'oid url messageHeadline message committedDate author { name user { login } } parents(first: 5) { totalCount nodes { oid } }';

const labelsField = z
  .object({ nodes: z.array(z.object({ name: z.string() }).nullable()).nullish() })
  .nullish()
  .transform((labels) => (labels?.nodes ?? []).flatMap((label) => (label ? [label.name] : [])));
const authorField = z.object({ login: z.string() }).nullish();
const assigneesField = z
  .object({ nodes: z.array(z.object({ login: z.string() }).nullable()).nullish() })
  .nullish()
  .transform((list) => (list?.nodes ?? []).flatMap((user) => (user ? [user.login] : [])));
const reviewRequestsField = z
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
  .nullish()
  .transform((list) => {
    const reviewers = (list?.nodes ?? []).map((node) => node?.requestedReviewer);
    return {
      users: reviewers.flatMap((r) => (r?.login ? [r.login] : [])),
      teams: reviewers.flatMap((r) => (r?.slug ? [r.slug] : [])),
    };
  });

const gqlPull = z.object({
  number: z.number(),
  title: z.string(),
  body: z.string().nullish(),
  url: z.string(),
  state: z.string(),
  isDraft: z.boolean().nullish(),
  merged: z.boolean().nullish(),
  mergedAt: z.string().nullish(),
  updatedAt: z.string().nullish(),
  author: authorField,
  labels: labelsField,
  headRefName: z.string(),
  headRefOid: z.string(),
  baseRefName: z.string(),
  baseRefOid: z.string(),
  assignees: assigneesField,
  reviewRequests: reviewRequestsField,
});

const gqlIssue = z
  .object({
    number: z.number(),
    title: z.string(),
    body: z.string().nullish(),
    url: z.string(),
    issueState: z.string().nullish(),
    pullState: z.string().nullish(),
    updatedAt: z.string().nullish(),
    author: authorField,
    labels: labelsField,
    assignees: assigneesField,
  })
  .transform(({ issueState, pullState, ...rest }) => ({ ...rest, state: issueState ?? pullState ?? null }))
  .refine((issue) => issue.state !== null, 'no state');

const gqlCommit = z.object({
  oid: z.string(),
  url: z.string().nullish(),
  message: z.string(),
  committedDate: z.string().nullish(),
  author: z.object({ name: z.string().nullish(), user: authorField }).nullish(),
  parents: z.object({ totalCount: z.number(), nodes: z.array(z.object({ oid: z.string() }).nullable()).nullish() }),
});
type GqlCommit = z.output<typeof gqlCommit>;

const defaultBranchField = z.object({ name: z.string() }).nullable();

const gqlHistory = <T extends z.ZodType>(node: T) =>
  z.object({ history: z.object({ nodes: z.array(node.nullable()).nullish() }) }).nullish();
const headHistory = gqlHistory(gqlCommit);
const baseHistory = gqlHistory(z.object({ oid: z.string() }));

export const graphqlAnswerSchema = z.object({
  data: z.record(z.string(), z.unknown()).nullish(),
  errors: z.array(z.object({ message: z.string(), type: z.string().nullish() })).nullish(),
});

export type Subject =
  | { kind: 'pull'; number: number }
  | { kind: 'issue'; number: number }
  | { kind: 'compare'; base: string; head: string }
  | { kind: 'checks'; target: CheckTarget };

/** One subject of a batch: which repository (index into the batch's repositories) and the alias it is read under. */
export interface Planned {
  repoIndex: number;
  alias: string;
  subject: Subject;
}

/**
 * Reads every subject a poll cycle needs, for all repositories of an account, with as few GraphQL requests as
 * possible. Returns what could be read exactly; anything missing (not found, a comparison that cannot be rebuilt
 * exactly from history, a field that failed) is simply absent, and the REST hydrator reads it as before.
 * Throws a ForgeError when GraphQL as a whole is unusable (the caller falls back to REST).
 */
export async function prefetchOverGraphql(
  client: GitHubClient,
  repos: RepoNeeds[],
  counter: RequestCounter,
): Promise<Map<string, Prefetched>> {
  const out = new Map<string, Prefetched>();
  const planned: Planned[] = [];
  /** Every subject missing is fine when GitHub said why (deleted PRs); silently missing means GraphQL is not really there. */
  let notFoundOnly = true;
  let present = 0;
  repos.forEach((entry, repoIndex) => {
    if (needsCount(entry.needs) === 0 && !entry.checks?.length) return;
    let n = 0;
    for (const number of entry.needs.pulls)
      planned.push({ repoIndex, alias: `s${n++}`, subject: { kind: 'pull', number } });
    for (const number of entry.needs.issues)
      planned.push({ repoIndex, alias: `s${n++}`, subject: { kind: 'issue', number } });
    for (const c of entry.needs.compares)
      planned.push({ repoIndex, alias: `s${n++}`, subject: { kind: 'compare', base: c.base, head: c.head } });
    for (const target of entry.checks ?? [])
      planned.push({ repoIndex, alias: `s${n++}`, subject: { kind: 'checks', target } });
  });
  for (const chunk of chunked(planned)) {
    const { query, variables } = buildQuery(repos, chunk);
    const answer = await client.graphql(query, variables, graphqlAnswerSchema, {
      counter,
      what: 'GraphQL answer',
      timeoutMs: TIMEOUT_MS,
    });
    notFoundOnly &&= (answer.errors ?? []).length > 0 && (answer.errors ?? []).every((e) => e.type === 'NOT_FOUND');
    if (!answer.data) {
      const first = answer.errors?.[0];
      // GitHub reports an exhausted GraphQL budget as HTTP 200 with an error of type RATE_LIMITED (or RATE_LIMIT).
      if (first?.type && /^RATE_LIMIT/.test(first.type))
        throw new ForgeError('rate_limited', `GitHub GraphQL budget exhausted: ${first.message}`);
      throw new GraphqlUnusable(first?.message ?? 'no data');
    }
    for (const item of chunk) {
      const repoData = answer.data[`r${item.repoIndex}`];
      // A watched commit may be gone (force-pushed away): the repository answering is what counts for it.
      const field = { compare: `${item.alias}h`, checks: null, pull: item.alias, issue: item.alias }[item.subject.kind];
      if (repoData && typeof repoData === 'object' && (field === null || (repoData as Record<string, unknown>)[field]))
        present++;
      const repo = (repos[item.repoIndex] as RepoNeeds).repo;
      const prefetched = out.get(repo) ?? emptyPrefetched();
      out.set(repo, prefetched);
      readSubject(answer.data[`r${item.repoIndex}`], item, prefetched, (repos[item.repoIndex] as RepoNeeds).repoUrl);
    }
  }
  if (planned.length > 0 && present === 0 && !notFoundOnly)
    throw new GraphqlUnusable('the answer held none of the requested objects');
  return out;
}

/** Up to SUBJECTS_PER_QUERY subjects per request, and up to CHECKS_PER_QUERY watched commits riding along in each. */
function chunked(planned: readonly Planned[]): Planned[][] {
  const subjects = planned.filter((p) => p.subject.kind !== 'checks');
  const checks = planned.filter((p) => p.subject.kind === 'checks');
  const chunks: Planned[][] = [];
  for (let start = 0; start < subjects.length; start += SUBJECTS_PER_QUERY)
    chunks.push(subjects.slice(start, start + SUBJECTS_PER_QUERY));
  for (let i = 0; checks.length > 0; i++) {
    const riding = checks.splice(0, CHECKS_PER_QUERY);
    if (i < chunks.length) (chunks[i] as Planned[]).push(...riding);
    else chunks.push(riding);
  }
  return chunks;
}

/** GraphQL answered, but with errors only (disabled on this server, a schema without these fields …). */
export class GraphqlUnusable extends Error {}

/** The GraphQL document (and its variables) for one chunk of planned subjects. */
export function buildQuery(
  repos: RepoNeeds[],
  chunk: Planned[],
): { query: string; variables: Record<string, unknown> } {
  const variables: Record<string, unknown> = {};
  const declarations: string[] = [];
  const byRepo = new Map<number, string[]>();
  for (const item of chunk) {
    const fields = byRepo.get(item.repoIndex) ?? [];
    byRepo.set(item.repoIndex, fields);
    const v = `r${item.repoIndex}${item.alias}`;
    const s = item.subject;
    if (s.kind === 'checks') {
      const asked = checkFields(s.target, item.alias, v);
      Object.assign(variables, asked.variables);
      declarations.push(...asked.declarations);
      fields.push(...asked.fields);
    } else if (s.kind === 'pull' || s.kind === 'issue') {
      variables[v] = s.number;
      declarations.push(`$${v}: Int!`);
      fields.push(
        s.kind === 'pull'
          ? `${item.alias}: pullRequest(number: $${v}) { ${PULL_FIELDS} }`
          : `${item.alias}: issueOrPullRequest(number: $${v}) { ${ISSUE_OR_PULL} }`,
      );
    } else {
      variables[`${v}h`] = s.head;
      declarations.push(`$${v}h: GitObjectID!`);
      fields.push(
        `${item.alias}h: object(oid: $${v}h) { ... on Commit { history(first: ${HISTORY}) { nodes { ${COMMIT_FIELDS} } } } }`,
      );
      if (s.base === DEFAULT_BRANCH) {
        fields.push(
          `${item.alias}b: defaultBranchRef { target { ... on Commit { history(first: ${HISTORY}) { nodes { oid } } } } }`,
        );
      } else {
        variables[`${v}b`] = s.base;
        declarations.push(`$${v}b: GitObjectID!`);
        fields.push(
          `${item.alias}b: object(oid: $${v}b) { ... on Commit { history(first: ${HISTORY}) { nodes { oid } } } }`,
        );
      }
    }
  }
  const parts: string[] = [];
  for (const [repoIndex, fields] of byRepo) {
    // Pushes are filtered by branch: the default branch comes along at no extra request.
    if (chunk.some((item) => item.repoIndex === repoIndex && item.subject.kind === 'compare'))
      fields.push('defaultBranchRef { name }');
    const [owner, name] = (repos[repoIndex] as RepoNeeds).repo.split('/');
    variables[`o${repoIndex}`] = owner;
    variables[`n${repoIndex}`] = name;
    declarations.push(`$o${repoIndex}: String!`, `$n${repoIndex}: String!`);
    parts.push(`r${repoIndex}: repository(owner: $o${repoIndex}, name: $n${repoIndex}) { ${fields.join(' ')} }`);
  }
  return { query: `query ForgebellHydration(${declarations.join(', ')}) { ${parts.join(' ')} }`, variables };
}

function readSubject(repoData: unknown, item: Planned, into: Prefetched, repoUrl: string): void {
  if (!repoData || typeof repoData !== 'object') return;
  const fields = repoData as Record<string, unknown>;
  const branch = defaultBranchField.safeParse(fields.defaultBranchRef);
  if ('defaultBranchRef' in fields && branch.success) into.defaultBranch = branch.data?.name ?? null;
  const s = item.subject;
  if (s.kind === 'checks') {
    into.checks.set(s.target.key, readChecks(fields, s.target, item.alias));
  } else if (s.kind === 'pull') {
    const pull = gqlPull.safeParse(fields[item.alias]);
    if (pull.success) into.pulls.set(s.number, toPullData(pull.data));
  } else if (s.kind === 'issue') {
    const issue = gqlIssue.safeParse(fields[item.alias]);
    if (issue.success) into.issues.set(s.number, toIssueData(issue.data));
  } else {
    const onDefault = s.base === DEFAULT_BRANCH;
    const baseName = onDefault ? into.defaultBranch : s.base;
    const head = headHistory.safeParse(fields[`${item.alias}h`]);
    const base = baseHistory.safeParse(
      onDefault ? (fields[`${item.alias}b`] as { target?: unknown } | null)?.target : fields[`${item.alias}b`],
    );
    if (!baseName || !head.success || !base.success || !head.data || !base.data) return;
    const comparison = rebuildComparison(
      s.head,
      (head.data.history.nodes ?? []).flatMap((c) => (c ? [c] : [])),
      (base.data.history.nodes ?? []).flatMap((c) => (c ? [c.oid] : [])),
    );
    if (comparison)
      into.compares.set(compareKey(baseName, s.head), {
        ...comparison,
        html_url: `${repoUrl}/compare/${baseName}...${s.head}`,
      });
  }
}

function toPullData(p: z.output<typeof gqlPull>): PullData {
  return {
    number: p.number,
    title: p.title,
    body: p.body ? p.body : null,
    state: p.state === 'OPEN' ? 'open' : 'closed',
    draft: p.isDraft ?? false,
    merged: p.merged ?? p.state === 'MERGED',
    merged_at: p.mergedAt ?? null,
    html_url: p.url,
    labels: p.labels,
    user: p.author ?? null,
    head: { ref: p.headRefName, sha: p.headRefOid },
    base: { ref: p.baseRefName, sha: p.baseRefOid },
    updated_at: p.updatedAt ?? null,
    assignees: p.assignees,
    requested_reviewers: p.reviewRequests.users,
    requested_teams: p.reviewRequests.teams,
  };
}

function toIssueData(i: z.output<typeof gqlIssue>): IssueData {
  return {
    number: i.number,
    title: i.title,
    body: i.body ? i.body : null,
    state: i.state === 'OPEN' ? 'open' : 'closed',
    html_url: i.url,
    labels: i.labels,
    user: i.author ?? null,
    draft: null,
    pull_request: null,
    updated_at: i.updatedAt ?? null,
    assignees: i.assignees,
  };
}

/**
 * The commits `compare/{base}...{head}` would list (reachable from head, not from base), rebuilt from the head's
 * and the base's recent history — but only when that is exact: every listed commit's parents must be listed too or
 * be known ancestors of base. Otherwise (history longer than what was read, octopus merges, a force-push onto an
 * unrelated line) null: the REST comparison is used instead.
 */
export function rebuildComparison(head: string, headHistory: GqlCommit[], baseHistory: string[]): CompareData | null {
  const inBase = new Set(baseHistory);
  if (baseHistory.length === 0) return null;
  if (inBase.has(head)) return { total_commits: 0, commits: [], html_url: null };
  const pushed = headHistory.filter((c) => !inBase.has(c.oid));
  if (pushed[0]?.oid !== head) return null;
  const listed = new Set(pushed.map((c) => c.oid));
  for (const commit of pushed) {
    const parents = (commit.parents.nodes ?? []).flatMap((p) => (p ? [p.oid] : []));
    if (parents.length !== commit.parents.totalCount || parents.length === 0) return null;
    if (!parents.every((p) => listed.has(p) || inBase.has(p))) return null;
  }
  const commits: CommitData[] = pushed.reverse().map((c) => ({
    sha: c.oid,
    html_url: c.url ?? null,
    commit: { message: c.message, author: { name: c.author?.name ?? null, date: c.committedDate ?? null } },
    author: c.author?.user ?? null,
  }));
  return { total_commits: commits.length, commits, html_url: null };
}
