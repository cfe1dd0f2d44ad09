import { afterEach, describe, expect, it } from 'vitest';
import { startGitHubHarness, type GitHubHarness } from '../../../../test/fakes/github/adapter-harness.js';
import { fakeSchemaDrift, validateAgainstGitHub } from '../../../../test/fakes/github/public-graphql-schema.js';

/**
 * One GraphQL request looks at the newest deployments of many repositories; only those whose deployments moved read
 * their REST deployments (docs: README "How Forgebell reads the forges"). Below ten repositories each reads its own.
 */
const REPOS = Array.from({ length: 12 }, (_, i) => `acme/svc-${i}`);
let h: GitHubHarness;

afterEach(() => h.close());

const deploymentReads = (): number =>
  Object.entries(h.fake.stats.byPath)
    .filter(([path]) => /\/deployments/.test(path))
    .reduce((sum, [, n]) => sum + n, 0);

async function cycle(): Promise<string[]> {
  h.clock.advance(60_000);
  const results = await h.pollCycle(REPOS, ['deployments']);
  return [...results.values()].flatMap((r) => r.events.map((e) => `${e.repo} ${e.action}`)).sort();
}

describe('deployments probe (GraphQL) for many repositories', () => {
  it('reads no deployment list while nothing moves, and exactly the repository whose deployment did', async () => {
    h = await startGitHubHarness();
    for (const repo of REPOS) h.fake.createRepo(repo);
    h.fake.deploy('acme/svc-1', { environment: 'production', ref: 'main', state: 'success' });
    h.clock.advance(5_000);
    h.startNow();
    expect(await cycle()).toEqual([]);
    // First cycle: the probe only (nothing happened since the subscription started), no REST deployment reads.
    expect(deploymentReads()).toBe(0);
    expect(h.fake.graphqlQueries.length).toBe(1);

    h.fake.resetStats();
    const deployment = h.fake.deploy('acme/svc-7', { environment: 'production', ref: 'main', state: 'in_progress' });
    expect(await cycle()).toEqual(['acme/svc-7 in_progress']);
    // The probe already listed it: only its statuses are read over REST.
    expect(Object.keys(h.fake.stats.byPath).filter((p) => p.includes('/deployments'))).toEqual([
      `/repos/acme/svc-7/deployments/${deployment.id}/statuses`,
    ]);

    h.fake.deploymentStatus('acme/svc-7', deployment.id, 'success');
    expect(await cycle()).toEqual(['acme/svc-7 success']);

    h.fake.resetStats();
    expect(await cycle()).toEqual([]);
    expect(deploymentReads()).toBe(0);
    for (const query of h.fake.graphqlQueries) expect(validateAgainstGitHub(query)).toEqual([]);
    expect(fakeSchemaDrift()).toEqual([]);
  });

  it('GraphQL turning unusable sends every repository back to its REST deployment list: nothing is lost', async () => {
    h = await startGitHubHarness();
    for (const repo of REPOS) h.fake.createRepo(repo);
    h.startNow();
    await cycle();
    const deployment = h.fake.deploy('acme/svc-2', { environment: 'staging', ref: 'main', state: 'queued' });
    expect(await cycle()).toEqual(['acme/svc-2 queued']);
    // GraphQL turns unusable: every repository reads its REST list again (nothing is lost).
    h.fake.failNext(/graphql/, { status: 200, body: { errors: [{ message: 'Something went wrong' }] }, times: 10 });
    h.fake.deploymentStatus('acme/svc-2', deployment.id, 'in_progress');
    expect(await cycle()).toEqual(['acme/svc-2 in_progress']);
  });

  it('below ten repositories each one reads its own deployment list (no probe)', async () => {
    h = await startGitHubHarness();
    for (const repo of REPOS.slice(0, 3)) h.fake.createRepo(repo);
    h.startNow();
    h.clock.advance(60_000);
    await h.pollCycle(REPOS.slice(0, 3), ['deployments']);
    expect(h.fake.graphqlQueries.length).toBe(0);
    expect(deploymentReads()).toBe(3);
  });
});
