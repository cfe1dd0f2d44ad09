import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startGitHubHarness, type GitHubHarness } from '../../../test/fakes/github/adapter-harness.js';
import type { Branches } from '../../contract/vocabulary/subscription-filters.js';
import { BranchKnowledge } from './branch-knowledge.js';

const REPO = 'octo-org/hello-world';
let h: GitHubHarness;
let knowledge: BranchKnowledge;

const sub = (branches: Branches) => ({ enabled: true, events: ['commits'], branches });
const reads = (suffix: string): number => h.fake.stats.byPath[`/repos/${REPO}${suffix}`] ?? 0;

beforeEach(async () => {
  h = await startGitHubHarness();
  h.fake.createRepo(REPO, { protectedBranches: ['main', 'release/1'] });
  knowledge = new BranchKnowledge(h.clock, { debug() {}, info() {}, warn() {}, error() {} });
});
afterEach(() => h.close());

describe('BranchKnowledge (branch presets against the real GitHub adapter and the fake)', () => {
  it('the `default` preset reads only the repository, once per ten minutes, and revalidates for free', async () => {
    expect(await knowledge.commitsWanted(h.adapter, REPO, [sub('default')], 'main', null)).toBe(true);
    expect(await knowledge.commitsWanted(h.adapter, REPO, [sub('default')], 'feature/x', null)).toBe(false);
    expect(reads('')).toBe(1);
    expect(reads('/branches')).toBe(0);
    h.clock.advance(11 * 60_000);
    const billable = h.fake.stats.billable;
    expect(await knowledge.commitsWanted(h.adapter, REPO, [sub('default')], 'main', null)).toBe(true);
    expect(reads('')).toBe(2);
    expect(h.fake.stats.billable).toBe(billable); // a 304
  });

  it('a default branch learned by the poll saves the lookup', async () => {
    expect(await knowledge.commitsWanted(h.adapter, REPO, [sub('default')], 'trunk', 'trunk')).toBe(true);
    expect(reads('')).toBe(0);
  });

  it('the protected presets read the protected branches too', async () => {
    h.fake.createBranch(REPO, 'release/1');
    expect(await knowledge.commitsWanted(h.adapter, REPO, [sub('protected')], 'release/1', null)).toBe(true);
    expect(await knowledge.commitsWanted(h.adapter, REPO, [sub('default_and_protected')], 'feature/x', null)).toBe(
      false,
    );
    expect(reads('/branches')).toBe(1);
  });

  it('names and globs, and `all`, need no lookup at all', async () => {
    expect(await knowledge.commitsWanted(h.adapter, REPO, [sub(['release/*'])], 'release/2', null)).toBe(true);
    expect(await knowledge.commitsWanted(h.adapter, REPO, [sub('all')], 'anything', null)).toBe(true);
    expect(await knowledge.commitsWanted(h.adapter, REPO, [sub(['main'])], 'dev', null)).toBe(false);
    expect(reads('')).toBe(0);
  });

  it('when the forge cannot say, every branch counts as the default (a notification too many, never one lost)', async () => {
    h.fake.failNext(new RegExp(`/repos/${REPO}$`), { status: 502, rawBody: '<html>Bad gateway</html>' });
    expect(await knowledge.commitsWanted(h.adapter, REPO, [sub('default')], 'feature/x', null)).toBe(true);
  });
});
