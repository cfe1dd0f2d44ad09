import { formatDate, formatRelative } from './time-format.js';
import { useNow } from './use-now.js';

/** "5 min ago", kept current by its own clock. */
export function RelativeTime({ iso, className }: { iso: string; className?: string }) {
  const now = useNow();
  return <TimeAt iso={iso} now={now} className={className} />;
}

/** The same, driven by a clock the parent already has (one timer for a whole list instead of one per row). */
export function TimeAt({ iso, now, className }: { iso: string; now: number; className?: string }) {
  return (
    <time className={className} dateTime={iso} title={formatDate(iso)}>
      {formatRelative(iso, now)}
    </time>
  );
}
