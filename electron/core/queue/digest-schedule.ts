import { WEEKDAYS, type Weekday } from '../../contract/vocabulary/people.js';

/**
 * When a digest is due (docs/cli-and-config.md §5): `at` local time in `timeZone` on `days`, DST-correct. A local time
 * that does not exist on a day (skipped by a spring-forward) falls at the first instant after the gap; one that exists
 * twice (fall-back) is the first of the two. A digest whose time passed less than 12 hours ago is still due (it was
 * missed while Forgebell was not running); older ones are skipped. The day a digest is for is its local calendar date,
 * the key of its "posted" record.
 */

export const MISSED_GRACE_MS = 12 * 60 * 60_000;

interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  weekday: Weekday;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      weekday: 'short',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function localParts(ms: number, timeZone: string): LocalParts {
  const parts: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(ms))) parts[p.type] = p.value;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    weekday: (parts.weekday ?? 'Mon').toLowerCase().slice(0, 3) as Weekday,
  };
}

/** Offset of the zone from UTC at an instant, in ms (local = utc + offset), to the minute. */
function offsetAt(ms: number, timeZone: string): number {
  const p = localParts(ms, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute);
  return asUtc - Math.floor(ms / 60_000) * 60_000;
}

/**
 * The instant of local date + time in a zone. Nonexistent local times (a DST gap) move forward by the gap; ambiguous
 * ones (a DST overlap) resolve to the earlier instant.
 */
export function zonedInstant(
  date: { year: number; month: number; day: number },
  time: string,
  timeZone: string,
): number {
  const [h, m] = time.split(':').map(Number) as [number, number];
  const wall = Date.UTC(date.year, date.month - 1, date.day, h, m);
  // The two offsets that can apply around this wall time: before and after any transition within a day.
  const candidates = new Set([offsetAt(wall - 86_400_000, timeZone), offsetAt(wall + 86_400_000, timeZone)]);
  const exact = [...candidates]
    .map((offset) => wall - offset)
    .filter((instant) => {
      const p = localParts(instant, timeZone);
      return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute) === wall;
    })
    .sort((a, b) => a - b);
  if (exact.length > 0) return exact[0] as number;
  // In a gap: the wall time read with the offset before the transition lands just after it.
  const before = offsetAt(wall - 86_400_000, timeZone);
  return wall - before;
}

function addDays(date: { year: number; month: number; day: number }, n: number) {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + n));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

function weekdayOf(date: { year: number; month: number; day: number }): Weekday {
  return WEEKDAYS[(new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay() + 6) % 7] as Weekday;
}

const dayKey = (d: { year: number; month: number; day: number }) =>
  `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;

export interface Schedule {
  at: string;
  days: readonly Weekday[];
  timeZone: string;
}

export interface Occurrence {
  /** The local date it is for (YYYY-MM-DD): the key of the once-per-day record. */
  day: string;
  /** When it was (or will be) due. */
  at: number;
}

/** The occurrences from two local days back to eight ahead, in time order. */
function occurrences(schedule: Schedule, now: number): Occurrence[] {
  const today = localParts(now, schedule.timeZone);
  const out: Occurrence[] = [];
  for (let n = -2; n <= 8; n++) {
    const date = addDays(today, n);
    if (!schedule.days.includes(weekdayOf(date))) continue;
    out.push({ day: dayKey(date), at: zonedInstant(date, schedule.at, schedule.timeZone) });
  }
  return out.sort((a, b) => a.at - b.at);
}

/** The occurrence due now: the latest one not in the future, if it is less than 12 hours late. */
export function dueOccurrence(schedule: Schedule, now: number): Occurrence | null {
  const past = occurrences(schedule, now).filter((o) => o.at <= now);
  const latest = past[past.length - 1];
  return latest && now - latest.at < MISSED_GRACE_MS ? latest : null;
}

/** The next occurrence after now (for the timer). */
export function nextOccurrence(schedule: Schedule, now: number): Occurrence | null {
  return occurrences(schedule, now).find((o) => o.at > now) ?? null;
}
