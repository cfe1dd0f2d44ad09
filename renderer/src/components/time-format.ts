/** Short relative times for rows and badges: "just now", "5 min ago", "in 30 s". */
export function formatRelative(iso: string, now: number): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return 'unknown time';
  const diff = Math.round((time - now) / 1000);
  const abs = Math.abs(diff);
  const future = diff > 0;
  if (abs < 5) return future ? 'now' : 'just now';
  let text: string;
  if (abs < 60) text = `${abs} s`;
  else if (abs < 3600) text = `${Math.floor(abs / 60)} min`;
  else if (abs < 86_400) text = `${Math.floor(abs / 3600)} h`;
  else if (abs < 7 * 86_400) text = `${Math.floor(abs / 86_400)} d`;
  else return formatDate(iso);
  return future ? `in ${text}` : `${text} ago`;
}

// Intl formatters are expensive to build and the feed formats many dates per frame: build each once, on first use.
let dateFormat: Intl.DateTimeFormat | null = null;
let clockFormat: Intl.DateTimeFormat | null = null;

export function formatDate(iso: string): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return iso;
  dateFormat ??= new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  return dateFormat.format(time);
}

export function formatClock(iso: string): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return iso;
  clockFormat ??= new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
  return clockFormat.format(time);
}

let secondsFormat: Intl.DateTimeFormat | null = null;

/** A log line's time of day in local time, to the second: "14:12:05". */
export function formatClockSeconds(iso: string): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return iso;
  secondsFormat ??= new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  return secondsFormat.format(time);
}
