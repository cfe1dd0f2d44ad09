import { describe, expect, it } from 'vitest';
import { computeWindow, prependedCount } from './window-math.js';

describe('computeWindow', () => {
  const base = { rowHeight: 60, viewportHeight: 600, overscan: 5 };

  it('renders the visible rows plus overscan below at the top', () => {
    expect(computeWindow({ ...base, scrollTop: 0, count: 10_000 })).toEqual({
      start: 0,
      end: 16,
      offsetTop: 0,
      totalHeight: 600_000,
    });
  });

  it('keeps overscan on both sides in the middle', () => {
    const w = computeWindow({ ...base, scrollTop: 60 * 5_000 + 30, count: 10_000 });
    expect(w.start).toBe(4_995);
    expect(w.end).toBe(5_016);
    expect(w.offsetTop).toBe(4_995 * 60);
    expect(w.end - w.start).toBeLessThan(30);
  });

  it('clamps a scroll position past the end (list shrank) to the last page', () => {
    const w = computeWindow({ ...base, scrollTop: 1_000_000, count: 100 });
    expect(w.end).toBe(100);
    expect(w.start).toBe(100 - 10 - 5);
  });

  it('handles lists shorter than the viewport, empty lists and a negative overscroll', () => {
    expect(computeWindow({ ...base, scrollTop: -50, count: 3 })).toEqual({
      start: 0,
      end: 3,
      offsetTop: 0,
      totalHeight: 180,
    });
    expect(computeWindow({ ...base, scrollTop: 0, count: 0 })).toEqual({
      start: 0,
      end: 0,
      offsetTop: 0,
      totalHeight: 0,
    });
  });

  it('renders at least one row before the viewport is measured', () => {
    const w = computeWindow({ ...base, viewportHeight: 0, scrollTop: 0, count: 50 });
    expect(w.end).toBeGreaterThan(0);
  });
});

describe('prependedCount', () => {
  it('counts new items inserted above the previous first one', () => {
    const keys = [13, 12, 11, 10, 9];
    expect(prependedCount(10, keys.length, (i) => keys[i])).toBe(3);
  });
  it('is 0 when nothing was inserted, the list was new, or the old first row disappeared', () => {
    const keys = [10, 9];
    const keyAt = (i: number) => keys[i];
    expect(prependedCount(10, keys.length, keyAt)).toBe(0);
    expect(prependedCount(undefined, keys.length, keyAt)).toBe(0);
    expect(prependedCount(99, keys.length, keyAt)).toBe(0);
  });
});

describe('computeWindow with an expanded row', () => {
  const base = { rowHeight: 60, viewportHeight: 600, overscan: 5 };

  it('one taller row (an expanded one) pushes the rows after it down by the difference', () => {
    const tall = { index: 10, height: 300 };
    // Above it nothing moves; the content is taller by 240.
    expect(computeWindow({ ...base, scrollTop: 0, count: 100, tall })).toMatchObject({ start: 0, totalHeight: 6_240 });
    // Scrolled into it: it is the first visible row.
    expect(computeWindow({ ...base, scrollTop: 650, count: 100, tall, overscan: 0 })).toMatchObject({
      start: 10,
      offsetTop: 600,
    });
    // Past it: row 20 starts at 20 × 60 + 240.
    const past = computeWindow({ ...base, scrollTop: 20 * 60 + 240, count: 100, tall, overscan: 0 });
    expect(past).toMatchObject({ start: 20, offsetTop: 1_440 });
    // A tall index outside the list is ignored.
    expect(computeWindow({ ...base, scrollTop: 0, count: 5, tall: { index: 9, height: 500 } }).totalHeight).toBe(300);
  });
});
