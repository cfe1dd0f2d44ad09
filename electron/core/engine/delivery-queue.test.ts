import { describe, expect, it } from 'vitest';
import { memoryQueue } from '../../../test/support/in-memory-ports.js';
import type { NewFeedEvent } from '../state/feed-store.js';
import type { NewDelivery } from './delivery-queue.js';

const event = (eventId: string): NewFeedEvent => ({
  eventId,
  event: 'issues',
  action: 'opened',
  forge: 'github',
  repo: 'o/r',
  actor: 'mona',
  summary: eventId,
  url: 'https://github.com/o/r/issues/1',
  createdAt: '2025-06-02T09:00:00Z',
});
const delivery = (deliveryId: string, state?: 'held'): NewDelivery => ({
  deliveryId,
  kind: 'event',
  payload: '{}',
  at: 1,
  ...(state ? { state } : {}),
});
const channel = (target: string, subscriptionId = 's1') => ({
  kind: 'channel' as const,
  target,
  subscriptionId,
  fate: 'queued' as const,
});

describe('DeliveryQueue: feed rows, destinations and outbox rows in one transaction, then push and wake', () => {
  it('links each destination to its outbox row; pushes every touched event once and wakes once, after the commit', () => {
    const m = memoryQueue();
    const result = m.queue.write((w) => {
      const a = w.addEvent(event('a'));
      const b = w.addEvent(event('b'));
      w.addDestination(a, channel('general'), delivery('a|s1'));
      w.addDestination(a, channel('ci', 's2'), delivery('a|s2'));
      w.addDestination(b, { ...channel('general'), fate: 'filtered', reason: 'issues are off' });
      // Inside the transaction nothing has been announced yet.
      expect(m.pushed).toEqual([]);
      expect(m.wakes).toBe(0);
      return [a, b];
    });
    expect(m.pushed).toEqual(result);
    expect(m.wakes).toBe(1);
    expect(m.outbox.counts().pending).toBe(2);
    const [a] = result as [number, number];
    const refs = m.feed.destinationsOf(a);
    expect(
      refs.map((d) => m.outbox.get(d.outboxId ?? -1)).map((o) => [o?.channel, o?.subscriptionId, o?.feedId]),
    ).toEqual([
      ['general', 's1', a],
      ['ci', 's2', a],
    ]);
    m.queue.write((w) => w.updateDelivery(refs[1]!.outboxId!, { fate: 'failed', reason: 'archived' }));
    expect(m.pushed).toEqual([...result, a]);
    expect(m.feed.get(a)).toMatchObject({ fate: 'failed', destinations: [{ fate: 'queued' }, { fate: 'failed' }] });
  });

  it('a failure inside rolls everything back: no feed row, no destination, no outbox row, nothing pushed, no wake', () => {
    const m = memoryQueue();
    expect(() =>
      m.queue.write((w) => {
        const a = w.addEvent(event('a'));
        w.addDestination(a, channel('general'), delivery('a|s1'));
        throw new Error('disk full');
      }),
    ).toThrow('disk full');
    expect(m.feed.page({}).total).toBe(0);
    expect(m.db.prepare('SELECT COUNT(*) AS n FROM feed_destinations').get()).toEqual({ n: 0 });
    expect(m.outbox.counts()).toEqual({ pending: 0, failed: 0, held: 0, quiet: 0 });
    expect(m.pushed).toEqual([]);
    expect(m.wakes).toBe(0);
  });

  it('held rows (a pause) do not wake delivery; a requeue does', () => {
    const m = memoryQueue();
    const id = m.queue.write((w) =>
      w.enqueue({ ...delivery('h', 'held'), feedId: null, subscriptionId: null, channel: 'general' }),
    );
    expect(m.wakes).toBe(0);
    m.queue.write((w) => w.requeue(id, 5));
    expect(m.wakes).toBe(1);
    expect(m.outbox.get(id)?.state).toBe('pending');
  });
});
