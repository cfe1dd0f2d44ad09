import { describe, expect, it } from 'vitest';
import type { InboxItem } from '../forges/personal-inbox.js';
import { INBOX_MAX_INTERVAL_MS, needsInbox, nextInterval } from './inbox-cadence.js';

const MIN = 60_000;
const NOW = Date.parse('2026-03-04T10:00:00Z');

const item = (over: Partial<InboxItem> = {}): InboxItem => ({
  reason: 'review_requested',
  repo: 'octo-org/busy',
  repoUrl: 'https://github.com/octo-org/busy',
  subject: 'pull:1',
  qualifier: null,
  title: 'A change',
  url: 'https://github.com/octo-org/busy/pull/1',
  number: 1,
  actor: null,
  at: NOW - 30_000,
  eventsSee: true,
  ...over,
});
const ctx = { follows: (repo: string) => repo === 'octo-org/busy', now: NOW, pollMs: MIN };

describe('inbox cadence', () => {
  it.each([
    ['unchanged (a 304): the poll interval', { changed: false, inboxOnly: false, previousMs: 16 * MIN }, MIN],
    [
      'unchanged, the forge asks for more: its interval',
      { changed: false, inboxOnly: false, forgeMinMs: 2 * MIN },
      2 * MIN,
    ],
    [
      'changed, all covered, from the poll interval: 4 minutes',
      { changed: true, inboxOnly: false, previousMs: null },
      4 * MIN,
    ],
    [
      'changed, all covered, from 4 minutes: the bound',
      { changed: true, inboxOnly: false, previousMs: 4 * MIN },
      16 * MIN,
    ],
    [
      'changed, all covered, at the bound: stays there',
      { changed: true, inboxOnly: false, previousMs: 16 * MIN },
      16 * MIN,
    ],
    [
      'changed, something only the inbox brings: the poll interval at once',
      { changed: true, inboxOnly: true, previousMs: 16 * MIN },
      MIN,
    ],
  ])('%s', (_what, read, expected) => {
    expect(nextInterval({ pollMs: MIN, forgeMinMs: 0, previousMs: null, ...read })).toBe(expected);
  });

  it('a poll interval longer than the bound is never shortened, and X-Poll-Interval never undercut', () => {
    expect(nextInterval({ pollMs: 25 * MIN, forgeMinMs: 0, previousMs: null, changed: true, inboxOnly: false })).toBe(
      25 * MIN,
    );
    expect(INBOX_MAX_INTERVAL_MS).toBe(16 * MIN);
    expect(
      nextInterval({ pollMs: MIN, forgeMinMs: 20 * MIN, previousMs: 16 * MIN, changed: true, inboxOnly: true }),
    ).toBe(20 * MIN);
  });

  it.each([
    ['a review request in a subscribed repository, just now: the events bring it', item(), false],
    ['a repository nobody subscribed', item({ repo: 'octo-org/elsewhere' }), true],
    ['a kind the events cannot bring (a team mention)', item({ reason: 'mentioned', eventsSee: false }), true],
    ['in a subscribed repository, but the events path should have sent it by now', item({ at: NOW - 3 * MIN }), true],
    ['an instant the forge did not give', item({ at: Number.NaN }), true],
  ])('%s → needs the inbox: %s', (_what, it, expected) => {
    expect(needsInbox(it, ctx)).toBe(expected);
  });
});
