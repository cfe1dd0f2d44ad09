import { describe, expect, it } from 'vitest';
import type { FeedDestination, FeedItem } from '../../../../electron/contract/schemas.js';
import { matchesFilter, mergePage, NO_FILTER, toQuery, upsertFeedItem } from './feed-list.js';

function destination(over: Partial<FeedDestination> = {}): FeedDestination {
  return {
    id: 1,
    kind: 'channel',
    target: 'dev',
    subscriptionId: 's1',
    fate: 'delivered',
    reason: null,
    fix: null,
    fixAt: null,
    errorCode: null,
    error: null,
    slackLink: null,
    nextAttemptAt: null,
    ...over,
  };
}

function item(id: number, over: Partial<FeedItem> = {}, dest: Partial<FeedDestination> = {}): FeedItem {
  const fate = over.fate ?? 'delivered';
  return {
    id,
    eventId: `e${id}`,
    event: 'issues',
    action: 'opened',
    forge: 'github',
    repo: 'octo/app',
    actor: 'mona',
    summary: `Issue #${id} opened`,
    url: `https://github.com/octo/app/issues/${id}`,
    createdAt: '2025-01-01T00:00:00Z',
    fate,
    destinations: [destination({ fate, ...dest })],
    ...over,
  };
}

describe('upsertFeedItem', () => {
  it('puts a new item at the top of a newest-first list', () => {
    const { items, added } = upsertFeedItem([item(2), item(1)], item(3), NO_FILTER);
    expect(items.map((i) => i.id)).toEqual([3, 2, 1]);
    expect(added).toBe(true);
  });

  it('inserts an out-of-order item in id order', () => {
    const { items } = upsertFeedItem([item(5), item(2)], item(3), NO_FILTER);
    expect(items.map((i) => i.id)).toEqual([5, 3, 2]);
  });

  it('replaces an existing row in place when its fate changes (no duplicate)', () => {
    const before = [item(3), item(2, { fate: 'retrying' }), item(1)];
    const { items, added } = upsertFeedItem(
      before,
      item(2, { fate: 'delivered' }, { slackLink: 'https://slack/x' }),
      NO_FILTER,
    );
    expect(items.map((i) => i.id)).toEqual([3, 2, 1]);
    expect(items[1]?.fate).toBe('delivered');
    expect(added).toBe(false);
  });

  it('drops a row that stops matching the filter and ignores new non-matching items', () => {
    const failedOnly = { ...NO_FILTER, fate: 'failed' as const };
    const { items } = upsertFeedItem([item(2, { fate: 'failed' })], item(2, { fate: 'retrying' }), failedOnly);
    expect(items).toEqual([]);
    const same = [item(1, { fate: 'failed' })];
    expect(upsertFeedItem(same, item(3), failedOnly).items).toBe(same);
  });
});

describe('matchesFilter', () => {
  it('matches repo case-insensitively, event, fate and text in summary, actor or a destination', () => {
    const i = item(1, { fate: 'filtered' }, { reason: 'branch feature/x not in default', target: 'ci-alerts' });
    expect(matchesFilter(i, { ...NO_FILTER, repo: 'Octo/App' })).toBe(true);
    expect(matchesFilter(i, { ...NO_FILTER, event: 'pulls' })).toBe(false);
    expect(matchesFilter(i, { ...NO_FILTER, text: 'FEATURE/x' })).toBe(true);
    expect(matchesFilter(i, { ...NO_FILTER, text: 'ci-alerts' })).toBe(true);
    expect(matchesFilter(i, { ...NO_FILTER, text: 'MONA' })).toBe(true);
    expect(matchesFilter(i, { ...NO_FILTER, text: 'nothing like it' })).toBe(false);
  });

  it('a fate filter matches an event when any of its destinations has that fate', () => {
    const mixed = item(1, {
      fate: 'failed',
      destinations: [
        destination({ id: 1, fate: 'delivered' }),
        destination({ id: 2, fate: 'filtered' }),
        destination({ id: 3, fate: 'failed' }),
      ],
    });
    for (const fate of ['delivered', 'filtered', 'failed'] as const)
      expect(matchesFilter(mixed, { ...NO_FILTER, fate })).toBe(true);
    expect(matchesFilter(mixed, { ...NO_FILTER, fate: 'queued' })).toBe(false);
  });
});

describe('mergePage and toQuery', () => {
  it('keeps pushed rows over page rows with the same id and sorts newest first', () => {
    const pushed = [item(9, { fate: 'delivered' })];
    const merged = mergePage(pushed, [item(9, { fate: 'queued' }), item(8), item(7)]);
    expect(merged.map((i) => `${i.id}:${i.fate}`)).toEqual(['9:delivered', '8:delivered', '7:delivered']);
  });

  it('sends only the filters that are set', () => {
    expect(toQuery({ ...NO_FILTER, text: '  bug ' }, 100, 42)).toEqual({ limit: 100, beforeId: 42, text: 'bug' });
    expect(toQuery(NO_FILTER, 50)).toEqual({ limit: 50 });
  });
});
