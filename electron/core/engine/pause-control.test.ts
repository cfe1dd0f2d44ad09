import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../test/fakes/clock.js';
import { memoryQueue, recordingLogger } from '../../../test/support/in-memory-ports.js';
import { sampleEvent } from '../../../test/fixtures/sample-events.js';
import { PauseControl } from './pause-control.js';

function setup() {
  const clock = new ManualClock();
  const m = memoryQueue(() => clock.now());
  const errors: unknown[] = [];
  let changes = 0;
  const pause = new PauseControl({
    clock,
    logger: recordingLogger(),
    queue: m.queue,
    onChange: () => void changes++,
    onError: (e) => void errors.push(e),
  });
  const hold = (id: string, channel: string): number => {
    const event = sampleEvent('issues', { id, title: id });
    return m.queue.write((w) => {
      const feedId = w.addEvent({
        eventId: id,
        event: 'issues',
        action: 'opened',
        forge: 'github',
        repo: 'o/r',
        actor: 'x',
        summary: id,
        url: event.url,
        createdAt: event.createdAt,
      });
      w.addDestination(
        feedId,
        { kind: 'channel', target: channel, subscriptionId: null, fate: 'paused', reason: 'notifications are paused' },
        {
          deliveryId: id,
          kind: 'event',
          payload: JSON.stringify({ kind: 'event', event, threads: true, fixed: false, buttons: false }),
          state: 'held',
          at: clock.now(),
        },
      );
      return feedId;
    });
  };
  return { clock, m, pause, hold, errors, changes: () => changes };
}

describe('PauseControl', () => {
  it('resume turns the held events into one digest per channel, in one queue transaction', () => {
    const { m, pause, hold } = setup();
    pause.pause(null, 'hold');
    expect(pause.active()).toEqual({ mode: 'hold' });
    const f1 = hold('one', 'a');
    hold('two', 'a');
    hold('three', 'b');
    pause.resume();
    expect(pause.state()).toBeNull();
    const digests = m.outbox.heads();
    expect(
      digests.map((d) => [d.channel, d.kind, (JSON.parse(d.payload) as { events: unknown[] }).events.length]),
    ).toEqual([
      ['a', 'digest', 2],
      ['b', 'digest', 1],
    ]);
    expect(m.outbox.counts().held).toBe(0);
    expect(m.feed.get(f1)).toMatchObject({
      fate: 'delivered',
      destinations: [{ fate: 'delivered', reason: 'in the digest sent when notifications resumed' }],
    });
  });

  it('a pause with an end resumes on its own at that time', () => {
    const { clock, m, pause, hold } = setup();
    pause.pause(new Date(clock.now() + 60_000).toISOString(), 'hold');
    hold('one', 'a');
    clock.advance(59_000);
    expect(pause.state()).not.toBeNull();
    clock.advance(1_000);
    expect(pause.state()).toBeNull();
    expect(m.outbox.heads().map((r) => r.kind)).toEqual(['digest']);
  });

  it('when the digest cannot be written the pause stays and nothing held is lost; the next resume sends it', () => {
    const { m, pause, hold } = setup();
    pause.pause(null, 'hold');
    hold('one', 'a');
    m.db.pragma('query_only = ON');
    expect(() => pause.resume()).toThrow(/readonly/);
    expect(pause.state()).toEqual({ until: null, mode: 'hold' });
    m.db.pragma('query_only = OFF');
    expect(m.outbox.counts().held).toBe(1);
    pause.resume();
    expect(m.outbox.heads().map((r) => r.kind)).toEqual(['digest']);
  });

  it('an expired pause read inside ingest never writes there: the resume runs afterwards, on its own timer', () => {
    // A clock whose time moves without running timers (a machine waking from sleep): the pause's end has passed,
    // its timer has not fired yet, and ingest asks whether notifications are paused inside its transaction.
    let now = Date.parse('2025-06-02T09:00:00Z');
    const timers: (() => void)[] = [];
    const m = memoryQueue(() => now);
    const pause = new PauseControl({
      clock: {
        now: () => now,
        monotonic: () => now,
        setTimeout: (fn) => (timers.push(fn), { cancel: () => undefined }),
      },
      logger: recordingLogger(),
      queue: m.queue,
      onChange: () => undefined,
      onError: (e) => {
        throw e;
      },
    });
    pause.pause(new Date(now + 1000).toISOString(), 'hold');
    m.queue.write((w) =>
      w.enqueue({
        deliveryId: 'h',
        feedId: null,
        subscriptionId: null,
        channel: 'a',
        kind: 'event',
        payload: '{"kind":"event"}',
        state: 'held',
        at: now,
      }),
    );
    now += 2000;
    m.queue.write(() => {
      expect(pause.active()).toBeNull();
      expect(m.outbox.heads()).toEqual([]);
    });
    for (const run of timers.splice(0)) run();
    expect(m.outbox.heads().map((r) => r.kind)).toEqual(['digest']);
    expect(pause.state()).toBeNull();
  });
});
