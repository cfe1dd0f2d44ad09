import { Fragment } from 'react';
import { splitTimes } from './times-in-text.js';
import { formatClock, formatDate, formatRelative } from './time-format.js';

/**
 * A message with its machine times shown in local time and words ("6 Dec 2026, 14:12 (in 5 min)"); the exact time
 * stays in the markup and the tooltip. `now` comes from the parent's clock (one timer for a whole list).
 */
export function TimesInText({ text, now }: { text: string; now: number }) {
  const parts = splitTimes(text);
  return (
    <>
      {parts.map((p, i) => {
        if ('text' in p) return <Fragment key={i}>{p.text}</Fragment>;
        // Today's times need no date.
        const date =
          new Date(p.iso).toDateString() === new Date(now).toDateString() ? formatClock(p.iso) : formatDate(p.iso);
        const relative = formatRelative(p.iso, now);
        return (
          <time key={i} dateTime={p.iso} title={p.iso}>
            {relative === date ? date : `${date} (${relative})`}
          </time>
        );
      })}
    </>
  );
}
