import { afterEach, describe, expect, it } from 'vitest';
import { startGitLabHarness, type GitLabHarness } from '../../../../test/fakes/gitlab/adapter-harness.js';
import { complexityOf, MAX_COMPLEXITY } from '../../../../test/fakes/gitlab/graphql.js';
import { parse } from 'graphql';
import type { EventName } from '../../../contract/vocabulary/event-names.js';
import type { PollRequest, PollResult, RepoCursor } from '../forge-adapter.js';
import { PROJECT_PROBE_QUERY } from './project-probe.js';

/**
 * Many GitLab projects in one cycle (poll-cycle.ts): the dashboard feed instead of each project's events feed, one
 * GraphQL probe for releases and deployments; projects the dashboard does not cover read their own feed.
 */
const PROJECTS = Array.from({ length: 8 }, (_, i) => `acme/app-${i}`);
let h: GitLabHarness;
afterEach(() => h.close());

const cursors = new Map<string, RepoCursor>();
let since = 0;

async function cycle(wanted: EventName[] = ['issues', 'releases', 'deployments']): Promise<string[]> {
  h.clock.advance(60_000);
  const requests: PollRequest[] = PROJECTS.map((repo) => ({
    repo,
    cursor: cursors.get(repo) ?? null,
    since: new Date(since),
    wanted: new Set(wanted),
  }));
  await h.adapter.prepareCycle?.(requests);
  const results: PollResult[] = [];
  for (const request of requests) {
    const result = await h.adapter.poll(request);
    cursors.set(request.repo, JSON.parse(JSON.stringify(result.cursor)) as RepoCursor);
    results.push(result);
  }
  return results.flatMap((r) => r.events.map((e) => `${e.repo}: ${e.title}`)).sort();
}

// Paths as the fake counts them: decoded (acme/app-3, not acme%2Fapp-3).
const ownFeedReads = (): number => h.fake.stats.count(/^\/api\/v4\/projects\/acme\/app-\d\/events$/);

describe('GitLab: the dashboard feed and the project probe for many projects', () => {
  it('one dashboard read and one GraphQL request a cycle deliver issues, releases and deployments of every project', async () => {
    h = await startGitLabHarness();
    cursors.clear();
    for (const path of PROJECTS) h.fake.createProject(path);
    since = h.clock.now();
    await cycle();
    h.fake.stats.reset();
    h.fake.openIssue('acme/app-3', { title: 'Through the dashboard' });
    h.fake.publishRelease('acme/app-5', { tag: 'v1.0.0', name: 'First release' });
    const deployment = h.fake.deploy('acme/app-6', { environment: 'production', status: 'running' });
    expect(await cycle()).toEqual([
      'acme/app-3: Through the dashboard',
      'acme/app-5: First release',
      'acme/app-6: Deployment #1 to production',
    ]);
    // Two covered projects check the dashboard with their own feed; the others do not read theirs.
    expect(ownFeedReads()).toBe(2);
    expect(h.fake.stats.count(/^\/api\/v4\/projects\/acme\/app-\d\/releases$/)).toBe(0);
    expect(h.fake.stats.count(/^\/api\/v4\/projects\/acme\/app-\d\/deployments$/)).toBe(1);
    expect(h.fake.stats.count(/^\/api\/graphql$/)).toBe(1);

    h.fake.updateDeployment('acme/app-6', deployment.id, 'success');
    expect(await cycle()).toEqual(['acme/app-6: Deployment #1 to production']);
    h.fake.stats.reset();
    expect(await cycle()).toEqual([]);
    expect(h.fake.stats.count(/^\/api\/v4\/projects\/acme\/app-\d\/deployments$/)).toBe(0);
  });

  it('a project the user is no member of reads its own feed; one the dashboard leaves out is found by the check', async () => {
    h = await startGitLabHarness();
    cursors.clear();
    for (const path of PROJECTS) h.fake.createProject(path);
    h.fake.setMember('acme/app-1', false);
    since = h.clock.now();
    await cycle(['issues']);
    h.fake.openIssue('acme/app-1', { title: 'In a public project I am not a member of' });
    expect(await cycle(['issues'])).toEqual(['acme/app-1: In a public project I am not a member of']);

    // The dashboard silently stops showing acme/app-4 (as if its membership were gone from it): the rotating check
    // notices within a few cycles, and acme/app-4 then reads its own feed, paging back: nothing is lost.
    h.fake.setMember('acme/app-4', false);
    h.fake.openIssue('acme/app-4', { title: 'Left out of the dashboard' });
    const seen: string[] = [];
    for (let i = 0; i < 6 && !seen.includes('acme/app-4: Left out of the dashboard'); i++)
      seen.push(...(await cycle(['issues'])));
    expect(seen).toContain('acme/app-4: Left out of the dashboard');
    expect(h.logs.some((l) => /dashboard feed leaves out events of acme\/app-4/.test(l.message))).toBe(true);
  });

  it('the probe query is valid for the fake schema and well under GitLab’s complexity limit for 50 projects', () => {
    const score = complexityOf(parse(PROJECT_PROBE_QUERY), { first: 50, paths: [] });
    console.log(`project probe complexity for 50 projects: ${score} of ${MAX_COMPLEXITY}`);
    expect(score).toBeLessThan(MAX_COMPLEXITY / 2);
  });
});
