import { formatDate, formatRelative } from './time-format.js';
import { useNow } from './use-now.js';

export function RelativeTime({ iso, className }: { iso: string; className?: string }) {
  const now = useNow();
  return (
    <time className={className} dateTime={iso} title={formatDate(iso)}>
      {formatRelative(iso, now)}
    </time>
  );
}
