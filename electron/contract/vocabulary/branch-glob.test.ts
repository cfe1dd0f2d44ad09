import { describe, expect, it } from 'vitest';
import { compileBranchGlob, matchesAnyBranchGlob, validateBranchPattern } from './branch-glob.js';

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
    ['feature**', /whole part/],
    ['v[9-0]', /backwards: write "0-9"/],
    ['v[!]', /empty character class/],
    ['v[a/b]', /cannot contain "\/"/],
  ])('rejects %j', (p, message) => {
    expect(validateBranchPattern(p)).toMatch(message);
  });
});

describe('compileBranchGlob: what a valid pattern matches', () => {
  it.each([
    // [pattern, branch, matches]
    ['main', 'main', true],
    ['main', 'mainline', false],
    ['release/*', 'release/1.2', true],
    ['release/*', 'release/1/2', false],
    ['release/*', 'release', false],
    ['feature/**', 'feature/a', true],
    ['feature/**', 'feature/a/b/c', true],
    ['**/hotfix', 'team/a/hotfix', true],
    ['a/**/b', 'a/b', true],
    ['a/**/b', 'a/x/y/b', true],
    ['hotfix-?', 'hotfix-1', true],
    ['hotfix-?', 'hotfix-12', false],
    ['hotfix-?', 'hotfix-/', false],
    ['v[0-9]*', 'v1.2', true],
    ['v[0-9]*', 'v12', true],
    ['v[0-9]*', 'vx', false],
    ['v[0-9]*', 'v1/2', false],
    ['v[!0-9]*', 'vx', true],
    ['v[!0-9]*', 'v1', false],
    ['v[^0-9]', 'v/', false],
    ['v[!0-9]', 'v/', false],
    ['release-*', 'release-1/2', false],
  ])('%s on %s: %s', (pattern, branch, expected) => {
    expect(validateBranchPattern(pattern)).toBeNull();
    expect(compileBranchGlob(pattern)(branch)).toBe(expected);
  });

  it.each([
    // Characters that are syntax in regular expressions or other glob dialects stay literal.
    ['v1.2*', 'v1.23', true],
    ['v1.2*', 'v1x23', false],
    ['a(b)*', 'a(b)x', true],
    ['a(b)*', 'abx', false],
    ['a{b,c}', 'a{b,c}', true],
    ['a{b,c}', 'ab', false],
    ['x+y*', 'x+yz', true],
    ['x+y*', 'xxyz', false],
    ['a|b', 'a', false],
    ['!main', '!main', true],
    ['!main', 'dev', false],
    ['@x$', '@x$', true],
  ])('%s is literal except for wildcards: on %s %s', (pattern, branch, expected) => {
    expect(validateBranchPattern(pattern)).toBeNull();
    expect(compileBranchGlob(pattern)(branch)).toBe(expected);
  });

  it('an entry saved before the grammar was enforced matches only its exact name', () => {
    expect(compileBranchGlob('feature**')('feature**')).toBe(true);
    expect(compileBranchGlob('feature**')('feature/x')).toBe(false);
    expect(compileBranchGlob('v[0-9')('v1')).toBe(false);
  });

  it('matchesAnyBranchGlob: any of the entries', () => {
    expect(matchesAnyBranchGlob(['main', 'v[0-9]*'], 'v2.0')).toBe(true);
    expect(matchesAnyBranchGlob(['main', 'v[0-9]*'], 'dev')).toBe(false);
    expect(matchesAnyBranchGlob([], 'main')).toBe(false);
  });
});
