import picomatch from 'picomatch/posix.js';

/**
 * Branch names and globs in a subscription's `branches` (docs/cli-and-config.md §2): the one grammar that decides
 * which patterns are valid and what they match. The subscription editor validates with it as the user types; the
 * contract, config import and `/forgebell subscribe … commits:<glob>` refuse what it refuses; the engine's filter
 * matches with it. So a pattern the editor accepts means in the engine what the editor's help says:
 *
 *   *      any characters within one part of the name, never "/"    release/*   matches release/1.2, not release/1/2
 *   **     as a whole part: any number of parts                      feature/**  matches feature/a/b
 *   ?      one character, never "/"                                  hotfix-?    matches hotfix-1
 *   [0-9]  one character of a class ([!0-9] or [^0-9]: not of it)    v[0-9]*     matches v1.2
 *
 * Everything else is literal (no braces, no extglobs, no leading "!"). Names follow git's rules (git check-ref-format).
 * Matching is picomatch's (posix), fed a pattern in which every literal character is escaped.
 */

/** Characters picomatch would read as syntax outside a class; escaped so they stay literal. */
const LITERAL_OUTSIDE_CLASS = /[(){}!+@|$^.,#%&=;'"<>`]/;
/** Inside a class only these keep a meaning: a leading "!" / "^" (negation), "-" (range) and "]" (the end). */
const LITERAL_INSIDE_CLASS = /[\\(){}!+@|$^.,#%&=;'"<>`[*?]/;

export const PICOMATCH_OPTIONS: picomatch.PicomatchOptions = {
  dot: true,
  nobrace: true,
  noextglob: true,
  nonegate: true,
  strictSlashes: true,
};

/**
 * Returns a sentence saying what to change, or null when `raw` is a valid branch name or glob.
 * Leading and trailing spaces are ignored (the editor trims each line).
 */
export function validateBranchPattern(raw: string): string | null {
  const p = raw.trim();
  if (p.length === 0) return 'empty entry: write a branch name or a glob such as release/*';
  if (/\s/.test(p)) return 'branch names cannot contain spaces';
  if (p.startsWith('refs/heads/')) return `write it without "refs/heads/": ${p.slice('refs/heads/'.length) || 'main'}`;
  if (p.startsWith('/') || p.endsWith('/')) return 'cannot start or end with "/"';
  if (p.includes('//')) return 'has an empty part ("//")';
  if (p.includes('..')) return 'cannot contain ".."';
  if (p.includes('@{')) return 'cannot contain "@{"';
  if (p.startsWith('-')) return 'cannot start with "-"';
  if (p.endsWith('.') || p.endsWith('.lock')) return 'cannot end with "." or ".lock"';
  // eslint-disable-next-line no-control-regex
  const bad = /[~^:\\\u0000-\u001f\u007f]/.exec(p.replace(/\[\^/g, '[!'));
  if (bad) return `the character ${JSON.stringify(bad[0])} is not allowed in branch names`;
  if (p.split('/').some((part) => part.startsWith('.'))) return 'no part of a branch name can start with "."';
  const classProblem = characterClassProblem(p);
  if (classProblem) return classProblem;
  if (/\*{3,}/.test(p)) return 'use "*" (one level) or "**" (any depth), not "***"';
  if (p.split('/').some((part) => part.includes('**') && part !== '**'))
    return 'write "**" as a whole part (feature/** or **/fix); within a part, "*" matches any characters';
  return null;
}

/** Checks every `[…]`: closed, not nested, not empty, no "/" inside, ranges in order. */
export function characterClassProblem(p: string): string | null {
  let start = -1;
  for (let i = 0; i < p.length; i++) {
    const ch = p[i]!;
    if (ch === '[') {
      if (start >= 0) return 'nested "[" in a character class';
      start = i;
    } else if (ch === ']') {
      if (start < 0) return '"]" without a matching "["';
      const body = p.slice(start + 1, i).replace(/^[!^]/, '');
      if (body.length === 0) return `empty character class "${p.slice(start, i + 1)}"`;
      if (body.includes('/')) return 'a character class cannot contain "/"';
      for (const range of body.matchAll(/(.)-(.)/gu)) {
        if (range[1]! > range[2]!) return `the range "${range[0]}" is backwards: write "${range[2]}-${range[1]}"`;
      }
      start = -1;
    }
  }
  return start >= 0 ? 'unclosed "[": close the character class with "]"' : null;
}

/** The pattern in picomatch's syntax: wildcards and classes kept, every other special character escaped. */
export function toPicomatch(pattern: string): string {
  let out = '';
  let classStart = -1;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (classStart >= 0) {
      if (ch === ']') {
        classStart = -1;
        out += ch;
      } else if (i === classStart + 1 && (ch === '!' || ch === '^')) out += '^';
      else out += LITERAL_INSIDE_CLASS.test(ch) ? `\\${ch}` : ch;
    } else if (ch === '[') {
      classStart = i;
      out += ch;
    } else out += LITERAL_OUTSIDE_CLASS.test(ch) ? `\\${ch}` : ch;
  }
  return out;
}

export type BranchMatcher = (branch: string) => boolean;

/**
 * A matcher for one entry of `branches`. A name always matches itself. An entry that is not a valid pattern (saved
 * before this grammar was enforced) matches only the branch of exactly that name: it never matches more than it says.
 */
export function compileBranchGlob(pattern: string): BranchMatcher {
  const trimmed = pattern.trim();
  if (validateBranchPattern(trimmed) !== null) return (branch) => branch === pattern || branch === trimmed;
  if (!/[*?[]/.test(trimmed)) return (branch) => branch === trimmed;
  let re: RegExp;
  try {
    re = picomatch.makeRe(toPicomatch(trimmed), PICOMATCH_OPTIONS);
  } catch {
    // validateBranchPattern rules out what picomatch cannot compile; should one slip through, it means its own name.
    return (branch) => branch === trimmed;
  }
  return (branch) => branch === trimmed || re.test(branch);
}

/** Whether `branch` matches any of `patterns` (compiled matchers are kept for the patterns seen last). */
export function matchesAnyBranchGlob(patterns: readonly string[], branch: string): boolean {
  return patterns.some((pattern) => matcherFor(pattern)(branch));
}

const MATCHER_CACHE_LIMIT = 256;
const matchers = new Map<string, BranchMatcher>();

function matcherFor(pattern: string): BranchMatcher {
  let matcher = matchers.get(pattern);
  if (!matcher) {
    matcher = compileBranchGlob(pattern);
    if (matchers.size >= MATCHER_CACHE_LIMIT) matchers.delete(matchers.keys().next().value!);
    matchers.set(pattern, matcher);
  }
  return matcher;
}
