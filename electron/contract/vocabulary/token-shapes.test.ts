import { describe, expect, it } from 'vitest';
import { forgeTokenShapeProblem } from './token-shapes.js';

describe('forge token shapes', () => {
  it('accepts each forge’s own tokens, and tokens without a prefix', () => {
    for (const t of ['ghp_abc', 'github_pat_11AB_x', 'gho_abc', 'ghu_abc', '0123456789abcdef0123456789abcdef01234567'])
      expect(forgeTokenShapeProblem('github', t), t).toBeNull();
    for (const t of ['glpat-abc', 'AbCdEf0123456789']) expect(forgeTokenShapeProblem('gitlab', t), t).toBeNull();
    expect(forgeTokenShapeProblem('gitea', '0123456789abcdef0123456789abcdef01234567')).toBeNull();
    expect(forgeTokenShapeProblem('github', '   ')).toBeNull();
  });

  it('names a token of another forge, of the wrong kind, or from Slack', () => {
    expect(forgeTokenShapeProblem('github', 'glpat-abc')).toMatch(
      /^This is a GitLab token \(glpat-…\)\. Choose a GitLab preset/,
    );
    expect(forgeTokenShapeProblem('gitlab', 'ghp_abc')).toMatch(
      /^This is a GitHub token \(ghp_…\)\. Choose a GitHub preset/,
    );
    expect(forgeTokenShapeProblem('gitlab', 'github_pat_11AB')).toMatch(/GitHub token \(github_pat_…\)/);
    expect(forgeTokenShapeProblem('gitlab', 'glrt-abc')).toMatch(/^This is a runner authentication token \(glrt-…\)/);
    expect(forgeTokenShapeProblem('gitlab', 'gldt-abc')).toMatch(/deploy token/);
    expect(forgeTokenShapeProblem('github', 'ghs_abc')).toMatch(/installation token/);
    expect(forgeTokenShapeProblem('gitea', 'glpat-abc')).toMatch(
      /^This is a GitLab token\. Gitea\/Forgejo access tokens/,
    );
    expect(forgeTokenShapeProblem('github', 'xoxb-123')).toMatch(/Slack token/);
    expect(forgeTokenShapeProblem('github', 'ghp_abc def')).toMatch(/spaces or line breaks/);
  });
});
