import { describe, expect, it } from 'vitest';
import { dueOccurrence, nextOccurrence, zonedInstant } from './digest-schedule.js';

const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());
const at = (s: string) => Date.parse(s);
const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri'] as const;
const EVERY_DAY = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

describe('digest schedule: local time, DST-correct', () => {
  it('09:30 in Berlin is 08:30 UTC in winter and 07:30 UTC in summer', () => {
    expect(iso(zonedInstant({ year: 2026, month: 12, day: 7 }, '09:30', 'Europe/Berlin'))).toBe(
      '2026-12-07T08:30:00.000Z',
    );
    expect(iso(zonedInstant({ year: 2026, month: 7, day: 6 }, '09:30', 'Europe/Berlin'))).toBe(
      '2026-07-06T07:30:00.000Z',
    );
  });

  it('across the spring-forward: the day before, the day itself, and the day after keep 09:30 local', () => {
    const s = { at: '09:30', days: EVERY_DAY, timeZone: 'Europe/Berlin' };
    // 2026-03-29: Berlin goes from +01:00 to +02:00 at 02:00 local.
    expect(iso(nextOccurrence(s, at('2026-03-28T09:00:00Z'))?.at)).toBe('2026-03-29T07:30:00.000Z');
    expect(iso(nextOccurrence(s, at('2026-03-27T12:00:00Z'))?.at)).toBe('2026-03-28T08:30:00.000Z');
    expect(iso(nextOccurrence(s, at('2026-03-29T08:00:00Z'))?.at)).toBe('2026-03-30T07:30:00.000Z');
  });

  it('a time inside the DST gap happens just after it; a time in the overlap happens once, the first time', () => {
    // 02:30 does not exist in New York on 2026-03-08 (02:00 → 03:00): 03:30 EDT = 07:30 UTC.
    expect(iso(zonedInstant({ year: 2026, month: 3, day: 8 }, '02:30', 'America/New_York'))).toBe(
      '2026-03-08T07:30:00.000Z',
    );
    // 01:30 exists twice on 2026-11-01 (EDT then EST): the first, 05:30 UTC.
    expect(iso(zonedInstant({ year: 2026, month: 11, day: 1 }, '01:30', 'America/New_York'))).toBe(
      '2026-11-01T05:30:00.000Z',
    );
    const s = { at: '01:30', days: EVERY_DAY, timeZone: 'America/New_York' };
    expect(dueOccurrence(s, at('2026-11-01T06:40:00Z'))?.day).toBe('2026-11-01');
    expect(iso(nextOccurrence(s, at('2026-11-01T05:31:00Z'))?.at)).toBe('2026-11-02T06:30:00.000Z');
  });

  it('only on the given days; the day is the local date', () => {
    const s = { at: '09:30', days: WEEKDAYS, timeZone: 'Pacific/Auckland' };
    // Friday 2026-12-04 09:30 NZDT = Thursday 20:30 UTC.
    expect(nextOccurrence(s, at('2026-12-03T12:00:00Z'))).toEqual({
      day: '2026-12-04',
      at: at('2026-12-03T20:30:00Z'),
    });
    // Next after Friday's is Monday's (Saturday and Sunday skipped).
    expect(nextOccurrence(s, at('2026-12-03T21:00:00Z'))?.day).toBe('2026-12-07');
  });

  it('a missed digest is due if less than 12 hours late, then no longer', () => {
    const s = { at: '09:30', days: WEEKDAYS, timeZone: 'UTC' };
    expect(dueOccurrence(s, at('2026-12-07T09:30:00Z'))?.day).toBe('2026-12-07');
    expect(dueOccurrence(s, at('2026-12-07T21:29:00Z'))?.day).toBe('2026-12-07');
    expect(dueOccurrence(s, at('2026-12-07T21:30:00Z'))).toBeNull();
    // Monday 09:29: Friday's was 72 hours ago — not due.
    expect(dueOccurrence(s, at('2026-12-07T09:29:00Z'))).toBeNull();
  });
});
