import { afterEach, describe, expect, it } from 'vitest';
import { startGitHubHarness, type GitHubHarness } from '../../../../test/fakes/github/adapter-harness.js';
import { omitFields } from '../../../../test/fakes/github/feed-shaping.js';
import { fakeSchemaDrift, validateAgainstGitHub } from '../../../../test/fakes/github/public-graphql-schema.js';
import { buildQuery, type Planned, type RepoNeeds, type Subject } from './graphql-hydration.js';
import { DEFAULT_BRANCH } from './hydration-needs.js';

/**
 * Every GraphQL document the engine can send is checked against GitHub's public schema (@octokit/graphql-schema),
 * and so is the fake's own schema, so neither can drift from what GitHub accepts.
 */

const SHA_A = 'a'.repeat(40);
const SHA_B = 'b'.repeat(40);

function repos(count: number): RepoNeeds[] {
  return Array.from({ length: count }, (_, i) => ({
    repo: `octo-org/repo-${i}`,
    repoUrl: `https://github.com/octo-org/repo-${i}`,
    needs: { issues: new Set<number>(), pulls: new Set<number>(), compares: [] },
  }));
}

const SUBJECTS: Record<string, Subject> = {
  pull: { kind: 'pull', number: 7 },
  issue: { kind: 'issue', number: 12 },
  compare: { kind: 'compare', base: SHA_A, head: SHA_B },
  'compare from the default branch': { kind: 'compare', base: DEFAULT_BRANCH, head: SHA_B },
  'checks of a pushed commit': {
    kind: 'checks',
    target: { key: SHA_A, sha: SHA_A, workflowsAt: `${SHA_A}:.github/workflows`, rideOnly: false },
  },
  'checks of a new tag': {
    kind: 'checks',
    target: {
      key: 'ref:refs/tags/v1',
      ref: 'refs/tags/v1',
      workflowsAt: 'refs/tags/v1:.github/workflows',
      rideOnly: true,
    },
  },
};

describe('GraphQL documents against GitHub’s public schema', () => {
  it('every kind of subject, alone and together, in one and in several repositories, is a valid document', () => {
    const kinds = Object.keys(SUBJECTS);
    const combos: string[][] = [
      ...kinds.map((k) => [k]),
      kinds,
      ['issue', 'pull'],
      ['compare', 'compare from the default branch'],
    ];
    let checked = 0;
    for (const combo of combos) {
      for (const repoCount of [1, 3]) {
        const chunk: Planned[] = [];
        for (let r = 0; r < repoCount; r++)
          combo.forEach((kind, i) => chunk.push({ repoIndex: r, alias: `s${i}`, subject: SUBJECTS[kind] as Subject }));
        const { query } = buildQuery(repos(repoCount), chunk);
        expect({ combo, repoCount, errors: validateAgainstGitHub(query) }).toEqual({ combo, repoCount, errors: [] });
        checked++;
      }
    }
    expect(checked).toBe(combos.length * 2);
  });

  it('the fake’s schema is a subset of GitHub’s: same types, fields, arguments and enum values', () => {
    expect(fakeSchemaDrift()).toEqual([]);
  });
});

describe('GraphQL batch through the fake', () => {
  let h: GitHubHarness;
  afterEach(() => h.close());

  it('an issue, a pull request and pushes are read in one accepted request, each document valid on GitHub', async () => {
    h = await startGitHubHarness();
    const [A, B] = ['octo-org/alpha', 'octo-org/beta'];
    for (const repo of [A, B]) h.fake.createRepo(repo);
    const wanted = ['issues', 'pulls', 'commits'] as const;
    await h.pollCycle([A, B], [...wanted]);
    h.clock.advance(60_000);
    // Label objects without their name (GitHub's description marks `name` optional): the issue is read back.
    h.fake.feedShaper = omitFields({ IssuesEvent: ['payload.issue.labels[].name'] });
    const issue = h.fake.openIssue(A, { title: 'Thin issue', labels: ['bug'] });
    h.fake.openPull(B, { title: 'A pull', head: 'topic' });
    h.fake.push(A, 'main', 2);
    h.clock.advance(30_000);
    h.fake.resetStats();
    const results = await h.pollCycle([A, B], [...wanted]);

    expect(h.fake.stats.graphql).toBe(1);
    expect(Object.keys(h.fake.stats.byPath).filter((p) => /\/(issues|pulls)\/\d+$|\/compare\//.test(p))).toEqual([]);
    expect(h.logs.filter((l) => /GraphQL/.test(l.message))).toEqual([]);
    expect(results.get(A)?.events.find((e) => e.event === 'issues')).toMatchObject({
      title: 'Thin issue',
      number: issue.number,
      labels: ['bug'],
      state: 'open',
    });
    expect(h.fake.graphqlQueries.length).toBeGreaterThan(0);
    for (const query of h.fake.graphqlQueries) expect(validateAgainstGitHub(query)).toEqual([]);
  });
});
