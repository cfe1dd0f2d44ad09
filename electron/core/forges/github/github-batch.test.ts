import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startGitHubHarness, type GitHubHarness } from '../../../../test/fakes/github/adapter-harness.js';
import type { ForgeEvent } from '../../events/forge-event.js';
import { rebuildComparison } from './graphql-hydration.js';

const A = 'octo-org/alpha';
const B = 'octo-org/beta';
const C = 'octo-org/gamma';
const WANTED = ['pulls', 'commits', 'issues', 'comments'] as const;

let h: GitHubHarness;

beforeEach(async () => {
  h = await startGitHubHarness();
  for (const repo of [A, B, C]) h.fake.createRepo(repo);
});
afterEach(() => h.close());

/** Activity in three repos: PRs opened and merged (merge commits), a linear push, a comment on a PR. */
function activity(): void {
  h.fake.openPull(A, { title: 'Alpha feature', head: 'feature-a', labels: ['ui'], body: 'Adds the thing' });
  const merged = h.fake.openPull(B, { title: 'Beta fix', head: 'fix-b', commits: 3 });
  h.fake.mergePull(B, merged.number);
  h.fake.push(C, 'main', 2);
  h.fake.comment(A, { issue: 1 }, 'Looks good');
  h.clock.advance(30_000);
}

/** What a message shows, with the fake's origin (a random port) taken out so two fakes compare equal. */
function essentials(events: ForgeEvent[], webUrl = h.fake.webUrl): unknown[] {
  const shown = events.map((e) => ({
    event: e.event,
    action: e.action,
    title: e.title,
    state: e.state,
    labels: e.labels,
    branch: e.branch,
    draft: e.draft,
    details: e.details,
  }));
  return JSON.parse(JSON.stringify(shown).split(webUrl).join('WEB')) as unknown[];
}

async function primed(): Promise<void> {
  await h.pollCycle([A, B, C], [...WANTED]);
  h.clock.advance(60_000);
  h.fake.resetStats();
}

describe('GitHub batched hydration (one GraphQL request per poll cycle)', () => {
  it('hydrates every repository of the cycle with one GraphQL request and no per-subject REST reads, with the same result REST gives', async () => {
    await primed();
    activity();
    const batched = await h.pollCycle([A, B, C], [...WANTED]);
    expect(h.fake.stats.graphql).toBe(1);
    const paths = Object.keys(h.fake.stats.byPath);
    expect(paths.filter((p) => /\/pulls\/\d+$|\/compare\/|\/issues\/\d+$/.test(p))).toEqual([]);

    // The same activity read per repository over REST (no prepareCycle) must give the same events.
    const rest = await startGitHubHarness();
    try {
      for (const repo of [A, B, C]) rest.fake.createRepo(repo);
      for (const repo of [A, B, C]) await rest.poll(repo, [...WANTED]);
      rest.clock.advance(60_000);
      const swap = h;
      h = rest;
      activity();
      h = swap;
      for (const repo of [A, B, C]) {
        const viaRest = await rest.poll(repo, [...WANTED]);
        expect(essentials(batched.get(repo)?.events ?? [])).toEqual(essentials(viaRest.events, rest.fake.webUrl));
        expect(viaRest.events.length).toBeGreaterThan(0);
      }
      expect(rest.fake.stats.graphql).toBe(0);
    } finally {
      await rest.close();
    }
    const beta = essentials(batched.get(B)?.events ?? []);
    expect(beta).toContainEqual(
      expect.objectContaining({ event: 'pulls', action: 'merged', title: 'Beta fix', state: 'merged' }),
    );
    // The merge commit's push lists the merge commit and the three PR commits, rebuilt exactly from history.
    expect(beta).toContainEqual(
      expect.objectContaining({ event: 'commits', details: expect.objectContaining({ totalCommits: 4 }) }),
    );
  });

  it('falls back to REST for the hour when GraphQL is not there (404), without losing anything', async () => {
    await primed();
    h.fake.failNext(/graphql$/, { status: 404, body: { message: 'Not Found' } });
    activity();
    const first = await h.pollCycle([A, B, C], [...WANTED]);
    expect(first.get(B)?.events.map((e) => `${e.event}:${e.action}`)).toEqual(
      expect.arrayContaining(['pulls:opened', 'commits:pushed', 'pulls:merged']),
    );
    expect(Object.keys(h.fake.stats.byPath).some((p) => /\/pulls\/\d+$/.test(p))).toBe(true);
    expect(h.logs.some((l) => /GraphQL is not usable/.test(l.message))).toBe(true);
    expect(h.adapter.readingSummary?.()).toMatch(/read over REST \(GraphQL unavailable, next try \d\d:\d\d UTC\)/);

    h.fake.resetStats();
    h.clock.advance(60_000);
    activity();
    await h.pollCycle([A, B, C], [...WANTED]);
    expect(h.fake.stats.graphql).toBe(0); // still off within the hour
    h.clock.advance(61 * 60_000);
    activity();
    await h.pollCycle([A, B, C], [...WANTED]);
    expect(h.fake.stats.graphql).toBe(1); // tried again after the hour
  });

  it('an endpoint that answers without any of the requested objects counts as no GraphQL', async () => {
    await primed();
    h.fake.failNext(/graphql$/, { status: 200, body: { data: {} } });
    activity();
    const results = await h.pollCycle([A, B, C], [...WANTED]);
    expect(results.get(A)?.events.find((e) => e.event === 'pulls')?.title).toBe('Alpha feature');
    expect(h.logs.some((l) => /GraphQL is not usable/.test(l.message))).toBe(true);
  });

  it('a 502 from GraphQL costs one cycle of REST reads, not the hour', async () => {
    await primed();
    h.fake.failNext(/graphql$/, { status: 502, rawBody: '<html><body>Bad gateway</body></html>' });
    activity();
    await h.pollCycle([A, B, C], [...WANTED]);
    h.clock.advance(60_000);
    h.fake.resetStats();
    activity();
    await h.pollCycle([A, B, C], [...WANTED]);
    expect(h.fake.stats.graphql).toBe(1);
  });
});

describe('rebuildComparison', () => {
  const commit = (oid: string, parents: string[]) => ({
    oid,
    url: null,
    message: oid,
    committedDate: null,
    author: null,
    parents: { totalCount: parents.length, nodes: parents.map((p) => ({ oid: p })) },
  });

  it('lists the commits between base and head, oldest first', () => {
    const result = rebuildComparison(
      'c3',
      [commit('c3', ['c2']), commit('c2', ['c1']), commit('c1', ['b0']), commit('b0', ['a0'])],
      ['b0', 'a0'],
    );
    expect(result?.commits.map((c) => c.sha)).toEqual(['c1', 'c2', 'c3']);
    expect(result?.total_commits).toBe(3);
  });

  it('gives up (REST decides) when history was cut before reaching the base, or a parent is unknown', () => {
    expect(rebuildComparison('c3', [commit('c3', ['c2']), commit('c2', ['c1'])], ['b0', 'a0'])).toBeNull();
    expect(rebuildComparison('m', [commit('m', ['b0', 'x'])], ['b0'])).toBeNull();
    expect(rebuildComparison('c1', [commit('c1', ['b0'])], [])).toBeNull();
  });

  it('is empty when head is already part of base', () => {
    expect(rebuildComparison('a0', [commit('a0', [])], ['b0', 'a0'])).toEqual({
      total_commits: 0,
      commits: [],
      html_url: null,
    });
  });
});
