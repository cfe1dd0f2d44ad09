import { describe, expect, it } from 'vitest';
import { ManualClock } from './clock.js';

describe('ManualClock (the fakes and the code under test share it)', () => {
  it('moves only when told, firing due timers in order, each at its own due time', () => {
    const clock = new ManualClock('2025-06-02T09:00:00Z');
    const start = clock.now();
    const fired: [string, number][] = [];
    clock.setTimeout(() => fired.push(['b', clock.now() - start]), 2000);
    clock.setTimeout(() => fired.push(['a', clock.now() - start]), 1000);
    clock.setTimeout(() => fired.push(['a2', clock.now() - start]), 1000);
    const cancelled = clock.setTimeout(() => fired.push(['never', 0]), 1500);
    cancelled.cancel();
    expect(clock.now()).toBe(start);
    clock.advance(1999);
    expect(fired).toEqual([
      ['a', 1000],
      ['a2', 1000],
    ]);
    clock.advance(1);
    expect(fired.at(-1)).toEqual(['b', 2000]);
    expect(clock.now() - start).toBe(2000);
  });

  it('fires a timer a callback sets within the same move, as a real clock would', () => {
    const clock = new ManualClock(0);
    const ticks: number[] = [];
    const tick = (): void => {
      ticks.push(clock.now());
      clock.setTimeout(tick, 60_000);
    };
    clock.setTimeout(tick, 60_000);
    clock.advance(10 * 60_000);
    expect(ticks).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((n) => n * 60_000));
  });

  it('monotonic() counts forward moves only: a step back of the wall clock is not time running backwards', () => {
    const clock = new ManualClock(10_000);
    const seen: number[] = [];
    clock.setTimeout(() => seen.push(clock.monotonic()), 500);
    clock.advance(1000);
    expect(seen).toEqual([500]);
    clock.set(4000);
    expect(clock.now()).toBe(4000);
    expect(clock.monotonic()).toBe(1000);
    clock.advance(250);
    expect(clock.monotonic()).toBe(1250);
  });

  it('set() takes an instant; now can be handed over unbound', () => {
    const clock = new ManualClock(0);
    const { now } = clock;
    clock.set('2025-03-11T00:00:00.000Z');
    expect(now()).toBe(Date.parse('2025-03-11T00:00:00.000Z'));
  });
});
