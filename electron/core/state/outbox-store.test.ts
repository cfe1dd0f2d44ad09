import { describe, expect, it } from 'vitest';
import { openMemoryDatabase } from './database.js';
import { OutboxStore } from './outbox-store.js';

function store(): OutboxStore {
  return new OutboxStore(openMemoryDatabase());
}

const row = (deliveryId: string, channel: string, extra: Partial<Parameters<OutboxStore['enqueue']>[0]> = {}) => ({
  deliveryId,
  feedId: null,
  subscriptionId: null,
  channel,
  kind: 'event' as const,
  payload: '{}',
  at: 1000,
  ...extra,
});

describe('OutboxStore', () => {
  it('enqueues a delivery id once: a second enqueue of the same id is ignored (polls that overlap)', () => {
    const outbox = store();
    const first = outbox.enqueue(row('a', 'general'));
    outbox.enqueue(row('a', 'general', { payload: '{"other":1}' }));
    expect(outbox.get(first)).toMatchObject({ deliveryId: 'a', payload: '{}', state: 'pending', attempts: 0 });
    expect(outbox.counts()).toEqual({ pending: 1, failed: 0, held: 0, quiet: 0 });
  });

  it('gives the head of each channel, oldest first, and a row being sent stays the head of its channel', () => {
    const outbox = store();
    const a1 = outbox.enqueue(row('a1', 'a'));
    outbox.enqueue(row('a2', 'a'));
    const b1 = outbox.enqueue(row('b1', 'b'));
    expect(outbox.heads().map((r) => r.id)).toEqual([a1, b1]);
    outbox.markSending(a1);
    expect(outbox.heads().map((r) => [r.id, r.state, r.attempts])).toEqual([
      [a1, 'sending', 1],
      [b1, 'pending', 0],
    ]);
    outbox.markSent(a1, 'C1', '1.2');
    expect(outbox.heads().map((r) => r.deliveryId)).toEqual(['a2', 'b1']);
    expect(outbox.get(a1)).toMatchObject({ state: 'sent', sentChannel: 'C1', sentTs: '1.2', lastError: null });
  });

  it.each([
    ['failed', true],
    ['held', true],
    ['sent', false],
    ['pending', false],
  ] as const)('requeue of a %s row: back in the queue = %s', (state, requeued) => {
    const outbox = store();
    const id = outbox.enqueue(row('x', 'c', { state: state === 'held' ? 'held' : 'pending' }));
    if (state === 'failed') outbox.markFailed(id, 'boom');
    if (state === 'sent') outbox.markSent(id, null, null);
    outbox.requeue(id, 5000);
    const after = outbox.get(id)!;
    if (requeued) expect(after).toMatchObject({ state: 'pending', nextAttemptAt: 5000, attempts: 0 });
    else expect(after.state).toBe(state);
  });

  it('held rows are not heads; counts say what waits, what failed and what is held', () => {
    const outbox = store();
    outbox.enqueue(row('h', 'c', { state: 'held' }));
    const f = outbox.enqueue(row('f', 'd'));
    outbox.markFailed(f, 'channel_not_found');
    const r = outbox.enqueue(row('r', 'e'));
    outbox.markRetry(r, 9000, 'timeout');
    expect(outbox.heads().map((x) => x.deliveryId)).toEqual(['r']);
    expect(outbox.get(r)).toMatchObject({ nextAttemptAt: 9000, lastError: 'timeout' });
    expect(outbox.held().map((x) => x.deliveryId)).toEqual(['h']);
    expect(outbox.counts()).toEqual({ pending: 1, failed: 1, held: 1, quiet: 0 });
    expect(outbox.byFeedId(1)).toBeNull();
  });
});
