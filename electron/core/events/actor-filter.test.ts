import { describe, expect, it } from 'vitest';
import { DEFAULT_ACTORS } from '../../contract/vocabulary/people.js';
import { actorProblem, describeActors, isBotLogin } from './actor-filter.js';

const people = new Set(['alice', 'bob']);
const gh = (actor: string, actorBot?: boolean) => ({
  forge: 'github' as const,
  actor,
  ...(actorBot !== undefined ? { actorBot } : {}),
});

describe('actor filters (docs/cli-and-config.md §4 "Actors")', () => {
  it('bots: GitHub apps end in [bot]; the forge flag wins; GitLab token bots by name', () => {
    expect(isBotLogin('github', 'dependabot[bot]')).toBe(true);
    expect(isBotLogin('github', 'renovate-bot')).toBe(false);
    expect(isBotLogin('gitlab', 'project_123_bot_6f1c0e2a')).toBe(true);
    expect(isBotLogin('gitlab', 'group_45_bot')).toBe(true);
    expect(isBotLogin('gitlab', 'support-bot')).toBe(true);
    expect(isBotLogin('gitlab', 'project_manager')).toBe(false);
    const noBots = { ...DEFAULT_ACTORS, bots: false };
    expect(actorProblem(gh('dependabot[bot]'), noBots, people)).toBe('actor dependabot[bot] is a bot (bots are off)');
    expect(actorProblem(gh('ci-runner', true), noBots, people)).toMatch(/is a bot/);
    expect(actorProblem(gh('dependabot[bot]'), DEFAULT_ACTORS, people)).toBeNull();
  });

  it('exclude: logins and globs, case-insensitive', () => {
    const actors = { ...DEFAULT_ACTORS, exclude: ['renovate*', 'Mallory', 'ci-?'] };
    expect(actorProblem(gh('Renovate-Bot'), actors, people)).toBe('actor Renovate-Bot is excluded (renovate*)');
    expect(actorProblem(gh('mallory'), actors, people)).toBe('actor mallory is excluded');
    expect(actorProblem(gh('ci-1'), actors, people)).toMatch(/excluded \(ci-\?\)/);
    expect(actorProblem(gh('ci-12'), actors, people)).toBeNull();
    expect(actorProblem(gh('alice'), actors, people)).toBeNull();
    // Only * and ? are special: a "." or a "[" is literal.
    expect(actorProblem(gh('axb'), { ...DEFAULT_ACTORS, exclude: ['a.b'] }, people)).toBeNull();
  });

  it('only: when set, just those; "@people" is every person on the account', () => {
    const actors = { ...DEFAULT_ACTORS, only: ['@people', 'carol*'] };
    expect(actorProblem(gh('ALICE'), actors, people)).toBeNull();
    expect(actorProblem(gh('caroline'), actors, people)).toBeNull();
    expect(actorProblem(gh('dave'), actors, people)).toBe('actor dave is not in only: @people, carol*');
    expect(actorProblem(gh('alice'), actors, new Set())).toMatch(/not in only/);
  });

  it('exclude wins over only; bots are checked first', () => {
    const actors = { bots: false, exclude: ['bob'], only: ['@people'] };
    expect(actorProblem(gh('bob'), actors, people)).toMatch(/excluded/);
    expect(actorProblem(gh('alice[bot]'), actors, people)).toMatch(/is a bot/);
    expect(describeActors(actors)).toBe('no bots; only @people; not bob');
    expect(describeActors(DEFAULT_ACTORS)).toBe('');
  });
});
