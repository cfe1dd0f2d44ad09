import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../test/fakes/clock.js';
import { sampleEvent } from '../../../test/fixtures/sample-events.js';
import { memoryQueue, recordingLogger } from '../../../test/support/in-memory-ports.js';
import { NOTIFY_REASONS } from '../../contract/vocabulary/people.js';
import type { DmSummaryPayload } from '../slack/delivery/delivery-service.js';
import type { StoredPerson } from '../settings/settings-model.js';
import { PeopleStore } from '../state/people-store.js';
import { PeopleDirectory } from './directory.js';
import { noticesFromEvent, queueNotices } from './personal-notifier.js';
import { QUIET_CHECK_MS, QuietRelease } from './quiet-release.js';

const ALICE: StoredPerson = {
  slack: 'U0ALICE01',
  accounts: { github: 'alice' },
  tokens: {},
  notify: [...NOTIFY_REASONS],
  timeZone: 'Europe/Berlin',
  quietHours: { from: '19:00', to: '08:00', weekends: false },
  digest: null,
};

function world(start: string) {
  const clock = new ManualClock(start);
  const m = memoryQueue(clock.now);
  const store = new PeopleStore(m.db);
  const people = new PeopleDirectory([ALICE]);
  const released: [string, number][] = [];
  const release = new QuietRelease({
    clock,
    logger: recordingLogger(),
    queue: m.queue,
    people: () => people,
    onReleased: (slack, count) => void released.push([slack, count]),
    onError: (error) => {
      throw error;
    },
  });
  let n = 0;
  /** A pull request asking alice for a review, queued as the ingest would. */
  const reviewRequest = () => {
    n++;
    const event = sampleEvent('pulls', {
      id: `e${n}`,
      actor: 'carol',
      subjectKey: `pull:${n}`,
      number: n,
      title: `PR ${n}`,
      involved: { reviewers: ['alice'] },
    });
    return m.queue.write((w) =>
      queueNotices(
        w,
        noticesFromEvent(event, people, () => true),
        { people, store, now: clock.now(), paused: null },
        true,
      ),
    );
  };
  return { clock, m, store, release, released, reviewRequest };
}

describe('DMs held for quiet hours (docs/cli-and-config.md §4)', () => {
  it('a DM inside quiet hours is held (not sent), outside it is queued at once', () => {
    // 21:00 in Berlin (UTC+1 in March): quiet.
    const w = world('2026-03-04T20:00:00Z');
    const [held] = w.reviewRequest();
    expect(held?.held).toBe(true);
    expect(w.m.outbox.counts()).toMatchObject({ pending: 0, quiet: 1 });
    expect(w.m.wakes).toBe(0);
    w.clock.set('2026-03-05T09:00:00Z');
    const [sent] = w.reviewRequest();
    expect(sent?.held).toBe(false);
    expect(w.m.outbox.counts()).toMatchObject({ pending: 1, quiet: 1 });
  });

  it('when quiet hours end, every held DM becomes ONE summary within 60 s, listing each item; never twice', () => {
    const w = world('2026-03-04T20:00:00Z');
    w.release.start();
    w.reviewRequest();
    w.reviewRequest();
    w.reviewRequest();
    // Still quiet at 07:59 Berlin: nothing moves.
    w.clock.set('2026-03-05T06:59:00Z');
    expect(w.m.outbox.counts()).toMatchObject({ pending: 0, quiet: 3 });
    // 08:00 Berlin is 07:00 UTC: the next check (at most 30 s later) sends the summary.
    w.clock.set('2026-03-05T07:00:00Z');
    w.clock.advance(QUIET_CHECK_MS);
    expect(w.m.outbox.counts()).toMatchObject({ pending: 1, quiet: 0 });
    const [head] = w.m.outbox.heads();
    expect(head).toMatchObject({ kind: 'dm-summary', channel: 'U0ALICE01' });
    const payload = JSON.parse(head?.payload ?? '{}') as DmSummaryPayload;
    expect(payload.notices.map((n) => n.title)).toEqual(['PR 1', 'PR 2', 'PR 3']);
    expect(payload.feedIds).toHaveLength(3);
    expect(w.released).toEqual([['U0ALICE01', 3]]);
    w.clock.advance(5 * QUIET_CHECK_MS);
    expect(w.m.outbox.counts()).toMatchObject({ pending: 1, quiet: 0 });
    w.release.stop();
  });

  it('one held DM goes out as itself; a restart that finds quiet hours over releases at once', () => {
    const w = world('2026-03-04T20:00:00Z');
    w.reviewRequest();
    w.clock.set('2026-03-05T10:00:00Z');
    // A new QuietRelease (an engine that starts after the night) checks at start.
    w.release.start();
    w.clock.advance(0);
    expect(w.m.outbox.counts()).toMatchObject({ pending: 1, quiet: 0 });
    expect(w.m.outbox.heads()[0]).toMatchObject({ kind: 'dm' });
    w.release.stop();
  });

  it('the same request again does not DM twice; after the window it does', () => {
    const w = world('2026-03-05T10:00:00Z');
    const event = sampleEvent('pulls', {
      id: 'x1',
      actor: 'carol',
      subjectKey: 'pull:9',
      involved: { reviewers: ['alice'] },
    });
    const people = new PeopleDirectory([ALICE]);
    const queue = (id: string) =>
      w.m.queue.write((writer) =>
        queueNotices(
          writer,
          noticesFromEvent({ ...event, id }, people, () => true),
          { people, store: w.store, now: w.clock.now(), paused: null },
          true,
        ),
      );
    expect(queue('x1')).toHaveLength(1);
    expect(queue('x2')).toHaveLength(0);
    w.clock.advance(13 * 3_600_000);
    expect(queue('x3')).toHaveLength(1);
  });
});
