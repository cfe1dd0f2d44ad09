import { describe, expect, it } from 'vitest';
import { parseBranchList, validateBranchPattern } from './branch-glob.js';

describe('validateBranchPattern', () => {
  it.each(['main', 'release/*', 'feature/**', 'v[0-9]*', 'hotfix-?', 'users/mona/topic', 'release-1.2'])(
    'accepts %s',
    (p) => {
      expect(validateBranchPattern(p)).toBeNull();
    },
  );

  it.each([
    ['', /empty/],
    ['my branch', /spaces/],
    ['refs/heads/main', /without "refs\/heads\/": main/],
    ['/main', /start or end/],
    ['release/', /start or end/],
    ['a//b', /empty part/],
    ['a..b', /\.\./],
    ['-x', /start with "-"/],
    ['main.lock', /\.lock/],
    ['main~1', /"~"/],
    ['a:b', /":"/],
    ['a\\b', /"\\\\"/],
    ['feature/.hidden', /start with "\."/],
    ['v[0-9', /unclosed/],
    ['v0-9]', /without a matching/],
    ['v[]', /empty character class/],
    ['a/***', /not "\*\*\*"/],
    ['x@{1}', /@\{/],
  ])('rejects %j', (p, message) => {
    expect(validateBranchPattern(p)).toMatch(message);
  });
});

describe('parseBranchList', () => {
  it('reads one pattern per line or comma and reports problems with their line', () => {
    const { patterns, problems } = parseBranchList('main\nrelease/*, hotfix/*\n\nbad branch\nmain');
    expect(patterns).toEqual(['main', 'release/*', 'hotfix/*']);
    expect(problems).toEqual([
      { line: 4, value: 'bad branch', message: 'branch names cannot contain spaces' },
      { line: 5, value: 'main', message: 'listed twice' },
    ]);
  });

  it('asks for at least one entry', () => {
    expect(parseBranchList('  \n ').problems[0]?.message).toMatch(/at least one/);
  });
});
