import { z } from 'zod';
import type { ForgeEvent } from '../../events/forge-event.js';
import type { RunsState, WatchedCommit } from './cursor.js';
import { rememberIds } from './cursor.js';
import type { RepoContext } from './event-base.js';
import type { FeedEntry } from './feed-entry.js';
import { runEvent, runOutcome } from './run-events.js';
import { WATCH_MS } from './runs-watch.js';

/**
 * Workflow runs read only for people (PollRequest.pipelinesFor), the cheap way: instead of reading a repository's
 * REST runs list for hours after a person's push (a billable read each time anyone's run completes there), the
 * commit they pushed is watched, and its GitHub Actions check suites are looked at with GraphQL — inside the
 * hydration request the cycle makes anyway when there is one (the push itself needs its commits), else in one
 * request for every watched commit of the account. A commit stops being watched once its runs are all completed,
 * or when it has no workflow files; a repository seen without them is remembered (durably, in its cursor) and its
 * commits are then only looked at when a request is made anyway.
 * Not seen this way (a subscription with `pipelines` reads every run): a run started by hand or re-run on a commit
 * that is no longer watched, and a scheduled run.
 */

/**
 * GitHub creates a push's check suites (queued) within seconds of the push: a commit that shows no GitHub Actions
 * suite this long after it runs no workflow (branch or path filters).
 */
const NO_SUITE_MS = 3 * 60_000;
/** What a repository's workflow folder was seen to be is trusted this long, then learned again. */
export const WORKFLOWS_KNOWN_MS = 24 * 3_600_000;
const MAX_WATCHED = 30;
const REPORTED = 300;

const PULL_STARTS_RUNS = new Set(['opened', 'reopened', 'synchronize']);
const SHA = /^[0-9a-f]{40}$/i;

/** The watches after this poll's feed entries: a person's push, new branch or tag, release or pull request opens one. */
export function watchCommits(
  previous: readonly WatchedCommit[] | undefined,
  fresh: readonly FeedEntry[],
  person: (login: string) => boolean,
  now: number,
): WatchedCommit[] {
  const watches = (previous ?? []).filter((w) => now < w.until);
  for (const entry of fresh) {
    if (!person(entry.actor.login)) continue;
    const target = watchTarget(entry);
    if (!target) continue;
    const at = Date.parse(entry.created_at);
    const from = Number.isFinite(at) ? Math.min(at, now) : now;
    const same = watches.find((w) => (target.sha ? w.sha === target.sha : !w.sha && w.ref === target.ref));
    if (same) {
      same.until = Math.max(same.until, now + WATCH_MS);
      continue;
    }
    watches.push({ ...target, login: entry.actor.login, from, until: now + WATCH_MS });
  }
  return watches.slice(-MAX_WATCHED);
}

type Target = Pick<WatchedCommit, 'sha' | 'ref' | 'branch' | 'fork'>;

function watchTarget(entry: FeedEntry): Target | null {
  const p = entry.payload;
  const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);
  switch (entry.type) {
    case 'PushEvent': {
      const ref = text(p.ref);
      const head = text(p.head);
      const branch = ref?.replace(/^refs\/(heads|tags)\//, '') ?? null;
      if (head && SHA.test(head)) return /^0+$/.test(head) ? null : { sha: head.toLowerCase(), branch };
      return ref ? { ref, branch } : null;
    }
    case 'CreateEvent': {
      const ref = text(p.ref);
      if (!ref || (p.ref_type !== 'branch' && p.ref_type !== 'tag')) return null;
      return { ref: `refs/${p.ref_type === 'tag' ? 'tags' : 'heads'}/${ref}`, branch: ref };
    }
    case 'ReleaseEvent': {
      const tag = text((p.release as { tag_name?: unknown } | undefined)?.tag_name);
      return tag ? { ref: `refs/tags/${tag}`, branch: tag } : null;
    }
    case 'PullRequestEvent': {
      if (typeof p.action !== 'string' || !PULL_STARTS_RUNS.has(p.action)) return null;
      const head = (
        p.pull_request as { head?: { sha?: unknown; ref?: unknown; repo?: { name?: unknown } | null } } | undefined
      )?.head;
      const sha = text(head?.sha);
      if (!sha || !SHA.test(sha)) return null;
      const headRepo = text(head?.repo?.name);
      const fork = headRepo !== null && entry.repo?.name !== undefined && headRepo !== entry.repo.name;
      return { sha: sha.toLowerCase(), branch: text(head?.ref), ...(fork ? { fork: true } : {}) };
    }
    default:
      return null;
  }
}

/** One watched commit as asked in a GraphQL request. */
export interface CheckTarget {
  /** The watch's sha, or its ref until the ref is resolved. */
  key: string;
  sha?: string;
  ref?: string;
  /** The revision whose `.github/workflows` folder tells whether the commit runs workflows at all. */
  workflowsAt: string;
  /** Only looked at when a request is made anyway (the repository was seen without workflow files). */
  rideOnly: boolean;
}

/** What the cycle asks about a repository's watched commits (none: nothing watched). */
export function checkTargets(runs: RunsState | undefined, now: number): CheckTarget[] {
  const rideOnly =
    runs?.workflows !== undefined && !runs.workflows.present && now - runs.workflows.at < WORKFLOWS_KNOWN_MS;
  return (runs?.commits ?? [])
    .filter((w) => now < w.until)
    .map((w) => ({
      key: watchKey(w),
      ...(w.sha ? { sha: w.sha } : { ref: w.ref as string }),
      // A fork's pull request runs the base repository's workflows.
      workflowsAt: `${w.fork ? 'HEAD' : (w.sha ?? (w.ref as string))}:.github/workflows`,
      rideOnly,
    }));
}

function watchKey(w: Pick<WatchedCommit, 'sha' | 'ref'>): string {
  return w.sha ?? `ref:${w.ref ?? ''}`;
}

export const SUITE_FIELDS =
  'status conclusion updatedAt app { slug } creator { login } branch { name } workflowRun { databaseId runNumber event url createdAt updatedAt workflow { name } }';
const COMMIT_FIELDS = `oid messageHeadline checkSuites(first: 20) { nodes { ${SUITE_FIELDS} } }`;

/** The fields asking about one target, aliased under `alias`, with their variable declarations. */
export function checkFields(
  target: CheckTarget,
  alias: string,
  variable: string,
): { fields: string[]; declarations: string[]; variables: Record<string, unknown> } {
  const variables: Record<string, unknown> = { [`${variable}w`]: target.workflowsAt };
  const declarations = [`$${variable}w: String!`];
  const fields = [`${alias}w: object(expression: $${variable}w) { __typename }`];
  if (target.sha) {
    variables[`${variable}c`] = target.sha;
    declarations.push(`$${variable}c: GitObjectID!`);
    fields.push(`${alias}c: object(oid: $${variable}c) { ... on Commit { ${COMMIT_FIELDS} } }`);
  } else {
    variables[`${variable}c`] = target.ref;
    declarations.push(`$${variable}c: String!`);
    fields.push(`${alias}c: ref(qualifiedName: $${variable}c) { target { ... on Commit { ${COMMIT_FIELDS} } } }`);
  }
  return { fields, declarations, variables };
}

const suiteSchema = z.object({
  status: z.string(),
  conclusion: z.string().nullish(),
  updatedAt: z.string().nullish(),
  app: z.object({ slug: z.string() }).nullish(),
  creator: z.object({ login: z.string() }).nullish(),
  branch: z.object({ name: z.string() }).nullish(),
  workflowRun: z
    .object({
      databaseId: z.number().nullish(),
      runNumber: z.number().nullish(),
      event: z.string().nullish(),
      url: z.string(),
      createdAt: z.string(),
      updatedAt: z.string(),
      workflow: z.object({ name: z.string() }).nullish(),
    })
    .nullish(),
});
const commitSchema = z.object({
  oid: z.string(),
  messageHeadline: z.string().nullish(),
  checkSuites: z.object({ nodes: z.array(suiteSchema.nullable().catch(null)).nullish() }).nullish(),
});
type Suite = z.output<typeof suiteSchema>;

/** What the answer said about one watched commit. */
export interface CommitChecks {
  /** null: the commit (or ref) was not found. */
  commit: z.output<typeof commitSchema> | null;
  /** Whether the revision has a `.github/workflows` folder. */
  workflows: boolean;
}

/** Reads one target's answer from its repository's part of the GraphQL answer. */
export function readChecks(repoData: Record<string, unknown>, target: CheckTarget, alias: string): CommitChecks {
  const workflows = (repoData[`${alias}w`] as { __typename?: unknown } | null | undefined)?.__typename === 'Tree';
  const raw = repoData[`${alias}c`];
  const node = target.sha ? raw : (raw as { target?: unknown } | null | undefined)?.target;
  const parsed = commitSchema.safeParse(node);
  return { commit: parsed.success ? parsed.data : null, workflows };
}

/**
 * The watches after a look: each completed GitHub Actions run on a watched commit since its push is reported once
 * (`reported`, shared with the REST runs list), and a commit stops being watched once its runs are all completed,
 * when it has no workflow files, or when no run showed up within NO_SUITE_MS.
 * Targets not asked (`answers` lacks them) keep their watch.
 */
export function settleWatches(
  runs: RunsState,
  answers: ReadonlyMap<string, CommitChecks>,
  ctx: RepoContext,
  now: number,
): { events: ForgeEvent[]; runs: RunsState } {
  const reported = new Set(runs.reported);
  const keys: string[] = [];
  const events: ForgeEvent[] = [];
  let workflows = runs.workflows;
  const watches: WatchedCommit[] = [];
  for (const watch of runs.commits ?? []) {
    if (now >= watch.until) continue;
    const answer = answers.get(watchKey(watch));
    if (!answer) {
      watches.push(watch);
      continue;
    }
    workflows = { present: answer.workflows, at: now };
    if (!answer.workflows) continue;
    if (!answer.commit) {
      if (now < watch.from + NO_SUITE_MS) watches.push(watch);
      continue;
    }
    const commit = answer.commit;
    const suites = (commit.checkSuites?.nodes ?? []).filter(
      (s): s is Suite & { workflowRun: NonNullable<Suite['workflowRun']> } => !!s?.workflowRun,
    );
    for (const suite of suites) {
      const run = suite.workflowRun;
      if (suite.status !== 'COMPLETED' || typeof run.databaseId !== 'number') continue;
      const conclusion = (suite.conclusion ?? '').toLowerCase();
      const key = `${run.databaseId}:${conclusion || 'unknown'}`;
      if (reported.has(key)) continue;
      reported.add(key);
      keys.push(key);
      // An older run of a commit pushed again (a new branch at it) is not this push's.
      if (!runOutcome(conclusion) || Date.parse(run.updatedAt) < watch.from) continue;
      const starter = suite.creator?.login ?? watch.login;
      events.push(
        runEvent(
          ctx,
          {
            id: run.databaseId,
            name: run.workflow?.name ?? null,
            display_title: commit.messageHeadline ?? null,
            head_branch: suite.branch?.name ?? watch.branch,
            head_sha: commit.oid,
            status: 'completed',
            conclusion,
            html_url: run.url,
            actor: { login: starter },
            triggering_actor: { login: starter },
            created_at: run.createdAt,
            updated_at: run.updatedAt,
            run_started_at: null,
          },
          [],
          `${ctx.accountId}:gh-run:${run.databaseId}:${conclusion}`,
        ),
      );
    }
    const pending = suites.some((s) => s.status !== 'COMPLETED');
    const done = suites.length > 0 ? !pending : now >= watch.from + NO_SUITE_MS;
    if (!done) watches.push({ ...watch, sha: commit.oid });
  }
  return {
    events,
    runs: {
      ...runs,
      reported: rememberIds(keys.reverse(), runs.reported, REPORTED),
      commits: watches,
      ...(workflows ? { workflows } : {}),
    },
  };
}
