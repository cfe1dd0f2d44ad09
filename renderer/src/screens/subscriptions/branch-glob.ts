/**
 * Live validation for branch filters: names and globs (`main`, `release/*`, `feature/**`, `v[0-9]*`).
 * Follows git's branch-name rules (git check-ref-format), with `*`, `?` and `[…]` allowed as wildcards.
 * Returns a sentence saying what to change, or null when the pattern is fine.
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
  const bad = /[~^:\\\u0000-\u001f\u007f]/.exec(p);
  if (bad) return `the character ${JSON.stringify(bad[0])} is not allowed in branch names`;
  if (p.split('/').some((part) => part.startsWith('.'))) return 'no part of a branch name can start with "."';
  let depth = 0;
  for (const ch of p) {
    if (ch === '[') {
      if (depth > 0) return 'nested "[" in a character class';
      depth = 1;
    } else if (ch === ']') {
      if (depth === 0) return '"]" without a matching "["';
      depth = 0;
    }
  }
  if (depth > 0) return 'unclosed "[": close the character class with "]"';
  if (p.includes('[]')) return 'empty character class "[]"';
  if (/\*{3,}/.test(p)) return 'use "*" (one level) or "**" (any depth), not "***"';
  return null;
}

export interface BranchListProblem {
  line: number;
  value: string;
  message: string;
}

/** One branch or glob per line (commas work too). Blank lines are ignored; duplicates are reported. */
export function parseBranchList(text: string): { patterns: string[]; problems: BranchListProblem[] } {
  const patterns: string[] = [];
  const problems: BranchListProblem[] = [];
  const seen = new Set<string>();
  text.split('\n').forEach((lineText, index) => {
    for (const piece of lineText.split(',')) {
      const value = piece.trim();
      if (!value) continue;
      const message = validateBranchPattern(value);
      if (message) problems.push({ line: index + 1, value, message });
      else if (seen.has(value)) problems.push({ line: index + 1, value, message: 'listed twice' });
      else {
        seen.add(value);
        patterns.push(value);
      }
    }
  });
  if (patterns.length === 0 && problems.length === 0)
    problems.push({ line: 1, value: '', message: 'list at least one branch or glob, or choose a preset' });
  return { patterns, problems };
}
