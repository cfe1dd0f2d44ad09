import { describe, expect, it } from 'vitest';
import type { ForgeEvent } from './forge-event.js';
import { summarise } from './summary.js';

/** The feed's one-line summary of a push: a count only when there is one to say (#12.15: never "pushed 0 commits"). */
function push(totalCommits: number, commits: number, before: string | null): ForgeEvent {
  return {
    id: 'e1',
    accountId: 'github',
    forge: 'github',
    repo: 'octo-org/hello-world',
    repoUrl: 'https://github.com/octo-org/hello-world',
    event: 'commits',
    action: 'pushed',
    subjectKey: null,
    number: null,
    title: '',
    url: 'https://github.com/octo-org/hello-world/tree/feature/new',
    actor: 'octocat',
    createdAt: '2026-12-06T03:00:00Z',
    state: null,
    labels: [],
    branch: 'feature/new',
    draft: false,
    confidential: false,
    details: {
      kind: 'push',
      commits: Array.from({ length: commits }, (_, i) => ({
        sha: `${i}`.padStart(40, 'a'),
        title: `commit ${i}`,
        author: 'octocat',
        url: `https://github.com/octo-org/hello-world/commit/${i}`,
      })),
      totalCommits,
      compareUrl: null,
      before,
      after: 'b'.repeat(40),
    },
  };
}

describe('push summaries', () => {
  it('a new branch pushed without commits of its own says where, not "0 commits"', () => {
    expect(summarise(push(0, 0, null))).toBe('octocat pushed to feature/new');
    expect(summarise(push(0, 0, 'c'.repeat(40)))).toBe('octocat pushed to feature/new');
  });

  it('counts commits, including ones listed when the total was not reported', () => {
    expect(summarise(push(1, 1, null))).toBe('octocat pushed 1 commit to feature/new');
    expect(summarise(push(12, 10, 'c'.repeat(40)))).toBe('octocat pushed 12 commits to feature/new');
    expect(summarise(push(0, 2, 'c'.repeat(40)))).toBe('octocat pushed 2 commits to feature/new');
  });
});
