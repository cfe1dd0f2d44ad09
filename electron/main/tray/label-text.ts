/**
 * Shortens text for native menus and tooltips. Repository paths keep both ends
 * (`very-long-group/…/project`), since the owner and the project name are what tell items apart.
 */
export function truncateMiddle(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  if (max <= 1) return '…'.slice(0, max);
  const keep = max - 1;
  const head = Math.ceil(keep / 2);
  const tail = keep - head;
  return `${chars.slice(0, head).join('')}…${tail > 0 ? chars.slice(chars.length - tail).join('') : ''}`;
}

export function truncateEnd(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  if (max <= 1) return '…'.slice(0, max);
  return `${chars.slice(0, max - 1).join('')}…`;
}

/** Menus on Windows and Linux treat `&` as a mnemonic marker; double it so names show as written. */
export function escapeMenuLabel(text: string): string {
  return text.replace(/&/g, '&&');
}
