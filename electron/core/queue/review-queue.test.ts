import { afterEach, describe, expect, it } from 'vitest';
import { startGitHubHarness, type GitHubHarness } from '../../../test/fakes/github/adapter-harness.js';
import { validateAgainstGitHub } from '../../../test/fakes/github/public-graphql-schema.js';
import { buildItemsQuery, buildReposQuery, buildTeamQuery } from '../forges/github/queue-read.js';
import type { ForgeEvent } from '../events/forge-event.js';
import { silentLogger } from '../runtime/logger.js';
import { openMemoryDatabase } from '../state/database.js';
import { QueueStore } from '../state/queue-store.js';
import type { QueuePull } from './queue-model.js';
import { QUEUE_GRAPHQL_OFF_MS } from './graphql-fallback.js';
import { ReviewQueue } from './review-queue.js';

/** The review queue on GitHub, through the fake: read once, kept current by events, durable, honest under limits. */

function eventAbout(repo: string, number: number, event: ForgeEvent['event'] = 'pulls'): ForgeEvent {
  return {
    id: `e${number}`,
    accountId: 'gh',
    forge: 'github',
    repo,
    repoUrl: '',
    event,
    action: 'updated',
    subjectKey: `pull:${number}`,
    number,
    title: '',
    url: '',
    actor: 'someone',
    createdAt: new Date().toISOString(),
    state: 'open',
    labels: [],
    branch: null,
    draft: false,
    confidential: false,
    details: { kind: 'none' },
  };
}

describe('GraphQL documents of the review queue against GitHub’s public schema', () => {
  it('first pages, later pages, single items and team members are valid documents', () => {
    const docs = [
      buildReposQuery([{ repo: 'o/a' }, { repo: 'o/b' }]),
      buildReposQuery([
        { repo: 'o/a', pullsAfter: 'Y3Vyc29y', issuesAfter: null },
        { repo: 'o/b', pullsAfter: null, issuesAfter: 'Y3Vyc29y' },
      ]),
      buildItemsQuery([
        { repo: 'o/a', kind: 'pull', number: 1 },
        { repo: 'o/a', kind: 'issue', number: 2 },
        { repo: 'o/b', kind: 'pull', number: 3 },
      ]),
      buildTeamQuery(),
    ];
    expect(docs.map((d) => validateAgainstGitHub(d.query))).toEqual(docs.map(() => []));
  });
});

describe('review queue through the GitHub fake', () => {
  let h: GitHubHarness;
  afterEach(() => h.close());

  async function setup() {
    h = await startGitHubHarness();
    const db = openMemoryDatabase();
    const store = new QueueStore(db);
    const gone: string[] = [];
    const queue = new ReviewQueue({
      store,
      adapter: () => h.adapter,
      now: () => h.clock.now(),
      logger: silentLogger,
      onRepoGone: (_account, repo, message) => gone.push(`${repo}: ${message}`),
    });
    return { db, store, queue, gone };
  }

  it('reads many repositories in few requests, with review state, reviewers, teams, checks and assigned issues', async () => {
    const { queue } = await setup();
    const repos = Array.from({ length: 23 }, (_, i) => `octo-org/r${i}`);
    for (const repo of repos) h.fake.createRepo(repo);
    for (const repo of repos) for (let n = 0; n < 3; n++) h.fake.openPull(repo, { title: `P${n}`, head: `t${n}` });
    const a = h.fake.openPull('octo-org/r0', { title: 'Asks', head: 'ask', reviewers: ['bob'], teams: ['core'] });
    const b = h.fake.openPull('octo-org/r0', { title: 'Approved', head: 'ok', actor: 'carol' });
    h.fake.review('octo-org/r0', b.number, { state: 'approved', actor: 'bob' });
    h.fake.review('octo-org/r0', b.number, { state: 'commented', actor: 'bob' });
    const c = h.fake.openPull('octo-org/r0', { title: 'Blocked', head: 'no' });
    h.fake.review('octo-org/r0', c.number, { state: 'approved', actor: 'bob' });
    h.fake.review('octo-org/r0', c.number, { state: 'changes_requested', actor: 'dave' });
    h.fake.workflowRun('octo-org/r0', { branch: 'no', status: 'completed', conclusion: 'failure' });
    const issue = h.fake.openIssue('octo-org/r1', { title: 'Fix it' });
    h.fake.assign('octo-org/r1', issue.number, ['alice']);
    h.fake.openIssue('octo-org/r1', { title: 'Nobody' });
    h.fake.resetStats();

    const view = await queue.view([{ account: 'gh', repos }]);

    expect(h.fake.stats.graphql).toBe(3); // 23 repositories, 10 per request
    expect(view.requests).toMatchObject({ total: 3, billable: 3 });
    expect(view.requests.points).toBeGreaterThan(0);
    expect(view.entries.filter((e) => e.item.kind === 'pull')).toHaveLength(23 * 3 + 3);
    const pull = (n: number) =>
      view.entries.find((e) => e.item.repo === 'octo-org/r0' && e.item.number === n)?.item as QueuePull;
    expect(pull(a.number)).toMatchObject({ reviewers: ['bob'], teams: ['octo-org/core'], reviews: [] });
    expect(pull(b.number).reviews).toEqual([{ login: 'bob', state: 'approved' }]);
    expect(pull(c.number)).toMatchObject({ checks: 'failure', headBranch: 'no' });
    expect(pull(c.number).reviews).toHaveLength(2);
    const issues = view.entries.filter((e) => e.item.kind === 'issue').map((e) => e.item.title);
    expect(issues).toEqual(['Fix it']);
    for (const query of h.fake.graphqlQueries) expect(validateAgainstGitHub(query)).toEqual([]);
  });

  it('pages a busy repository: 120 open pull requests all listed', async () => {
    const { queue } = await setup();
    h.fake.createRepo('octo-org/busy');
    for (let n = 0; n < 120; n++) h.fake.openPull('octo-org/busy', { title: `P${n}`, head: `t${n}` });
    const view = await queue.view([{ account: 'gh', repos: ['octo-org/busy'] }]);
    expect(new Set(view.entries.map((e) => e.item.number)).size).toBe(120);
    expect(h.fake.stats.graphql).toBe(3);
  });

  it('after the first read, an idle repository costs nothing; an event re-reads only its item; durable across a reopen', async () => {
    const { db, store, queue } = await setup();
    h.fake.createRepo('octo-org/a');
    const p1 = h.fake.openPull('octo-org/a', { title: 'One', head: 'one' });
    const p2 = h.fake.openPull('octo-org/a', { title: 'Two', head: 'two' });
    await queue.view([{ account: 'gh', repos: ['octo-org/a'] }]);
    h.fake.resetStats();
    const idle = await queue.view([{ account: 'gh', repos: ['octo-org/a'] }]);
    expect(idle.requests.total).toBe(0);
    expect(h.fake.stats.graphql).toBe(0);

    h.fake.review('octo-org/a', p1.number, { state: 'approved', actor: 'bob' });
    h.fake.mergePull('octo-org/a', p2.number);
    const p3 = h.fake.openPull('octo-org/a', { title: 'Three', head: 'three' });
    db.transaction(() =>
      queue.markDirty('gh', 'octo-org/a', [
        eventAbout('octo-org/a', p1.number, 'reviews'),
        eventAbout('octo-org/a', p2.number),
        eventAbout('octo-org/a', p3.number),
      ]),
    )();
    // A new ReviewQueue on the same database: what was read and what is dirty survived.
    const again = new ReviewQueue({
      store: new QueueStore(db),
      adapter: () => h.adapter,
      now: () => h.clock.now(),
      logger: silentLogger,
    });
    const view = await again.view([{ account: 'gh', repos: ['octo-org/a'] }]);
    expect(h.fake.stats.graphql).toBe(1);
    expect(h.fake.graphqlQueries.at(-1)).toContain('issueOrPullRequest');
    expect(view.entries.map((e) => [e.item.number, (e.item as QueuePull).reviews.length])).toEqual([
      [p1.number, 1],
      [p3.number, 0],
    ]);
    expect(store.dirty('gh', ['octo-org/a'])).toEqual([]);
  });

  it('a repository that disappeared is left out with a note (once), the others are read', async () => {
    const { queue, gone } = await setup();
    h.fake.createRepo('octo-org/here');
    h.fake.openPull('octo-org/here', { title: 'Here', head: 'h' });
    const view = await queue.view([{ account: 'gh', repos: ['octo-org/here', 'octo-org/vanished'] }]);
    expect(view.entries.map((e) => e.item.title)).toEqual(['Here']);
    expect(view.notes).toEqual([expect.stringContaining('octo-org/vanished left out')]);
    await queue.view([{ account: 'gh', repos: ['octo-org/here', 'octo-org/vanished'] }]);
    expect(gone).toEqual([expect.stringContaining('octo-org/vanished')]);
  });

  it('GraphQL budget exhausted: the view says it is limited and which repositories are unread, never "nothing open"', async () => {
    const { queue } = await setup();
    h.fake.createRepo('octo-org/a');
    h.fake.openPull('octo-org/a', { title: 'One', head: 'one' });
    h.fake.setRateLimit({ remaining: 0, resource: 'graphql' });
    const view = await queue.view([{ account: 'gh', repos: ['octo-org/a'] }]);
    expect(view.limited).toMatch(/gh: .*rate limit/i);
    expect(view.unread).toEqual(['gh:octo-org/a']);
    expect(view.entries).toEqual([]);
  });

  it('GraphQL unavailable (a server without it): the same queue over REST, reviews per pull request, no checks', async () => {
    const { queue } = await setup();
    h.fake.createRepo('octo-org/a');
    const p1 = h.fake.openPull('octo-org/a', { title: 'One', head: 'one', reviewers: ['bob'], teams: ['core'] });
    const p2 = h.fake.openPull('octo-org/a', { title: 'Two', head: 'two', actor: 'carol' });
    h.fake.review('octo-org/a', p2.number, { state: 'changes_requested', actor: 'bob' });
    h.fake.review('octo-org/a', p2.number, { state: 'approved', actor: 'bob' });
    h.fake.review('octo-org/a', p2.number, { state: 'commented', actor: 'dave' });
    const issue = h.fake.openIssue('octo-org/a', { title: 'Fix' });
    h.fake.assign('octo-org/a', issue.number, ['alice']);
    h.fake.failNext(/graphql$/, { status: 404, times: 100 });
    const view = await queue.view([{ account: 'gh', repos: ['octo-org/a'] }]);
    expect(view.limited).toBeNull();
    const byNumber = new Map(view.entries.map((e) => [e.item.number, e.item]));
    expect(byNumber.get(p1.number)).toMatchObject({ reviewers: ['bob'], teams: ['octo-org/core'], checks: null });
    expect((byNumber.get(p2.number) as QueuePull).reviews).toEqual([{ login: 'bob', state: 'approved' }]);
    expect(byNumber.get(issue.number)).toMatchObject({ kind: 'issue', assignees: ['alice'] });
    expect(Object.keys(h.fake.stats.byPath).some((p) => p.endsWith('/pulls/2/reviews'))).toBe(true);
  });

  it('GraphQL refused: REST for an hour, said in Diagnostics with the reason and the next try; then GraphQL again', async () => {
    await setup();
    h.fake.createRepo('octo-org/a');
    h.fake.openPull('octo-org/a', { title: 'One', head: 'one', reviewers: ['bob'] });
    // A GitHub Enterprise Server whose schema lacks a field: the whole query is refused, no data.
    h.fake.failNext(/graphql$/, {
      status: 200,
      rawBody: JSON.stringify({
        errors: [{ message: "Field 'latestOpinionatedReviews' doesn't exist on type 'PullRequest'", locations: [] }],
      }),
    });
    const requests = { total: 0, billable: 0, points: 0 };
    const [read] = await h.adapter.queue!.readRepos(['octo-org/a'], requests);
    expect(read).toMatchObject({ ok: true, pulls: [{ title: 'One', reviewers: ['bob'] }] });
    expect(h.adapter.readingSummary?.()).toMatch(
      /review queue read over REST, slower \(GraphQL refused: .*latestOpinionatedReviews.*; next try \d\d:\d\d UTC\)/,
    );
    expect(h.logs.some((l) => /github: the review queue could not be read over GraphQL/.test(l.message))).toBe(true);

    // Within the hour: REST straight away, no GraphQL request.
    const graphqlBefore = h.fake.stats.graphql;
    await h.adapter.queue!.readItems([{ repo: 'octo-org/a', kind: 'pull', number: 1 }], requests);
    await h.adapter.queue!.readRepos(['octo-org/a'], requests);
    expect(h.fake.stats.graphql).toBe(graphqlBefore);

    // An hour later GraphQL is tried again, and used: Diagnostics no longer mentions REST.
    h.clock.advance(QUEUE_GRAPHQL_OFF_MS);
    await h.adapter.queue!.readRepos(['octo-org/a'], requests);
    expect(h.fake.stats.graphql).toBe(graphqlBefore + 1);
    expect(h.adapter.readingSummary?.() ?? '').not.toMatch(/review queue/);
  });

  it('a GitHub server error on GraphQL is passing: REST that once, GraphQL next time, nothing said in Diagnostics', async () => {
    await setup();
    h.fake.createRepo('octo-org/a');
    h.fake.openPull('octo-org/a', { title: 'One', head: 'one' });
    h.fake.failNext(/graphql$/, { status: 502, rawBody: '<html>Bad gateway</html>' });
    const requests = { total: 0, billable: 0, points: 0 };
    const [read] = await h.adapter.queue!.readRepos(['octo-org/a'], requests);
    expect(read).toMatchObject({ ok: true, pulls: [{ title: 'One' }] });
    expect(h.adapter.readingSummary?.() ?? '').not.toMatch(/review queue/);
    const graphqlBefore = h.fake.stats.graphql;
    await h.adapter.queue!.readRepos(['octo-org/a'], requests);
    expect(h.fake.stats.graphql).toBe(graphqlBefore + 1);
  });

  it('team members come from the forge', async () => {
    await setup();
    h.fake.setTeam('octo-org', 'core', ['alice', 'bob']);
    const requests = { total: 0, billable: 0, points: 0 };
    expect(await h.adapter.queue?.teamMembers?.('octo-org/core', requests)).toEqual(['alice', 'bob']);
    expect(await h.adapter.queue?.teamMembers?.('octo-org/none', requests)).toBeNull();
  });
});
