import { describe, expect, it } from 'vitest';
import { repoOptions } from './repo-options.js';

const GITHUB = ['octo-org/api', 'octo-org/web', 'octo-org/docs', 'mona/dotfiles'];
const GITLAB = ['acme/api', 'acme/platform/infra', 'acme/platform/web', 'other/app'];

describe('repository picker options', () => {
  it('offers every repository of a matching organisation first, then the repositories', () => {
    const options = repoOptions(GITHUB, 'octo', 'github');
    expect(options.map((o) => o.value)).toEqual(['octo-org/*', 'octo-org/api', 'octo-org/web', 'octo-org/docs']);
    expect(options[0]).toMatchObject({ label: 'Every repository of octo-org (3 listed)', pattern: true });
  });

  it('on GitLab offers a group with its subgroups, and only its direct projects when they differ', () => {
    const values = repoOptions(GITLAB, 'acme', 'gitlab').map((o) => o.value);
    expect(values.slice(0, 3)).toEqual(['acme/**', 'acme/*', 'acme/platform/**']);
    expect(repoOptions(GITLAB, 'acme', 'gitlab')[0]?.label).toBe('Every project in acme and its subgroups (3 listed)');
  });

  it('a typed pattern is offered as typed, even for an owner nothing is listed for', () => {
    const options = repoOptions(GITHUB, 'new-org/*', 'github');
    expect(options[0]).toMatchObject({ value: 'new-org/*', label: 'Every repository of new-org', pattern: true });
  });

  it('stays quick with a thousand repositories', () => {
    const many = Array.from({ length: 1000 }, (_, i) => `org-${i % 10}/service-${String(i).padStart(3, '0')}`);
    const started = performance.now();
    const options = repoOptions(many, 'service-12', 'github');
    console.log(`repoOptions over 1,000 repositories: ${(performance.now() - started).toFixed(1)} ms`);
    expect(options.filter((o) => !o.pattern)).toHaveLength(10);
  });
});
