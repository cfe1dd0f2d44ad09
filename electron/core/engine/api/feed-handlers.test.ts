import { describe, expect, it } from 'vitest';
import { memoryQueue, recordEvent, recordingLogger } from '../../../../test/support/in-memory-ports.js';
import { FailedStore } from '../../state/failed-store.js';
import { FailedDeliveries } from '../failed-deliveries.js';
import { feedHandlers } from './feed-handlers.js';

const clock = {
  now: () => Date.parse('2025-06-02T09:00:00Z'),
  monotonic: () => 0,
  setTimeout: () => ({ cancel: () => undefined }),
};

function setup() {
  const m = memoryQueue();
  const logger = recordingLogger();
  const failures = new FailedDeliveries({ store: new FailedStore(m.db), queue: m.queue, clock, logger });
  let read = 0;
  const h = feedHandlers({
    feedPage: (q) => m.feed.page(q),
    destinationsOf: (id) => m.feed.destinationsOf(id),
    failures,
    markRead: () => void read++,
  });
  /** Marks deliveries failed as the delivery service does: the outbox row and its destination's words. */
  const fail = (outboxIds: (number | null)[], code: string, reason: string, fixAt: 'slack' | 'subscription') => {
    for (const id of outboxIds) if (id !== null) m.outbox.markFailed(id, `Slack: ${code}`);
    m.queue.write((w) => {
      for (const id of outboxIds)
        if (id !== null)
          w.updateDelivery(id, {
            fate: 'failed',
            reason,
            fix: 'Do this.',
            fixAt,
            errorCode: code,
            error: `Slack: ${code}`,
          });
    });
  };
  return { m, h, failures, fail, logger, read: () => read };
}

describe('feed.* and failed deliveries fixed in one place', () => {
  it('feed.retry sends the failed deliveries of one event (or one destination) again, in one queue write', async () => {
    const { m, h, fail, read } = setup();
    await expect(h['feed.retry']({ id: 999 })).rejects.toMatchObject({ code: 'not_found' });
    const filtered = recordEvent(m, { destinations: [{ target: 'x', fate: 'filtered', delivery: false }] });
    await expect(h['feed.retry']({ id: filtered.feedId })).rejects.toMatchObject({
      code: 'conflict',
      message: 'This delivery is filtered, not failed.',
    });
    const e = recordEvent(m, { destinations: [{ target: 'a' }, { target: 'b' }, { target: 'c' }] });
    const [a, b, c] = e.outboxIds as [number, number, number];
    await expect(h['feed.retry']({ id: e.feedId })).rejects.toMatchObject({
      code: 'conflict',
      message: 'Nothing of this event failed.',
    });
    await expect(h['feed.retry']({ id: e.feedId, destinationId: 12345 })).rejects.toMatchObject({ code: 'not_found' });
    fail([a, b], 'channel_not_found', 'No such channel.', 'subscription');
    const pushedBefore = m.pushed.length;
    const wakesBefore = m.wakes;
    await h['feed.retry']({ id: e.feedId, destinationId: e.destinationIds[0] });
    expect([a, b, c].map((id) => m.outbox.get(id)?.state)).toEqual(['pending', 'failed', 'pending']);
    await h['feed.retry']({ id: e.feedId });
    expect(m.outbox.get(b)?.state).toBe('pending');
    expect(m.feed.get(e.feedId)).toMatchObject({
      fate: 'queued',
      destinations: [
        { fate: 'queued', reason: 'retry requested', errorCode: null },
        { fate: 'queued', reason: 'retry requested' },
        { fate: 'queued', reason: null },
      ],
    });
    expect(m.pushed.slice(pushedBefore)).toEqual([e.feedId, e.feedId]);
    expect(m.wakes - wakesBefore).toBe(2);
    await h['feed.markRead']({});
    expect(read()).toBe(1);
  });

  it('groups failures by cause; "Retry all" and "Dismiss" act on one cause; the failed count follows', async () => {
    const { m, h, failures, fail } = setup();
    const token = [
      recordEvent(m, { destinations: [{ target: 'general' }, { target: 'ci' }] }),
      recordEvent(m, { destinations: [{ target: 'general' }] }),
    ];
    const channel = [
      recordEvent(m, { destinations: [{ target: 'nope' }, { target: 'general' }] }),
      recordEvent(m, { destinations: [{ target: 'nope' }] }),
    ];
    fail([...token.flatMap((t) => t.outboxIds)], 'invalid_auth', 'Slack rejected the bot token.', 'slack');
    fail(
      [channel[0]!.outboxIds[0]!, channel[1]!.outboxIds[0]!],
      'channel_not_found',
      'No such channel.',
      'subscription',
    );
    // A digest (no feed row) that failed on the token is counted with its cause.
    const digest = m.outbox.enqueue({
      deliveryId: 'digest|1',
      feedId: null,
      subscriptionId: null,
      channel: 'general',
      kind: 'digest',
      payload: '{}',
      at: 1,
    });
    m.outbox.markFailed(digest, 'Slack: invalid_auth');
    expect(failures.groups()).toEqual([
      {
        code: 'invalid_auth',
        count: 4,
        reason: 'Slack rejected the bot token.',
        fix: 'Do this.',
        fixAt: 'slack',
        targets: ['general', 'ci'],
      },
      {
        code: 'channel_not_found',
        count: 2,
        reason: 'No such channel.',
        fix: 'Do this.',
        fixAt: 'subscription',
        targets: ['nope'],
      },
    ]);
    expect(m.outbox.counts().failed).toBe(6);

    expect(await h['feed.retryFailed']({ code: 'channel_not_found' })).toEqual({ retried: 2 });
    expect(failures.groups().map((g) => [g.code, g.count])).toEqual([['invalid_auth', 4]]);
    expect(m.feed.get(channel[1]!.feedId)?.destinations[0]).toMatchObject({
      fate: 'queued',
      reason: 'retry requested',
    });

    expect(await h['feed.dismiss']({ code: 'invalid_auth' })).toEqual({ dismissed: 4 });
    expect(m.outbox.counts().failed).toBe(0);
    expect(m.outbox.get(digest)?.state).toBe('dropped');
    expect(m.feed.get(token[0]!.feedId)).toMatchObject({
      fate: 'dropped',
      destinations: [
        { fate: 'dropped', reason: 'dismissed: not sent' },
        { fate: 'dropped', reason: 'dismissed: not sent' },
      ],
    });
    expect(failures.groups()).toEqual([]);
    // Nothing left of that cause: nothing more to retry.
    expect(await h['feed.retryFailed']({ code: 'invalid_auth' })).toEqual({ retried: 0 });
  });

  it('dismisses one destination of an event, and refuses what did not fail', async () => {
    const { m, h, fail } = setup();
    const e = recordEvent(m, { destinations: [{ target: 'a' }, { target: 'b' }] });
    fail(e.outboxIds, 'is_archived', 'Archived.', 'subscription');
    expect(await h['feed.dismiss']({ id: e.feedId, destinationId: e.destinationIds[1] })).toEqual({ dismissed: 1 });
    expect(m.feed.get(e.feedId)?.destinations.map((d) => d.fate)).toEqual(['failed', 'dropped']);
    await expect(h['feed.dismiss']({ id: e.feedId, destinationId: e.destinationIds[1] })).rejects.toMatchObject({
      code: 'conflict',
    });
    await expect(h['feed.dismiss']({ destinationId: 1 })).rejects.toMatchObject({ code: 'invalid_params' });
  });

  it('when the cause is fixed, its failures go out again on their own; a subscription pointed elsewhere takes its failures along', () => {
    const { m, failures, fail, logger } = setup();
    const token = recordEvent(m, { destinations: [{ target: 'general' }] });
    const scope = recordEvent(m, { destinations: [{ target: 'general' }] });
    const moved = recordEvent(m, {
      destinations: [
        {
          target: 'nope',
          subscriptionId: 's1',
          delivery: { payload: JSON.stringify({ kind: 'event', event: { event: 'pipelines' } }) },
        },
      ],
    });
    fail(token.outboxIds, 'invalid_auth', 'Bad token.', 'slack');
    fail(scope.outboxIds, 'channel_not_found', 'No such channel.', 'subscription');
    fail(moved.outboxIds, 'channel_not_found', 'No such channel.', 'subscription');
    expect(failures.resendFixed((f) => f.code === 'invalid_auth', 'the bot token works now')).toBe(1);
    expect(m.feed.get(token.feedId)?.destinations[0]).toMatchObject({
      fate: 'queued',
      reason: 'sent again: the bot token works now',
    });
    expect(logger.text()).toMatch(/sent 1 failed deliveries again: the bot token works now/);
    // The subscription's pipelines now go to #ci: its failed pipeline delivery follows, nothing else moves.
    const targets: (string | null)[] = [];
    expect(
      failures.readdress('s1', ['channel_not_found'], (event) => {
        targets.push(event);
        return event === 'pipelines' ? 'ci' : 'nope';
      }),
    ).toBe(1);
    expect(targets).toEqual(['pipelines']);
    expect(m.outbox.get(moved.outboxIds[0]!)).toMatchObject({ state: 'pending', channel: 'ci' });
    expect(m.feed.get(moved.feedId)?.destinations[0]).toMatchObject({ target: 'ci', fate: 'queued' });
    expect(m.outbox.get(scope.outboxIds[0]!)?.state).toBe('failed');
  });
});
