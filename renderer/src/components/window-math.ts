/** Which rows of a fixed-row-height list to render for a scroll position (the core of <VirtualList>). */
export interface WindowInput {
  scrollTop: number;
  viewportHeight: number;
  rowHeight: number;
  count: number;
  /** Extra rows rendered above and below the visible ones, so fast scrolling shows no gaps. */
  overscan: number;
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

export function computeWindow({ scrollTop, viewportHeight, rowHeight, count, overscan }: WindowInput): WindowRange {
  if (count <= 0 || rowHeight <= 0) return { start: 0, end: 0, offsetTop: 0, totalHeight: 0 };
  const totalHeight = count * rowHeight;
  const maxTop = Math.max(0, totalHeight - Math.max(0, viewportHeight));
  const top = Math.min(Math.max(0, scrollTop), maxTop);
  const first = Math.min(count - 1, Math.floor(top / rowHeight));
  const visible = Math.ceil(Math.max(0, viewportHeight) / rowHeight) + 1;
  const start = Math.max(0, first - overscan);
  const end = Math.min(count, first + visible + overscan);
  return { start, end, offsetTop: start * rowHeight, totalHeight };
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
