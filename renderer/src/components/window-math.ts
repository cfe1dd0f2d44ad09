/**
 * Which rows of a fixed-row-height list to render for a scroll position (the core of <VirtualList>). One row may be
 * taller (`tall`: an expanded row, measured): the rows after it sit lower by the difference.
 */
export interface WindowInput {
  scrollTop: number;
  viewportHeight: number;
  rowHeight: number;
  count: number;
  /** Extra rows rendered above and below the visible ones, so fast scrolling shows no gaps. */
  overscan: number;
  tall?: { index: number; height: number } | null;
}

export interface WindowRange {
  /** First rendered index (inclusive). */
  start: number;
  /** Last rendered index (exclusive). */
  end: number;
  /** Where the first rendered row sits, in px from the top of the content. */
  offsetTop: number;
  totalHeight: number;
}

/** Where row `index` starts, in px from the top of the content. */
export function rowTop(index: number, rowHeight: number, tall?: WindowInput['tall']): number {
  const extra = tall && index > tall.index ? Math.max(0, tall.height - rowHeight) : 0;
  return index * rowHeight + extra;
}

export function computeWindow({
  scrollTop,
  viewportHeight,
  rowHeight,
  count,
  overscan,
  tall,
}: WindowInput): WindowRange {
  if (count <= 0 || rowHeight <= 0) return { start: 0, end: 0, offsetTop: 0, totalHeight: 0 };
  const big = tall && tall.index >= 0 && tall.index < count ? tall : null;
  const extra = big ? Math.max(0, big.height - rowHeight) : 0;
  const totalHeight = count * rowHeight + extra;
  const maxTop = Math.max(0, totalHeight - Math.max(0, viewportHeight));
  const top = Math.min(Math.max(0, scrollTop), maxTop);
  let first: number;
  if (!big || top < big.index * rowHeight) first = Math.floor(top / rowHeight);
  else if (top < big.index * rowHeight + rowHeight + extra) first = big.index;
  else first = Math.floor((top - extra) / rowHeight);
  first = Math.min(count - 1, first);
  const visible = Math.ceil(Math.max(0, viewportHeight) / rowHeight) + 1;
  const start = Math.max(0, first - overscan);
  const end = Math.min(count, first + visible + overscan);
  return { start, end, offsetTop: rowTop(start, rowHeight, big), totalHeight };
}

/**
 * How many items were inserted before the previous first item (newest-first lists grow at the top).
 * Returns 0 when the old first item is gone or nothing was inserted.
 */
export function prependedCount<K>(
  previousFirstKey: K | undefined,
  count: number,
  keyAt: (index: number) => K,
  searchLimit = 5_000,
): number {
  if (previousFirstKey === undefined) return 0;
  const limit = Math.min(count, searchLimit);
  for (let i = 0; i < limit; i++) if (keyAt(i) === previousFirstKey) return i;
  return 0;
}
