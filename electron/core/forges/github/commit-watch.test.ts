import { describe, expect, it } from 'vitest';
import type { RunsState, WatchedCommit } from './cursor.js';
import type { FeedEntry } from './feed-entry.js';
import { checkTargets, settleWatches, watchCommits, WORKFLOWS_KNOWN_MS, type CommitChecks } from './commit-watch.js';
import { WATCH_MS } from './runs-watch.js';

const NOW = Date.parse('2026-03-04T10:00:00Z');
const SHA = 'a'.repeat(40);
const FORK_SHA = 'f'.repeat(40);
const person = (login: string): boolean => login === 'alice';
const ctx = {
  accountId: 'github',
  repo: 'octo-org/app',
  repoUrl: 'https://github.com/octo-org/app',
  webUrl: 'https://github.com',
};
const entry = (type: string, login: string, payload: Record<string, unknown>, at = NOW - 5_000): FeedEntry => ({
  id: String(at),
  type,
  actor: { login },
  payload,
  repo: { name: 'octo-org/app' },
  created_at: new Date(at).toISOString(),
});
const pull = (action: string, headRepo: string) => ({
  action,
  pull_request: { head: { ref: 'patch-1', sha: FORK_SHA, repo: { name: headRepo } } },
});

describe('watchCommits', () => {
  it("watches the commit of a person's push, new branch or tag, release and pull request; not someone else's", () => {
    expect(watchCommits([], [entry('PushEvent', 'carol', { ref: 'refs/heads/x', head: SHA })], person, NOW)).toEqual(
      [],
    );
    const watched = watchCommits(
      [],
      [
        entry('PushEvent', 'alice', { ref: 'refs/heads/feature', head: SHA }),
        entry('CreateEvent', 'alice', { ref: 'v1', ref_type: 'tag' }),
        entry('CreateEvent', 'alice', { ref: 'octo-org/app', ref_type: 'repository' }),
        entry('ReleaseEvent', 'alice', { action: 'published', release: { tag_name: 'v2' } }),
        entry('PullRequestEvent', 'alice', pull('opened', 'alice/app')),
        entry('PullRequestEvent', 'alice', pull('closed', 'alice/app')),
        entry('PushEvent', 'alice', { ref: 'refs/heads/gone', head: '0'.repeat(40) }),
      ],
      person,
      NOW,
    );
    const base = { login: 'alice', from: NOW - 5_000, until: NOW + WATCH_MS };
    expect(watched).toEqual([
      { ...base, sha: SHA, branch: 'feature' },
      { ...base, ref: 'refs/tags/v1', branch: 'v1' },
      { ...base, ref: 'refs/tags/v2', branch: 'v2' },
      { ...base, sha: FORK_SHA, branch: 'patch-1', fork: true },
    ]);
  });

  it('a commit pushed again is watched once, longer; an expired watch ends', () => {
    const first = watchCommits([], [entry('PushEvent', 'alice', { ref: 'refs/heads/a', head: SHA })], person, NOW);
    const again = watchCommits(
      first,
      [entry('PushEvent', 'alice', { ref: 'refs/heads/b', head: SHA })],
      person,
      NOW + 60_000,
    );
    expect(again).toHaveLength(1);
    expect(again[0]?.until).toBe(NOW + 60_000 + WATCH_MS);
    expect(watchCommits(again, [], person, NOW + 60_000 + WATCH_MS)).toEqual([]);
  });
});

const watch = (over: Partial<WatchedCommit> = {}): WatchedCommit => ({
  sha: SHA,
  branch: 'feature',
  login: 'alice',
  from: NOW - 30_000,
  until: NOW + WATCH_MS,
  ...over,
});
const runs = (commits: WatchedCommit[], over: Partial<RunsState> = {}): RunsState => ({
  etag: null,
  reported: [],
  commits,
  ...over,
});
const suite = (id: number, status: string, conclusion: string | null, updatedAt = NOW - 1_000) => ({
  status,
  conclusion,
  updatedAt: new Date(updatedAt).toISOString(),
  app: { slug: 'github-actions' },
  creator: { login: 'alice' },
  branch: { name: 'feature' },
  workflowRun: {
    databaseId: id,
    runNumber: 3,
    event: 'push',
    url: `https://github.com/octo-org/app/actions/runs/${id}`,
    createdAt: new Date(NOW - 20_000).toISOString(),
    updatedAt: new Date(updatedAt).toISOString(),
    workflow: { name: 'CI' },
  },
});
const looked = (suites: unknown[], workflows = true): CommitChecks => ({
  workflows,
  commit: { oid: SHA, messageHeadline: 'Fix it', checkSuites: { nodes: suites as never } },
});

describe('settleWatches', () => {
  it('reports a failed run once and stops watching when every run completed; a pending one keeps the watch', () => {
    const pending = settleWatches(runs([watch()]), new Map([[SHA, looked([suite(1, 'IN_PROGRESS', null)])]]), ctx, NOW);
    expect(pending.events).toEqual([]);
    expect(pending.runs.commits).toHaveLength(1);

    const failed = settleWatches(
      pending.runs,
      new Map([[SHA, looked([suite(1, 'COMPLETED', 'FAILURE'), suite(2, 'COMPLETED', 'SUCCESS')])]]),
      ctx,
      NOW,
    );
    expect(failed.events.map((e) => [e.id, e.action, e.branch, e.actor])).toEqual([
      ['github:gh-run:1:failure', 'failed', 'feature', 'alice'],
      ['github:gh-run:2:success', 'success', 'feature', 'alice'],
    ]);
    expect(failed.runs.commits).toEqual([]);
    expect(failed.runs.reported).toEqual(expect.arrayContaining(['1:failure', '2:success']));
    // Reported runs (by either path) are not reported again.
    const again = settleWatches(
      { ...failed.runs, commits: [watch()] },
      new Map([[SHA, looked([suite(1, 'COMPLETED', 'FAILURE')])]]),
      ctx,
      NOW,
    );
    expect(again.events).toEqual([]);
  });

  it("ignores other apps' suites and runs completed before the push", () => {
    const other = { ...suite(5, 'QUEUED', null), workflowRun: null, app: { slug: 'some-ci' } };
    const old = suite(6, 'COMPLETED', 'FAILURE', NOW - 60_000);
    const settled = settleWatches(runs([watch()]), new Map([[SHA, looked([other, old])]]), ctx, NOW);
    expect(settled.events).toEqual([]);
    expect(settled.runs.commits).toEqual([]);
  });

  it('no suite yet: watched a few minutes; a commit without workflow files is dropped and its repository remembered', () => {
    expect(settleWatches(runs([watch()]), new Map([[SHA, looked([])]]), ctx, NOW).runs.commits).toHaveLength(1);
    expect(settleWatches(runs([watch()]), new Map([[SHA, looked([])]]), ctx, NOW + 10 * 60_000).runs.commits).toEqual(
      [],
    );
    const none = settleWatches(runs([watch()]), new Map([[SHA, looked([], false)]]), ctx, NOW);
    expect(none.runs.commits).toEqual([]);
    expect(none.runs.workflows).toEqual({ present: false, at: NOW });
    // Later commits there ride along only, until the knowledge is a day old.
    const next = { ...none.runs, commits: [watch({ until: NOW + 2 * WORKFLOWS_KNOWN_MS })] };
    expect(checkTargets(next, NOW + 60_000).map((t) => t.rideOnly)).toEqual([true]);
    expect(checkTargets(next, NOW + WORKFLOWS_KNOWN_MS).map((t) => t.rideOnly)).toEqual([false]);
  });

  it('a watch by ref is pinned to the commit it resolved to; a target not asked keeps its watch', () => {
    const byRef = watch({ sha: undefined, ref: 'refs/tags/v1', branch: 'v1' });
    delete byRef.sha;
    const [target] = checkTargets(runs([byRef]), NOW);
    expect(target).toMatchObject({
      key: 'ref:refs/tags/v1',
      ref: 'refs/tags/v1',
      workflowsAt: 'refs/tags/v1:.github/workflows',
    });
    const pinned = settleWatches(
      runs([byRef]),
      new Map([['ref:refs/tags/v1', looked([suite(1, 'QUEUED', null)])]]),
      ctx,
      NOW,
    );
    expect(pinned.runs.commits?.[0]?.sha).toBe(SHA);
    expect(settleWatches(runs([watch()]), new Map(), ctx, NOW).runs.commits).toHaveLength(1);
  });
});
