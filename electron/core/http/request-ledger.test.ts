import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../test/fakes/clock.js';
import { RequestLedger, RequestPacer } from './request-ledger.js';

describe('request ledger', () => {
  it('counts requests and free 304s per minute over the last hour, zeros included', () => {
    const clock = new ManualClock('2025-06-02T09:00:10Z');
    const ledger = new RequestLedger(clock);
    ledger.record(200);
    ledger.record(304);
    clock.advance(60_000);
    ledger.record(304);
    const hour = ledger.lastHour();
    expect(hour).toHaveLength(60);
    expect(hour.at(-2)).toMatchObject({ at: Date.parse('2025-06-02T09:00:00Z'), requests: 2, notModified: 1 });
    expect(hour.at(-1)).toMatchObject({ requests: 1, notModified: 1 });
    clock.advance(61 * 60_000);
    expect(ledger.lastHour().every((m) => m.requests === 0)).toBe(true);
  });
});

describe('request pacer', () => {
  it('never lets more than its maximum through in any window; the rest wait for the oldest to leave it', async () => {
    const clock = new ManualClock();
    const pacer = new RequestPacer(clock, 3, 60_000);
    const sent: number[] = [];
    const take = async (): Promise<void> => {
      await pacer.take();
      sent.push(clock.monotonic());
    };
    const all = Promise.all(Array.from({ length: 7 }, () => take()));
    await Promise.resolve();
    await new Promise((r) => setImmediate(r));
    expect(sent).toEqual([0, 0, 0]);
    clock.advance(60_001);
    await new Promise((r) => setImmediate(r));
    clock.advance(60_001);
    await new Promise((r) => setImmediate(r));
    await all;
    expect(sent).toHaveLength(7);
    for (let i = 3; i < sent.length; i++) expect(sent[i]! - sent[i - 3]!).toBeGreaterThanOrEqual(60_000);
  });
});
