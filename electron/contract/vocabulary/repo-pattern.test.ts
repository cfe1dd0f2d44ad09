import { describe, expect, it } from 'vitest';
import {
  describeRepoPattern,
  excludeGlobProblem,
  isExcluded,
  isRepoPattern,
  parseRepoPattern,
  patternCovers,
  repoPatternProblem,
} from './repo-pattern.js';

describe('repository patterns (docs/cli-and-config.md §6)', () => {
  it.each([
    ['octo-org/*', { owner: 'octo-org', subgroups: false }],
    ['group/*', { owner: 'group', subgroups: false }],
    ['group/sub/*', { owner: 'group/sub', subgroups: false }],
    ['group/**', { owner: 'group', subgroups: true }],
  ])('%s is a pattern', (repo, expected) => {
    expect(isRepoPattern(repo)).toBe(true);
    expect(parseRepoPattern(repo)).toEqual(expected);
    expect(repoPatternProblem(repo, null)).toBeNull();
  });

  it.each(['octo-org/hello-world', 'group/sub/project'])('%s is one repository', (repo) => {
    expect(isRepoPattern(repo)).toBe(false);
    expect(parseRepoPattern(repo)).toBeNull();
  });

  it.each([
    ['octo-org/legacy-*', /only the last part may be a wildcard.*"octo-org\/\*"/],
    ['*/*', /not a pattern Forgebell understands: write owner\/\*/],
    ['a/*/b', /"a\/\*"/],
    ['octo-org/***', /"octo-org\/\*"/],
  ])('refuses %s, saying what to write', (repo, message) => {
    expect(repoPatternProblem(repo, 'github')).toMatch(message);
  });

  it('subgroups and nested owners are GitLab only', () => {
    expect(repoPatternProblem('octo-org/**', 'github')).toMatch(/for GitLab groups; on GitHub write octo-org\/\*/);
    expect(repoPatternProblem('org/team/*', 'gitea')).toMatch(/an organisation or user: owner\/\*/);
    expect(repoPatternProblem('group/**', 'gitlab')).toBeNull();
    expect(repoPatternProblem('group/sub/*', 'gitlab')).toBeNull();
  });

  it('covers direct members, and with ** the subgroups too', () => {
    const direct = parseRepoPattern('Group/*')!;
    const deep = parseRepoPattern('group/**')!;
    expect(patternCovers(direct, 'group/app')).toBe(true);
    expect(patternCovers(direct, 'group/sub/app')).toBe(false);
    expect(patternCovers(deep, 'GROUP/sub/app')).toBe(true);
    expect(patternCovers(deep, 'groupie/app')).toBe(false);
  });

  it('exclusions are case-insensitive globs over the full path', () => {
    expect(isExcluded(['octo-org/legacy-*'], 'Octo-Org/Legacy-API')).toBe(true);
    expect(isExcluded(['octo-org/legacy-*'], 'octo-org/api-legacy')).toBe(false);
    expect(isExcluded(['group/**/archive-?'], 'group/a/b/archive-1')).toBe(true);
    expect(isExcluded(['group/*/tmp'], 'group/a/b/tmp')).toBe(false);
    expect(isExcluded(['octo-org/exact'], 'octo-org/exact')).toBe(true);
  });

  it.each([
    ['', /empty entry/],
    ['legacy-*', /with its owner, for example octo-org\/legacy-\*/],
    ['octo org/x', /spaces/],
    ['octo-org/[a-', /unclosed/],
    ['group/x**', /whole part/],
  ])('refuses the exclusion %j', (glob, message) => {
    expect(excludeGlobProblem(glob)).toMatch(message);
  });

  it('names a pattern the way the UI and Slack say it', () => {
    expect(describeRepoPattern(parseRepoPattern('octo-org/*')!, 'github')).toBe('every repository of octo-org');
    expect(describeRepoPattern(parseRepoPattern('group/**')!, 'gitlab')).toBe(
      'every project in group and its subgroups',
    );
    expect(describeRepoPattern(parseRepoPattern('group/*')!, 'gitlab')).toBe('every project directly in group');
  });
});
