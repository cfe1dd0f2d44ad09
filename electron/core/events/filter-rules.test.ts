import { describe, expect, it } from 'vitest';
import { sampleEvent } from '../../../test/fixtures/sample-events.js';
import type { Branches, LabelFilter } from '../../contract/vocabulary/subscription-filters.js';
import type { StoredSubscription } from '../settings/settings-model.js';
import { decide, type FilterContext } from './filters.js';

/**
 * The subscription filters through their public face, `decide`: one case per rule a user relies on, each written so
 * that breaking the rule fails it (label `match: "any"` read as "all", `exclude` compared case-sensitively, a glob's
 * `?` or `*` crossing a `/`). Independent of how globs are matched inside, so it holds for any glob implementation.
 */
const sub = (over: Partial<StoredSubscription> = {}): StoredSubscription => ({
  id: 's1',
  createdAt: '2026-01-01T00:00:00Z',
  account: 'github',
  repo: 'octo/app',
  enabled: true,
  events: ['issues', 'pulls', 'commits', 'comments'],
  channel: 'dev',
  channels: {},
  branches: 'all',
  labels: { include: [], exclude: [], match: 'any' },
  onlyBrokenPipelines: false,
  drafts: true,
  threads: true,
  mentions: true,
  reactions: true,
  actors: { bots: true, exclude: [], only: [] },
  ...over,
});
const ctx: FilterContext = {
  defaultBranch: 'main',
  protectedBranches: [],
  defaultChannel: 'general',
  previousPipelineStatus: null,
};

const withLabels = (labels: string[], filter: Partial<LabelFilter>): boolean =>
  decide(sampleEvent('issues', { labels }), sub({ labels: { include: [], exclude: [], match: 'any', ...filter } }), ctx)
    .deliver;

const onBranch = (branch: string, branches: Branches): boolean =>
  decide(sampleEvent('commits', { branch }), sub({ branches }), ctx).deliver;

describe('label filters', () => {
  it('match "any": one of several included labels is enough', () => {
    expect(withLabels(['bug'], { include: ['bug', 'security'], match: 'any' })).toBe(true);
    expect(withLabels(['security', 'docs'], { include: ['bug', 'security'], match: 'any' })).toBe(true);
    expect(withLabels(['docs'], { include: ['bug', 'security'], match: 'any' })).toBe(false);
  });

  it('match "all": every included label is needed, extra labels do not matter', () => {
    expect(withLabels(['bug'], { include: ['bug', 'security'], match: 'all' })).toBe(false);
    expect(withLabels(['security', 'bug', 'docs'], { include: ['bug', 'security'], match: 'all' })).toBe(true);
  });

  it('include and exclude ignore case, both ways', () => {
    expect(withLabels(['Bug'], { include: ['bug'] })).toBe(true);
    expect(withLabels(['bug'], { include: ['BUG'] })).toBe(true);
    expect(withLabels(['WontFix'], { exclude: ['wontfix'] })).toBe(false);
    expect(withLabels(['wontfix'], { exclude: ['WONTFIX'] })).toBe(false);
    expect(withLabels(['bug', 'Wontfix'], { include: ['bug'], exclude: ['wontFix'] })).toBe(false);
  });

  it('exclude wins over include, and only excludes what it names', () => {
    expect(withLabels(['bug', 'duplicate'], { include: ['bug'], exclude: ['duplicate'] })).toBe(false);
    expect(withLabels(['bug', 'docs'], { include: ['bug'], exclude: ['duplicate'] })).toBe(true);
    expect(withLabels([], { exclude: ['duplicate'] })).toBe(true);
  });

  it('the feed says why: the excluded label by name, the include rule with its mode', () => {
    const excluded = decide(
      sampleEvent('issues', { labels: ['WontFix'] }),
      sub({ labels: { include: [], exclude: ['wontfix'], match: 'any' } }),
      ctx,
    );
    expect(excluded).toEqual({ deliver: false, reason: 'label "wontfix" is excluded' });
    const missing = decide(
      sampleEvent('issues', { labels: ['docs'] }),
      sub({ labels: { include: ['bug', 'security'], exclude: [], match: 'any' } }),
      ctx,
    );
    expect(missing).toMatchObject({
      deliver: false,
      reason: expect.stringMatching(/do not match any of \[bug, security\]/),
    });
  });
});

describe('branch globs', () => {
  it('? is exactly one character, never a /', () => {
    expect(onBranch('release-1', ['release-?'])).toBe(true);
    expect(onBranch('release-10', ['release-?'])).toBe(false);
    expect(onBranch('a/b', ['a?b'])).toBe(false);
    expect(onBranch('axb', ['a?b'])).toBe(true);
  });

  it('* stays within a segment, ** crosses segments', () => {
    expect(onBranch('feature/login', ['feature/*'])).toBe(true);
    expect(onBranch('feature/login/fix', ['feature/*'])).toBe(false);
    expect(onBranch('feature/login/fix', ['feature/**'])).toBe(true);
    expect(onBranch('hotfix/1', ['feature/*'])).toBe(false);
  });

  it('everything else is literal: dots and plus signs are not patterns', () => {
    expect(onBranch('v1.2', ['v1.2'])).toBe(true);
    expect(onBranch('v1x2', ['v1.2'])).toBe(false);
    expect(onBranch('c++', ['c++'])).toBe(true);
    expect(onBranch('cc', ['c++'])).toBe(false);
  });

  it('a list passes a branch matching any entry; events without a branch are not branch-filtered', () => {
    expect(onBranch('main', ['develop', 'main'])).toBe(true);
    expect(decide(sampleEvent('commits', { branch: null }), sub({ branches: ['develop'] }), ctx).deliver).toBe(true);
  });
});
