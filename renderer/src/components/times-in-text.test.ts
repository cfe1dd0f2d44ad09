import { describe, expect, it } from 'vitest';
import { splitTimes } from './times-in-text.js';

describe('machine times in engine messages', () => {
  it('finds ISO times (UTC, offsets, fractions) and keeps the text around them', () => {
    expect(splitTimes('api.github.com rate limit reached; waiting until 2026-12-06T03:12:00.000Z.')).toEqual([
      { text: 'api.github.com rate limit reached; waiting until ' },
      { iso: '2026-12-06T03:12:00.000Z' },
      { text: '.' },
    ]);
    expect(splitTimes('paused until 2026-12-06T04:00+01:00 (held)')).toEqual([
      { text: 'paused until ' },
      { iso: '2026-12-06T04:00+01:00' },
      { text: ' (held)' },
    ]);
  });

  it('leaves text without a real time alone', () => {
    expect(splitTimes('no time here')).toEqual([{ text: 'no time here' }]);
    expect(splitTimes('build 2026-13-45T99:99Z failed')).toEqual([{ text: 'build 2026-13-45T99:99Z failed' }]);
  });
});
