import { clockMinutes, type QuietHours, type Weekday } from '../../contract/vocabulary/people.js';

/**
 * Quiet hours (docs/cli-and-config.md §4): `from`/`to` in the person's IANA time zone, from ≤ t < to, wrapping past
 * midnight when to < from; `weekends` makes all of Saturday and Sunday quiet. Local time comes from Intl with the
 * zone's own rules, so DST changes move nothing: 19:00 is 19:00 local on either side of the switch.
 */

const WEEKDAY_OF: Record<string, Weekday> = {
  Mon: 'mon',
  Tue: 'tue',
  Wed: 'wed',
  Thu: 'thu',
  Fri: 'fri',
  Sat: 'sat',
  Sun: 'sun',
};

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The weekday and minute of the day at `at` (epoch ms) in `timeZone`; an unknown zone counts as UTC. */
export function localTime(at: number, timeZone: string): { weekday: Weekday; minutes: number } {
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = formatter(timeZone).formatToParts(at);
  } catch {
    parts = formatter('UTC').formatToParts(at);
  }
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  return {
    weekday: WEEKDAY_OF[get('weekday')] ?? 'mon',
    minutes: (Number(get('hour')) % 24) * 60 + Number(get('minute')),
  };
}

/** Whether `at` is inside the person's quiet hours. */
export function isQuiet(at: number, person: { timeZone: string; quietHours: QuietHours | null }): boolean {
  const quiet = person.quietHours;
  if (!quiet) return false;
  const { weekday, minutes } = localTime(at, person.timeZone);
  if (quiet.weekends && (weekday === 'sat' || weekday === 'sun')) return true;
  const from = clockMinutes(quiet.from);
  const to = clockMinutes(quiet.to);
  return from < to ? minutes >= from && minutes < to : minutes >= from || minutes < to;
}
