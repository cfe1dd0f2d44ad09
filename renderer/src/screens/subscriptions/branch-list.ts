import { validateBranchPattern } from '../../../../electron/contract/vocabulary/branch-glob.js';

/**
 * The editor's "names and globs" text box, read line by line as the user types. Whether an entry is a valid name or
 * glob, and what it matches, is decided by the contract's branch-glob module: the engine uses the same one.
 */

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
