import { describe, expect, it } from 'vitest';
import { isQuiet, localTime } from './quiet-hours.js';

const night = { from: '19:00', to: '08:00', weekends: false };
const at = (iso: string): number => Date.parse(iso);

describe('quiet hours (docs/cli-and-config.md §4)', () => {
  it('wraps past midnight: from ≤ t < to', () => {
    const p = { timeZone: 'UTC', quietHours: night };
    expect(isQuiet(at('2026-03-04T18:59:00Z'), p)).toBe(false);
    expect(isQuiet(at('2026-03-04T19:00:00Z'), p)).toBe(true);
    expect(isQuiet(at('2026-03-05T03:00:00Z'), p)).toBe(true);
    expect(isQuiet(at('2026-03-05T07:59:00Z'), p)).toBe(true);
    expect(isQuiet(at('2026-03-05T08:00:00Z'), p)).toBe(false);
  });

  it('a daytime window does not wrap', () => {
    const p = { timeZone: 'UTC', quietHours: { from: '12:00', to: '13:30', weekends: false } };
    expect(isQuiet(at('2026-03-04T11:59:00Z'), p)).toBe(false);
    expect(isQuiet(at('2026-03-04T13:29:00Z'), p)).toBe(true);
    expect(isQuiet(at('2026-03-04T13:30:00Z'), p)).toBe(false);
    expect(isQuiet(at('2026-03-04T23:00:00Z'), p)).toBe(false);
  });

  it('follows the zone across the spring DST switch (Europe/Berlin, 29 March 2026)', () => {
    const p = { timeZone: 'Europe/Berlin', quietHours: night };
    // Saturday 19:30 CET (UTC+1) is quiet; Sunday 07:30 CEST (UTC+2) still is; 08:30 CEST no longer.
    expect(isQuiet(at('2026-03-28T18:30:00Z'), p)).toBe(true);
    expect(isQuiet(at('2026-03-29T05:30:00Z'), p)).toBe(true);
    expect(isQuiet(at('2026-03-29T06:30:00Z'), p)).toBe(false);
    expect(localTime(at('2026-03-29T06:30:00Z'), 'Europe/Berlin')).toEqual({ weekday: 'sun', minutes: 8 * 60 + 30 });
  });

  it('follows the zone across the autumn DST switch (America/New_York, 1 November 2026)', () => {
    const p = { timeZone: 'America/New_York', quietHours: night };
    // 07:30 EST (UTC-5) on Sunday is quiet, 08:00 EST is not; before the switch 07:30 EDT was 11:30 UTC.
    expect(isQuiet(at('2026-11-01T12:30:00Z'), p)).toBe(true);
    expect(isQuiet(at('2026-11-01T13:00:00Z'), p)).toBe(false);
    expect(isQuiet(at('2026-10-31T11:30:00Z'), p)).toBe(true);
    expect(isQuiet(at('2026-10-31T12:00:00Z'), p)).toBe(false);
  });

  it('weekends: all of Saturday and Sunday are quiet, in local time', () => {
    const p = { timeZone: 'Asia/Tokyo', quietHours: { ...night, weekends: true } };
    // Friday 23:00 UTC is Saturday 08:00 in Tokyo: quiet all day.
    expect(isQuiet(at('2026-03-06T23:00:00Z'), p)).toBe(true);
    expect(isQuiet(at('2026-03-07T03:00:00Z'), p)).toBe(true);
    // Sunday 23:59 Tokyo is quiet; Monday 08:00 Tokyo (Sunday 23:00 UTC) is not.
    expect(isQuiet(at('2026-03-08T14:59:00Z'), p)).toBe(true);
    expect(isQuiet(at('2026-03-08T23:00:00Z'), p)).toBe(false);
    expect(isQuiet(at('2026-03-07T03:00:00Z'), { ...p, quietHours: night })).toBe(false);
  });

  it('no quiet hours: never quiet', () => {
    expect(isQuiet(at('2026-03-07T03:00:00Z'), { timeZone: 'UTC', quietHours: null })).toBe(false);
  });
});
