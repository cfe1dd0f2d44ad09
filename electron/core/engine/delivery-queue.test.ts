import { describe, expect, it } from 'vitest';
import { memoryQueue } from '../../../test/support/in-memory-ports.js';
import type { NewFeedItem } from '../state/feed-store.js';

const feedItem = (eventId: string): NewFeedItem => ({
  eventId,
  subscriptionId: null,
  event: 'issues',
  action: 'opened',
  forge: 'github',
  repo: 'o/r',
  actor: 'mona',
  summary: eventId,
  url: 'https://github.com/o/r/issues/1',
  createdAt: '2025-06-02T09:00:00Z',
  fate: 'queued',
  reason: null,
  channel: 'general',
  slackLink: null,
});
const row = (deliveryId: string, feedId: number | null, state?: 'held') => ({
  deliveryId,
  feedId,
  subscriptionId: null,
  channel: 'general',
  kind: 'event' as const,
  payload: '{}',
  at: 1,
  ...(state ? { state } : {}),
});

describe('DeliveryQueue: feed rows + outbox rows in one transaction, then push and wake', () => {
  it('pushes every touched feed item once and wakes delivery once, after the commit', () => {
    const m = memoryQueue();
    const result = m.queue.write((w) => {
      const a = w.addFeed(feedItem('a'));
      const b = w.addFeed(feedItem('b'));
      w.enqueue(row('a', a));
      w.enqueue(row('b', b));
      w.updateFeed(a, { fate: 'queued', reason: 'again' });
      // Inside the transaction nothing has been announced yet.
      expect(m.pushed).toEqual([]);
      expect(m.wakes).toBe(0);
      return [a, b];
    });
    expect(m.pushed).toEqual(result);
    expect(m.wakes).toBe(1);
    expect(m.outbox.counts().pending).toBe(2);
  });

  it('a failure inside rolls everything back: no feed row, no outbox row, nothing pushed, no wake', () => {
    const m = memoryQueue();
    expect(() =>
      m.queue.write((w) => {
        const a = w.addFeed(feedItem('a'));
        w.enqueue(row('a', a));
        throw new Error('disk full');
      }),
    ).toThrow('disk full');
    expect(m.feed.page({}).total).toBe(0);
    expect(m.outbox.counts()).toEqual({ pending: 0, failed: 0, held: 0, quiet: 0 });
    expect(m.pushed).toEqual([]);
    expect(m.wakes).toBe(0);
  });

  it('held rows (a pause) do not wake delivery; a requeue does', () => {
    const m = memoryQueue();
    const id = m.queue.write((w) => w.enqueue(row('h', null, 'held')));
    expect(m.wakes).toBe(0);
    m.queue.write((w) => w.requeue(id, 5));
    expect(m.wakes).toBe(1);
    expect(m.outbox.get(id)?.state).toBe('pending');
  });
});
