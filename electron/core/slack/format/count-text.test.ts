import { describe, expect, it } from 'vitest';
import { countText } from './count-text.js';

describe('countText', () => {
  it('writes counts as en-US does, with a comma every three digits', () => {
    const counts = [0, 1, 7, 12, 999, 1000, 1204, 9999, 10_000, 123_456, 1_000_000, 1_234_567_890, -1, -1204, -999_999];
    for (const n of counts) expect(countText(n)).toBe(n.toLocaleString('en-US'));
    expect(countText(1204)).toBe('1,204');
  });

  it('leaves what is not a whole count as JavaScript writes it', () => {
    expect(countText(1.5)).toBe('1.5');
    expect(countText(Number.NaN)).toBe('NaN');
    expect(countText(Number.POSITIVE_INFINITY)).toBe('Infinity');
  });
});
