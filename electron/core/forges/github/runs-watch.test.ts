import { describe, expect, it } from 'vitest';
import type { FeedEntry } from './feed-entry.js';
import { runsWatch, WATCH_MS } from './runs-watch.js';

const NOW = Date.parse('2026-03-04T10:00:00Z');
const person = (login: string): boolean => login === 'alice';
const entry = (type: string, login: string, payload: Record<string, unknown> = {}, at = NOW - 5_000): FeedEntry => ({
  id: String(at),
  type,
  actor: { login },
  payload,
  repo: { name: 'octo-org/app' },
  created_at: new Date(at).toISOString(),
});
const fromFork = (full: string) => ({ action: 'opened', pull_request: { head: { repo: { full_name: full } } } });

describe('runsWatch', () => {
  it("opens on a person's push, tag or release, from its time; not on someone else's", () => {
    expect(runsWatch(null, [entry('PushEvent', 'carol')], person, NOW)).toBeNull();
    for (const type of ['PushEvent', 'CreateEvent', 'ReleaseEvent'])
      expect(runsWatch(null, [entry(type, 'alice')], person, NOW)).toEqual({
        watchFrom: NOW - 5_000,
        watchUntil: NOW + WATCH_MS,
      });
  });

  it('opens on a pull request from a fork only (a same-repository branch shows its push)', () => {
    expect(runsWatch(null, [entry('PullRequestEvent', 'alice', fromFork('octo-org/app'))], person, NOW)).toBeNull();
    expect(runsWatch(null, [entry('PullRequestEvent', 'alice', { action: 'opened' })], person, NOW)).toBeNull();
    expect(runsWatch(null, [entry('PullRequestEvent', 'alice', fromFork('alice/app'))], person, NOW)).not.toBeNull();
  });

  it('a live watch is kept and extended from its start; an expired one ends', () => {
    const live = { etag: null, reported: [], watchFrom: NOW - 60_000, watchUntil: NOW + 1_000 };
    expect(runsWatch(live, [], person, NOW)).toEqual({ watchFrom: NOW - 60_000, watchUntil: NOW + 1_000 });
    expect(runsWatch(live, [entry('PushEvent', 'alice')], person, NOW)).toEqual({
      watchFrom: NOW - 60_000,
      watchUntil: NOW + WATCH_MS,
    });
    expect(runsWatch(live, [], person, NOW + 1_000)).toBeNull();
    expect(runsWatch(live, [entry('PushEvent', 'alice', {}, NOW + 500)], person, NOW + 1_000)).toEqual({
      watchFrom: NOW + 500,
      watchUntil: NOW + 1_000 + WATCH_MS,
    });
  });
});
