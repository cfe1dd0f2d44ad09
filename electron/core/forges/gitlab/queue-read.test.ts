import { parse } from 'graphql';
import { afterEach, describe, expect, it } from 'vitest';
import { startGitLabHarness, type GitLabHarness } from '../../../../test/fakes/gitlab/adapter-harness.js';
import { complexityOf, MAX_COMPLEXITY } from '../../../../test/fakes/gitlab/graphql.js';
import type { QueuePull } from '../../queue/queue-model.js';
import { reviewState } from '../../queue/queue-model.js';
import type { QueueRequests, RepoQueueRead } from '../../queue/queue-source.js';
import {
  buildFirstPagesQuery,
  buildItemsQuery,
  buildPagesQuery,
  ITEM_PROJECTS_PER_QUERY,
  PAGES_PER_QUERY,
  PROJECTS_PER_QUERY,
} from './queue-graphql.js';
import { QUEUE_GRAPHQL_OFF_MS } from './queue-read.js';

/**
 * The review queue on GitLab, through the fake: over GraphQL (many projects per request, pages, GitLab's complexity
 * limit), and over REST when GraphQL cannot be used — with the same answer either way.
 */
const meter = (): QueueRequests => ({ total: 0, billable: 0, points: 0 });

function okRead(read: RepoQueueRead | undefined): RepoQueueRead & { ok: true } {
  if (!read?.ok) throw new Error(`not read: ${JSON.stringify(read)}`);
  return read;
}

/** One project with a merge request waiting, one approved (pipeline failed), a draft; an assigned issue. */
function seed(h: GitLabHarness, project = 'group/app') {
  h.fake.createProject(project);
  h.fake.createBranch(project, 'a');
  const waiting = h.fake.openMergeRequest(project, {
    title: 'Waiting',
    sourceBranch: 'w',
    author: 'carol',
    reviewers: ['alice'],
  });
  const approved = h.fake.openMergeRequest(project, {
    title: 'Approved',
    sourceBranch: 'a',
    author: 'alice',
    reviewers: ['bob'],
  });
  h.fake.approve(project, approved.iid, { author: 'bob' });
  h.fake.runPipeline(project, { ref: 'a', status: 'failed' });
  h.fake.openMergeRequest(project, { title: 'Draft', sourceBranch: 'd', author: 'carol', draft: true });
  const issue = h.fake.openIssue(project, { title: 'Assigned', author: 'carol', assignees: ['alice'] });
  h.fake.openIssue(project, { title: 'Nobody’s', author: 'carol' });
  return { waiting, approved, issue };
}

function expectSeeded(read: RepoQueueRead & { ok: true }, checks: boolean) {
  const byTitle = (t: string) => read.pulls.find((p) => p.title.endsWith(t)) as QueuePull;
  expect(byTitle('Waiting')).toMatchObject({ author: 'carol', reviewers: ['alice'], draft: false, headBranch: 'w' });
  expect(reviewState(byTitle('Waiting').reviews)).toBe('waiting');
  expect(reviewState(byTitle('Approved').reviews)).toBe('approved');
  expect(byTitle('Approved').reviewers).toEqual([]);
  // REST's merge request list has no head pipeline (GraphQL has).
  expect(byTitle('Approved').checks).toBe(checks ? 'failure' : null);
  expect(byTitle('Draft').draft).toBe(true);
  expect(byTitle('Waiting').url).toMatch(/\/group\/app\/-\/merge_requests\/\d+$/);
  expect(read.issues.map((i) => i.title)).toEqual(['Assigned']);
}

describe('GitLab review queue', () => {
  let h: GitLabHarness;
  afterEach(() => h.close());

  it('over GraphQL: draft, author, reviewers, approvals, head pipeline and assigned issues in one request; items by kind', async () => {
    h = await startGitLabHarness();
    const { waiting, issue } = seed(h);
    const requests = meter();
    const source = h.adapter.queue!;

    const [read] = await source.readRepos(['group/app'], requests);
    expectSeeded(okRead(read), true);
    expect(requests.total).toBe(1);
    expect(h.fake.stats.count(/^\/api\/v4\//)).toBe(0);

    // Merge request !1 and issue #1 share a number: each is read as its kind, both in one request.
    h.fake.mergeMergeRequest('group/app', waiting.iid, { author: 'bob' });
    const again = await source.readItems(
      [
        { repo: 'group/app', kind: 'pull', number: waiting.iid },
        { repo: 'group/app', kind: 'issue', number: issue.iid },
        { repo: 'group/app', kind: 'pull', number: 99 },
      ],
      requests,
    );
    expect(again.map((r) => ('item' in r ? (r.item?.title ?? null) : r.error))).toEqual([null, 'Assigned', null]);
    expect(requests.total).toBe(2);
    expect(h.adapter.readingSummary?.() ?? null).toBeNull();
  });

  it('pages a busy project (120 merge requests, 70 assigned issues) beside quiet ones, nothing lost or doubled', async () => {
    h = await startGitLabHarness();
    h.fake.createProject('group/busy');
    for (let i = 0; i < 120; i++)
      h.fake.openMergeRequest('group/busy', { title: `MR ${i}`, sourceBranch: `b${i}`, author: 'carol' });
    for (let i = 0; i < 70; i++)
      h.fake.openIssue('group/busy', { title: `Issue ${i}`, author: 'carol', assignees: ['alice'] });
    const quiet = Array.from({ length: 24 }, (_, i) => `group/quiet-${i}`);
    for (const p of quiet) {
      h.fake.createProject(p);
      h.fake.openMergeRequest(p, { title: 'One', sourceBranch: 'x', author: 'carol' });
    }
    const requests = meter();
    const reads = await h.adapter.queue!.readRepos(['group/busy', ...quiet], requests);
    const busy = okRead(reads.find((r) => r.repo === 'group/busy'));
    expect(busy.pulls.map((p) => p.number).sort((a, b) => a - b)).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));
    expect(new Set(busy.issues.map((i) => i.number)).size).toBe(70);
    expect(reads.filter((r) => r.ok && r.pulls.length === 1)).toHaveLength(24);
    // 25 projects: 2 first-page requests (20 + 5), then page 2 and page 3 of the busy project's merge requests (50 a
    // page) with page 2 of its issues.
    expect(requests.total).toBe(4);
  });

  it('each document at its batch size scores under GitLab’s limit of 250 (so a split is the exception)', () => {
    const score = (doc: { query: string; variables: Record<string, unknown> }) =>
      complexityOf(parse(doc.query), doc.variables);
    const paths = (n: number) => Array.from({ length: n }, (_, i) => `group/p${i}`);
    const scores = {
      first: score(buildFirstPagesQuery(paths(PROJECTS_PER_QUERY))),
      pages: score(buildPagesQuery(paths(PAGES_PER_QUERY).map((repo) => ({ repo, mrsAfter: 'x', issuesAfter: 'y' })))),
      items: score(
        buildItemsQuery(paths(ITEM_PROJECTS_PER_QUERY).map((repo) => ({ repo, mrs: ['1'], issues: ['2'] }))),
      ),
    };
    console.log(`GitLab queue query complexity (of ${MAX_COMPLEXITY}): ${JSON.stringify(scores)}`);
    for (const value of Object.values(scores)) expect(value).toBeLessThanOrEqual(MAX_COMPLEXITY);
  });

  it('a query GitLab finds too complex is asked again with fewer projects', async () => {
    h = await startGitLabHarness();
    const projects = Array.from({ length: 6 }, (_, i) => `group/p${i}`);
    for (const p of projects) seed(h, p);
    // An administrator's lower limit: three projects' first pages fit, six do not.
    const score = (n: number) => {
      const doc = buildFirstPagesQuery(projects.slice(0, n));
      return complexityOf(parse(doc.query), doc.variables);
    };
    expect(score(6)).toBeGreaterThan(score(3));
    h.fake.setGraphqlMaxComplexity(score(3));
    const requests = meter();
    const reads = await h.adapter.queue!.readRepos(projects, requests);
    expect(reads.map((r) => r.ok && r.pulls.length)).toEqual([3, 3, 3, 3, 3, 3]);
    for (const read of reads) expect(okRead(read).issues).toHaveLength(1);
    expect(requests.total).toBe(3); // refused (6), then 3 + 3
    expect(h.fake.stats.count(/^\/api\/v4\//)).toBe(0);
  });

  it('falls back to REST when GraphQL cannot be used, says so in Diagnostics, and tries GraphQL again an hour later', async () => {
    h = await startGitLabHarness();
    seed(h);
    // A GitLab whose schema lacks a field (older than the reviewers field): the whole query is refused.
    h.fake.failNext('/api/graphql', {
      status: 200,
      rawBody: JSON.stringify({
        errors: [{ message: "Field 'reviewers' doesn't exist on type 'MergeRequest'", locations: [] }],
      }),
    });
    const requests = meter();
    const [read] = await h.adapter.queue!.readRepos(['group/app'], requests);
    expectSeeded(okRead(read), false);
    // 1 refused GraphQL, then REST: merge request list, issue list, one approvals request per merge request.
    expect(requests.total).toBe(1 + 2 + 3);
    expect(h.adapter.readingSummary?.()).toMatch(/review queue read over REST.*reviewers.*next try/);
    expect(h.logs.some((l) => /could not be read over GraphQL/.test(l.message))).toBe(true);

    // Within the hour: REST straight away (no GraphQL request).
    const graphqlBefore = h.fake.graphqlQueries.length;
    await h.adapter.queue!.readItems([{ repo: 'group/app', kind: 'issue', number: 1 }], meter());
    expect(h.fake.graphqlQueries.length).toBe(graphqlBefore);

    h.clock.advance(QUEUE_GRAPHQL_OFF_MS);
    const later = meter();
    const [again] = await h.adapter.queue!.readRepos(['group/app'], later);
    expectSeeded(okRead(again), true);
    expect(later.total).toBe(1);
    expect(h.adapter.readingSummary?.() ?? null).toBeNull();
  });

  it('GraphQL switched off on the server (404): REST answers the same', async () => {
    h = await startGitLabHarness();
    seed(h);
    h.fake.failNext('/api/graphql', { status: 404, rawBody: '{"message":"404 Not Found"}', times: 5 });
    const [read] = await h.adapter.queue!.readRepos(['group/app'], meter());
    expectSeeded(okRead(read), false);
    expect(h.adapter.readingSummary?.()).toMatch(/review queue read over REST/);
  });

  it('GitLab’s rate limit is no reason to change: the queue is told to wait', async () => {
    h = await startGitLabHarness();
    seed(h);
    h.fake.failNext('/api/graphql', { status: 429, headers: { 'retry-after': '60' }, times: 5 });
    await expect(h.adapter.queue!.readRepos(['group/app'], meter())).rejects.toMatchObject({
      name: 'QueueRateLimited',
    });
    expect(h.fake.stats.count(/^\/api\/v4\//)).toBe(0);
    expect(h.adapter.readingSummary?.() ?? null).toBeNull();
  });

  it('a project GraphQL does not show is read over REST: moved (the old path redirects) is read, deleted is gone', async () => {
    h = await startGitLabHarness();
    seed(h, 'group/old-name');
    h.fake.moveProject('group/old-name', 'group/new-name');
    h.fake.createProject('group/doomed');
    h.fake.deleteProject('group/doomed');
    const reads = await h.adapter.queue!.readRepos(['group/old-name', 'group/doomed'], meter());
    expect(okRead(reads.find((r) => r.repo === 'group/old-name')).pulls).toHaveLength(3);
    expect(reads.find((r) => r.repo === 'group/doomed')).toMatchObject({ ok: false, gone: true });
    // Its items too: GraphQL does not show the project, REST follows the old path.
    const [item] = await h.adapter.queue!.readItems([{ repo: 'group/old-name', kind: 'issue', number: 1 }], meter());
    expect(item && 'item' in item ? item.item?.title : null).toBe('Assigned');
  });

  it('a project that disappeared is reported gone, not thrown', async () => {
    h = await startGitLabHarness();
    const [read] = await h.adapter.queue!.readRepos(['group/none'], meter());
    expect(read).toMatchObject({ ok: false, gone: true });
  });
});
