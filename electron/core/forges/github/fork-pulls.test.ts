import { describe, expect, it } from 'vitest';
import type { FeedEntry } from './feed-entry.js';
import { forkPullsOf, trackForkPulls } from './fork-pulls.js';
import type { RunData } from './schemas.js';

/** Fork pull requests kept from the events feed, and matched to runs that GitHub does not link to them. */

const REPO = 'octo-org/app';
const A = 'a'.repeat(40);
const B = 'b'.repeat(40);

function pullEvent(action: string, number: number, head: { sha: string; ref: string; repo: string }): FeedEntry {
  return {
    id: `${number}-${action}-${head.sha}`,
    type: 'PullRequestEvent',
    actor: { login: 'erin' },
    repo: { name: REPO },
    created_at: '2026-01-01T00:00:00Z',
    payload: {
      action,
      number,
      pull_request: { number, head: { sha: head.sha, ref: head.ref, repo: { id: 1, name: head.repo } } },
    },
  };
}

function run(fields: Partial<RunData>): RunData {
  return {
    id: 1,
    html_url: 'https://github.com/octo-org/app/actions/runs/1',
    actor: { login: 'erin' },
    triggering_actor: { login: 'erin' },
    created_at: '2026-01-01T00:00:00Z',
    updated_at: '2026-01-01T00:00:00Z',
    pull_requests: [],
    ...fields,
  } as RunData;
}

describe('fork pull requests', () => {
  it('keeps open fork pull requests with their latest head; leaves out the repository’s own; drops closed ones', () => {
    const opened = trackForkPulls(
      undefined,
      [
        pullEvent('opened', 7, { sha: A, ref: 'patch-1', repo: 'erin/app' }),
        pullEvent('opened', 8, { sha: B, ref: 'feature', repo: REPO }),
      ],
      REPO,
    );
    expect(opened).toEqual([{ number: 7, sha: A, branch: 'patch-1', repo: 'erin/app' }]);
    const moved = trackForkPulls(
      opened,
      [pullEvent('synchronize', 7, { sha: B, ref: 'patch-1', repo: 'erin/app' })],
      REPO,
    );
    expect(moved).toEqual([{ number: 7, sha: B, branch: 'patch-1', repo: 'erin/app' }]);
    expect(trackForkPulls(moved, [pullEvent('closed', 7, { sha: B, ref: 'patch-1', repo: 'erin/app' })], REPO)).toEqual(
      [],
    );
  });

  it('remembers at most 50, the most recently active', () => {
    const fresh = Array.from({ length: 60 }, (_, i) =>
      pullEvent('opened', i + 1, { sha: A, ref: `p${i}`, repo: 'erin/app' }),
    );
    const kept = trackForkPulls(undefined, fresh, REPO);
    expect(kept).toHaveLength(50);
    expect(kept[0]?.number).toBe(11);
  });

  it('matches a run by head repository and branch (a later push moves the commit), else by head commit', () => {
    const forks = [{ number: 7, sha: A, branch: 'patch-1', repo: 'erin/app' }];
    const fork = { full_name: 'Erin/App' };
    expect(forkPullsOf(run({ head_sha: A, head_branch: 'patch-1', head_repository: fork }), forks)).toEqual(['pull:7']);
    expect(forkPullsOf(run({ head_sha: B, head_branch: 'patch-1', head_repository: fork }), forks)).toEqual(['pull:7']);
    expect(forkPullsOf(run({ head_sha: A, head_branch: 'other', head_repository: fork }), forks)).toEqual([]);
    expect(
      forkPullsOf(run({ head_sha: A, head_branch: 'patch-1', head_repository: { full_name: 'mallory/app' } }), forks),
    ).toEqual([]);
    // A run that does not name its head repository: the commit.
    expect(forkPullsOf(run({ head_sha: A.toUpperCase(), head_branch: 'patch-1' }), forks)).toEqual(['pull:7']);
    expect(forkPullsOf(run({ head_sha: B, head_branch: 'patch-1' }), forks)).toEqual([]);
    expect(forkPullsOf(run({ head_sha: A, head_branch: 'other' }), forks)).toEqual([]);
    // The run lists pull requests of its own: not a fork's.
    expect(forkPullsOf(run({ head_sha: A, head_repository: fork, pull_requests: [{ number: 3 }] }), forks)).toEqual([]);
  });

  it('a new pull request from the same fork branch replaces one whose closing was missed', () => {
    const old = [{ number: 7, sha: A, branch: 'patch-1', repo: 'erin/app' }];
    expect(trackForkPulls(old, [pullEvent('opened', 9, { sha: B, ref: 'patch-1', repo: 'erin/app' })], REPO)).toEqual([
      { number: 9, sha: B, branch: 'patch-1', repo: 'erin/app' },
    ]);
  });
});
