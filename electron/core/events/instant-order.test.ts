import { describe, expect, it } from 'vitest';
import { compareInstants } from './instant-order.js';

describe('compareInstants', () => {
  it('orders forge timestamps by the instant they name, whatever their precision or offset', () => {
    const stamps = [
      '2025-06-02T23:20:01Z',
      '2025-06-02T23:20:00.500Z',
      '2025-06-03T01:19:00+02:00', // 23:19 UTC
      '2025-06-02T23:20:00Z',
      'not a time',
      '2025-06-02T23:20:00.000Z',
    ];
    expect([...stamps].sort(compareInstants)).toEqual([
      '2025-06-03T01:19:00+02:00',
      '2025-06-02T23:20:00.000Z',
      '2025-06-02T23:20:00Z',
      '2025-06-02T23:20:00.500Z',
      '2025-06-02T23:20:01Z',
      'not a time',
    ]);
  });

  it('says equal for the same text', () => {
    expect(compareInstants('2025-06-02T23:20:00Z', '2025-06-02T23:20:00Z')).toBe(0);
    expect(compareInstants('x', 'x')).toBe(0);
  });
});
