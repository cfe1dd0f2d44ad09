/**
 * Counts written for Slack the way `toLocaleString('en-US')` writes them (`1,204`), without Intl: the first
 * NumberFormat loads ICU's number data into the engine (about 6 MB of RSS) for a thousands separator.
 */
export function countText(count: number): string {
  if (!Number.isSafeInteger(count)) return String(count);
  const digits = String(Math.abs(count));
  let grouped = '';
  for (let end = digits.length; end > 0; end -= 3)
    grouped = digits.slice(Math.max(0, end - 3), end) + (grouped === '' ? '' : `,${grouped}`);
  return count < 0 ? `-${grouped}` : grouped;
}
