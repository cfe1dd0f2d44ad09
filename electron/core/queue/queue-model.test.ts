import { describe, expect, it } from 'vitest';
import { ageLabel, isStale, reviewState, workingDaysBetween } from './queue-model.js';

describe('approval rule (§5)', () => {
  it.each([
    [[], 'waiting'],
    [[{ login: 'a', state: 'approved' }], 'approved'],
    [
      [
        { login: 'a', state: 'approved' },
        { login: 'b', state: 'changes_requested' },
      ],
      'changes_requested',
    ],
    // A later review by the same person replaces the earlier one (latest per reviewer, case-insensitive).
    [
      [
        { login: 'a', state: 'changes_requested' },
        { login: 'A', state: 'approved' },
      ],
      'approved',
    ],
    [
      [
        { login: 'a', state: 'approved' },
        { login: 'a', state: 'changes_requested' },
      ],
      'changes_requested',
    ],
  ] as const)('%j → %s', (reviews, expected) => {
    expect(reviewState(reviews)).toBe(expected);
  });
});

describe('staleness in working days', () => {
  const at = (iso: string) => Date.parse(iso);
  it('Saturday and Sunday do not count', () => {
    // Friday 18:00 → Monday 18:00: 6 h of Friday + 18 h of Monday = one working day.
    expect(workingDaysBetween(at('2026-12-04T18:00:00Z'), at('2026-12-07T18:00:00Z'))).toBeCloseTo(1);
    expect(workingDaysBetween(at('2026-12-05T00:00:00Z'), at('2026-12-07T00:00:00Z'))).toBe(0);
    expect(workingDaysBetween(at('2026-12-01T09:00:00Z'), at('2026-12-03T09:00:00Z'))).toBeCloseTo(2);
  });
  it('weekends are the time zone’s: Friday 23:00 UTC is already Saturday in Tokyo', () => {
    // 2026-12-04 (Friday) 20:00 UTC → 2026-12-05 00:00 UTC: Friday in UTC, Saturday 05:00–09:00 in Tokyo.
    expect(workingDaysBetween(at('2026-12-04T20:00:00Z'), at('2026-12-05T00:00:00Z'))).toBeCloseTo(4 / 24);
    expect(workingDaysBetween(at('2026-12-04T20:00:00Z'), at('2026-12-05T00:00:00Z'), 'Asia/Tokyo')).toBe(0);
    // Sunday 20:00 UTC → Monday 02:00 UTC is Monday 05:00–11:00 in Tokyo: 6 working hours there, 2 in UTC.
    expect(workingDaysBetween(at('2026-12-06T20:00:00Z'), at('2026-12-07T02:00:00Z'), 'Asia/Tokyo')).toBeCloseTo(
      6 / 24,
    );
    expect(workingDaysBetween(at('2026-12-06T20:00:00Z'), at('2026-12-07T02:00:00Z'))).toBeCloseTo(2 / 24);
  });

  it('stale after staleAfterDays working days of no activity', () => {
    const friday = '2026-12-04T12:00:00Z';
    expect(isStale({ updatedAt: friday }, at('2026-12-07T11:00:00Z'), 1)).toBe(false);
    expect(isStale({ updatedAt: friday }, at('2026-12-07T12:00:00Z'), 1)).toBe(true);
    expect(isStale({ updatedAt: friday }, at('2026-12-08T11:59:00Z'), 2)).toBe(false);
    expect(isStale({ updatedAt: friday }, at('2026-12-08T12:00:00Z'), 2)).toBe(true);
  });
});

describe('ages in digests and /forgebell todo', () => {
  const now = Date.parse('2026-03-10T12:00:00Z');
  const ago = (ms: number) => new Date(now - ms).toISOString();
  it('says "just now" under a minute, never "0m"', () => {
    expect(ageLabel(ago(20_000), now)).toBe('just now');
    expect(ageLabel(ago(-5_000), now)).toBe('just now');
  });
  it('counts minutes, hours, days and weeks', () => {
    expect(ageLabel(ago(12 * 60_000), now)).toBe('12m');
    expect(ageLabel(ago(3 * 3_600_000), now)).toBe('3h');
    expect(ageLabel(ago(47 * 3_600_000), now)).toBe('47h');
    expect(ageLabel(ago(3 * 86_400_000), now)).toBe('3d');
    expect(ageLabel(ago(35 * 86_400_000), now)).toBe('5w');
  });
  it('says so when the forge gave no usable date', () => {
    expect(ageLabel('not a date', now)).toBe('age unknown');
  });
});
