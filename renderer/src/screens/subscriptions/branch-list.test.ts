import { describe, expect, it } from 'vitest';
import { parseBranchList } from './branch-list.js';

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
