import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startGitHubHarness, type GitHubHarness } from '../../../../test/fakes/github/adapter-harness.js';
import { DEFAULT_GITHUB_TOKEN } from '../../../../test/fakes/github/index.js';
import type { PollResult } from '../forge-adapter.js';

const REPOS = ['acme/one', 'acme/two', 'acme/three', 'acme/four'];
const WANTED = ['issues'] as const;

let h: GitHubHarness;

beforeEach(async () => {
  h = await startGitHubHarness();
  for (const repo of REPOS) h.fake.createRepo(repo);
});
afterEach(() => h.close());

const titles = (results: Map<string, PollResult>): string[] =>
  [...results.values()].flatMap((r) => r.events.map((e) => e.title)).sort();
const ownFeedReads = (): number =>
  Object.entries(h.fake.stats.byPath)
    .filter(([path]) => /^\/repos\/[^/]+\/[^/]+\/events$/.test(path))
    .reduce((sum, [, n]) => sum + n, 0);
const orgFeedReads = (): number =>
  Object.entries(h.fake.stats.byPath)
    .filter(([path]) => path.includes('/events/orgs/'))
    .reduce((sum, [, n]) => sum + n, 0);

async function cycle(): Promise<Map<string, PollResult>> {
  h.clock.advance(60_000);
  return h.pollCycle(REPOS, [...WANTED]);
}

/** Checking phase: both feeds are read until three entries agreed. */
async function trustTheOrgFeed(): Promise<void> {
  await h.pollCycle(REPOS, [...WANTED]);
  for (let i = 0; i < 3; i++) {
    h.fake.openIssue(REPOS[i] as string, { title: `Warm-up ${i}` });
    h.clock.advance(5_000);
  }
  expect(titles(await cycle())).toEqual(['Warm-up 0', 'Warm-up 1', 'Warm-up 2']);
  expect(h.logs.some((l) => /using the organisation feed of acme/.test(l.message))).toBe(true);
  expect(h.adapter.readingSummary?.()).toMatch(/organisation feed in use for acme/);
}

describe('GitHub organisation feed (GET /users/{me}/events/orgs/{org})', () => {
  it('replaces the repositories’ own feeds once it agreed with them: one request per cycle, every event once', async () => {
    await trustTheOrgFeed();
    h.fake.resetStats();
    h.fake.openIssue('acme/two', { title: 'Via the org feed' });
    h.fake.openIssue('acme/four', { title: 'Also via the org feed' });
    h.clock.advance(5_000);
    expect(titles(await cycle())).toEqual(['Also via the org feed', 'Via the org feed']);
    expect(ownFeedReads()).toBe(0);
    expect(orgFeedReads()).toBe(1);
    // Quiet: one free 304 for the whole organisation.
    h.fake.resetStats();
    expect(titles(await cycle())).toEqual([]);
    expect(h.fake.stats.billable).toBe(0);
    expect(orgFeedReads()).toBe(1);
  });

  it('is not used for an owner with fewer than three subscribed repositories', async () => {
    await h.pollCycle(REPOS.slice(0, 2), [...WANTED]);
    h.clock.advance(60_000);
    await h.pollCycle(REPOS.slice(0, 2), [...WANTED]);
    expect(orgFeedReads()).toBe(0);
  });

  it('a 404 (not a member, a user account) keeps the repositories on their own feeds, nothing lost', async () => {
    h.fake.failNext(/\/events\/orgs\//, { status: 404, body: { message: 'Not Found' } });
    await h.pollCycle(REPOS, [...WANTED]);
    h.fake.openIssue('acme/three', { title: 'Still delivered' });
    h.clock.advance(5_000);
    h.fake.resetStats();
    expect(titles(await cycle())).toEqual(['Still delivered']);
    expect(orgFeedReads()).toBe(0);
    expect(ownFeedReads()).toBe(4);
  });

  it('an organisation feed that leaves events out is caught while checking and never trusted', async () => {
    await h.pollCycle(REPOS, [...WANTED]);
    h.fake.failNext(/\/events\/orgs\//, { status: 200, body: [], times: 100 });
    h.fake.openIssue('acme/one', { title: 'Missing from the org feed' });
    h.clock.advance(5_000);
    expect(titles(await cycle())).toEqual(['Missing from the org feed']);
    expect(h.logs.some((l) => /not using the organisation feed of acme \(its feed lacks event/.test(l.message))).toBe(
      true,
    );
    h.fake.resetStats();
    h.fake.openIssue('acme/two', { title: 'Next one' });
    h.clock.advance(5_000);
    expect(titles(await cycle())).toEqual(['Next one']);
    expect(orgFeedReads()).toBe(0);
  });

  it('a trusted feed that turns empty is not believed: the repositories read their own feeds and deliver', async () => {
    await trustTheOrgFeed();
    h.fake.failNext(/\/events\/orgs\//, { status: 200, body: [], times: 1000 });
    h.fake.openIssue('acme/two', { title: 'Behind an empty org feed' });
    h.clock.advance(5_000);
    expect(titles(await cycle())).toEqual(['Behind an empty org feed']);
  });

  it('a trusted feed that starts leaving events out is caught by the spot check; the repositories page back and deliver what it missed', async () => {
    await trustTheOrgFeed();
    // From now on the organisation feed keeps answering with an old page: it looks healthy but shows nothing new.
    const stale = (await (
      await fetch(`${h.fake.apiUrl}/users/octocat/events/orgs/acme`, {
        headers: { authorization: `Bearer ${DEFAULT_GITHUB_TOKEN}` },
      })
    ).json()) as unknown[];
    expect(stale.length).toBeGreaterThan(0);
    h.fake.failNext(/\/events\/orgs\//, { status: 200, body: stale, times: 1000 });
    for (const repo of REPOS) h.fake.openIssue(repo, { title: `Lost by the org feed in ${repo}` });
    h.clock.advance(5_000);
    const delivered: string[] = [];
    let cycles = 0;
    while (cycles < 30 && delivered.length < REPOS.length) {
      delivered.push(...titles(await cycle()));
      cycles++;
    }
    // Caught within the spot-check period (15 min of 1-minute cycles), not at once: that is the price of trusting it.
    expect(cycles).toBeGreaterThan(1);
    expect(cycles).toBeLessThanOrEqual(17);
    expect(delivered.sort()).toEqual(REPOS.map((r) => `Lost by the org feed in ${r}`).sort());
    expect(h.logs.some((l) => /not using the organisation feed of acme/.test(l.message))).toBe(true);
    // Nothing twice afterwards.
    expect(titles(await cycle())).toEqual([]);
  });

  it('more than its 300 events since the last cycle: that cycle reads the repositories’ own feeds', async () => {
    await trustTheOrgFeed();
    for (let i = 0; i < 310; i++) h.fake.editWiki('acme/one', [`Page ${i}`]);
    h.fake.openIssue('acme/three', { title: 'Behind 310 wiki edits' });
    h.clock.advance(5_000);
    h.fake.resetStats();
    expect(titles(await cycle())).toEqual(['Behind 310 wiki edits']);
    expect(ownFeedReads()).toBeGreaterThanOrEqual(4);
  });
});
