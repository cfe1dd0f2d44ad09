import { describe, expect, it } from 'vitest';
import { openMemoryDatabase } from './database.js';
import { FeedStore, type NewFeedItem } from './feed-store.js';

const item = (over: Partial<NewFeedItem> = {}): NewFeedItem => ({
  eventId: 'e1',
  subscriptionId: 's1',
  event: 'issues',
  action: 'opened',
  forge: 'github',
  repo: 'octo/app',
  actor: 'mona',
  summary: 'mona opened issue #1 Crash',
  url: 'https://github.com/octo/app/issues/1',
  createdAt: '2025-06-02T09:00:00Z',
  fate: 'queued',
  reason: null,
  channel: 'general',
  slackLink: null,
  ...over,
});

describe('FeedStore', () => {
  it('pages newest first, filters by repo, event, fate and text, and continues before an id', () => {
    const feed = new FeedStore(openMemoryDatabase(), () => 1);
    const ids = [
      feed.insert(item()),
      feed.insert(item({ eventId: 'e2', event: 'pulls', summary: 'PR 50% done', fate: 'filtered' })),
      feed.insert(item({ eventId: 'e3', repo: 'octo/other', actor: 'hubot' })),
    ];
    expect(feed.page({ limit: 10 }).items.map((i) => i.id)).toEqual([...ids].reverse());
    expect(feed.page({ repo: 'octo/other' }).items.map((i) => i.eventId)).toEqual(['e3']);
    expect(feed.page({ event: 'pulls' }).items.map((i) => i.eventId)).toEqual(['e2']);
    expect(feed.page({ fate: 'filtered' }).total).toBe(1);
    expect(feed.page({ text: 'hubot' }).items.map((i) => i.eventId)).toEqual(['e3']);
    // LIKE wildcards in the search text are literal.
    expect(feed.page({ text: '50%' }).items.map((i) => i.eventId)).toEqual(['e2']);
    expect(feed.page({ text: '_' }).total).toBe(0);
    expect(feed.page({ limit: 1, beforeId: ids[2] })).toMatchObject({ total: 3, items: [{ id: ids[1] }] });
  });

  it('updates the fate, keeps a Slack link and channel once set, and reports unread and last event times', () => {
    const feed = new FeedStore(openMemoryDatabase(), () => 1);
    const id = feed.insert(item());
    feed.update(id, { fate: 'delivered', slackLink: 'slack://x', channel: 'C1' });
    feed.update(id, { fate: 'retrying', reason: 'timeout', nextAttemptAt: Date.parse('2025-06-02T09:01:00Z') });
    expect(feed.get(id)).toMatchObject({
      fate: 'retrying',
      reason: 'timeout',
      slackLink: 'slack://x',
      channel: 'C1',
      nextAttemptAt: '2025-06-02T09:01:00.000Z',
    });
    const mark = feed.maxId();
    feed.insert(item({ eventId: 'e2', createdAt: '2025-06-03T00:00:00Z' }));
    expect(feed.countSince(mark)).toBe(1);
    expect(feed.lastEventAt('s1')).toBe('2025-06-03T00:00:00Z');
    expect(feed.lastEventAt('nobody')).toBeNull();
    expect(feed.get(999)).toBeNull();
  });
});
