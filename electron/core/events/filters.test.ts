import { describe, expect, it } from 'vitest';
import { sampleEvent } from '../../../test/fixtures/sample-events.js';
import type { StoredSubscription } from '../settings/settings-model.js';
import { branchAllowed, protectedPatternMatches } from './branch-match.js';
import { decide, labelsPass } from './filters.js';

const sub = (over: Partial<StoredSubscription> = {}): StoredSubscription => ({
  id: 's1',
  createdAt: '2026-01-01T00:00:00Z',
  account: 'github',
  repo: 'octo/app',
  enabled: true,
  events: ['issues', 'pulls', 'commits', 'pipelines', 'comments'],
  channel: 'dev',
  channels: { pipelines: 'ci' },
  branches: 'default',
  labels: { include: [], exclude: [], match: 'any' },
  onlyBrokenPipelines: true,
  drafts: false,
  threads: true,
  mentions: true,
  reactions: true,
  actors: { bots: true, exclude: [], only: [] },
  ...over,
});
const ctx = {
  defaultBranch: 'main',
  protectedBranches: ['release/*'],
  defaultChannel: 'general',
  previousPipelineStatus: null,
};

describe('globs and branches', () => {
  it('matches * within a segment and ** across', () => {
    expect(branchAllowed('release/1.2', ['release/*'], ctx)).toBe(true);
    expect(branchAllowed('release/1/2', ['release/*'], ctx)).toBe(false);
    expect(branchAllowed('feature/a/b', ['feature/**'], ctx)).toBe(true);
  });
  it('reads character classes as the subscription editor explains them (v[0-9]* matches v1.2)', () => {
    expect(branchAllowed('v1.2', ['v[0-9]*'], ctx)).toBe(true);
    expect(branchAllowed('vx', ['v[0-9]*'], ctx)).toBe(false);
    expect(branchAllowed('v[0-9]', ['v[0-9]*'], ctx)).toBe(false);
    expect(branchAllowed('hotfix-x', ['hotfix-[!0-9]'], ctx)).toBe(true);
    expect(branchAllowed('hotfix-/', ['hotfix-?', 'hotfix-[!0-9]'], ctx)).toBe(false);
  });
  it("reads GitLab's protected-branch wildcards as GitLab does: * spans /", () => {
    expect(protectedPatternMatches('release/*', 'release/1/2')).toBe(true);
    expect(protectedPatternMatches('*-stable', 'v1-stable')).toBe(true);
    expect(protectedPatternMatches('v[0-9]*', 'v1')).toBe(false);
    expect(protectedPatternMatches('v[0-9]*', 'v[0-9]1')).toBe(true);
    expect(protectedPatternMatches('main', 'main')).toBe(true);
    expect(protectedPatternMatches('main', 'mainline')).toBe(false);
    expect(branchAllowed('release/1/2', 'protected', ctx)).toBe(true);
  });
  it('applies presets', () => {
    expect(branchAllowed('main', 'default', ctx)).toBe(true);
    expect(branchAllowed('dev', 'default', ctx)).toBe(false);
    expect(branchAllowed('release/2', 'protected', ctx)).toBe(true);
    expect(branchAllowed('release/2', 'default_and_protected', ctx)).toBe(true);
    expect(branchAllowed('x', 'all', ctx)).toBe(true);
    expect(branchAllowed('hotfix/1', ['main', 'hotfix/*'], ctx)).toBe(true);
  });
});

describe('labels', () => {
  it('exclude wins, include any/all, unlabelled dropped when include is set', () => {
    expect(labelsPass(['bug', 'wontfix'], { include: ['bug'], exclude: ['wontfix'], match: 'any' })).toMatch(
      /excluded/,
    );
    expect(labelsPass(['bug'], { include: ['bug', 'ui'], exclude: [], match: 'all' })).toMatch(/do not match all/);
    expect(labelsPass(['bug', 'UI'], { include: ['bug', 'ui'], exclude: [], match: 'all' })).toBeNull();
    expect(labelsPass([], { include: ['bug'], exclude: [], match: 'any' })).toMatch(/unlabelled/);
    expect(labelsPass([], { include: [], exclude: ['x'], match: 'any' })).toBeNull();
  });
});

describe('decide', () => {
  it('routes to the subscription channel, or the per-event override', () => {
    expect(decide(sampleEvent('issues'), sub(), ctx)).toEqual({ deliver: true, channel: 'dev', fixed: false });
    const failed = sampleEvent('pipelines', { action: 'failed', branch: 'main' });
    expect(decide(failed, sub(), ctx)).toMatchObject({ deliver: true, channel: 'ci' });
  });
  it('explains every filter', () => {
    expect(decide(sampleEvent('releases'), sub(), ctx)).toEqual({
      deliver: false,
      reason: 'releases are off for octo/app',
    });
    expect(decide(sampleEvent('commits', { branch: 'feature/x' }), sub(), ctx)).toEqual({
      deliver: false,
      reason: 'branch feature/x not in default branch',
    });
    expect(decide(sampleEvent('pulls', { draft: true }), sub(), ctx)).toMatchObject({
      deliver: false,
      reason: expect.stringMatching(/draft/),
    });
    expect(decide(sampleEvent('issues'), sub({ enabled: false }), ctx)).toMatchObject({ deliver: false });
  });
  it('reports only broken pipelines, then once when fixed', () => {
    const ok = sampleEvent('pipelines', { action: 'success', branch: 'main' });
    const okDetails = { ...ok, details: { ...ok.details, status: 'success' } } as typeof ok;
    expect(decide(okDetails, sub(), ctx)).toMatchObject({
      deliver: false,
      reason: expect.stringMatching(/only broken/),
      // Not posted, but the `x` of the pull requests it checked still goes (ingest queues a reaction row).
      checksPassed: true,
    });
    const running = { ...ok, action: 'running', details: { ...ok.details, status: 'running' } } as typeof ok;
    expect(decide(running, sub(), ctx)).not.toHaveProperty('checksPassed');
    expect(decide(okDetails, sub(), { ...ctx, previousPipelineStatus: 'failed' })).toMatchObject({
      deliver: true,
      fixed: true,
    });
  });
});

describe('decide: actors and personal-only actions (docs/cli-and-config.md §4)', () => {
  it('says "actor …" when the actor filter refuses, and passes everyone else', () => {
    const noBots = sub({ actors: { bots: false, exclude: ['renovate*'], only: [] } });
    expect(decide(sampleEvent('issues', { actor: 'dependabot[bot]' }), noBots, ctx)).toEqual({
      deliver: false,
      reason: 'actor dependabot[bot] is a bot (bots are off)',
    });
    expect(decide(sampleEvent('issues', { actor: 'renovate' }), noBots, ctx)).toMatchObject({
      deliver: false,
      reason: expect.stringMatching(/^actor renovate is excluded/),
    });
    expect(decide(sampleEvent('issues', { actor: 'carol' }), noBots, ctx)).toMatchObject({ deliver: true });
    const onlyPeople = sub({ actors: { bots: true, exclude: [], only: ['@people'] } });
    expect(
      decide(sampleEvent('issues', { actor: 'Alice' }), onlyPeople, { ...ctx, people: new Set(['alice']) }),
    ).toMatchObject({
      deliver: true,
    });
    expect(
      decide(sampleEvent('issues', { actor: 'mallory' }), onlyPeople, { ...ctx, people: new Set(['alice']) }),
    ).toMatchObject({
      deliver: false,
      reason: 'actor mallory is not in only: @people',
    });
  });

  it('review requests and assignments are never posted to a channel', () => {
    expect(decide(sampleEvent('pulls', { action: 'review_requested' }), sub(), ctx)).toEqual({
      deliver: false,
      reason: 'review requests go to the people concerned as DMs, not to channels',
    });
    expect(decide(sampleEvent('issues', { action: 'assigned' }), sub(), ctx)).toMatchObject({
      deliver: false,
      reason: expect.stringMatching(/^assignments go to the people concerned/),
    });
  });
});
