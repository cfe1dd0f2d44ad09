import {
  useCallback,
  useEffect,
  useImperativeHandle,
  useLayoutEffect,
  useRef,
  useState,
  type ReactNode,
  type Ref,
} from 'react';
import { computeWindow, prependedCount } from './window-math.js';

export interface VirtualListHandle {
  scrollToTop(): void;
}

export interface VirtualListProps<T> {
  items: readonly T[];
  rowHeight: number;
  getKey: (item: T) => string | number;
  renderRow: (item: T, index: number) => ReactNode;
  label: string;
  overscan?: number;
  /** Called when the last rendered row is the last item (load the next page). */
  onEndReached?: () => void;
  /** Whether the user is at the top (following new items) or scrolled away. */
  onAtTopChange?: (atTop: boolean) => void;
  /** The key of the one row shown expanded: it takes the height its content needs (measured). */
  openKey?: string | number | null;
  ref?: Ref<VirtualListHandle>;
}

/**
 * Renders only the rows in view (plus overscan) of a fixed-row-height list, so 10,000 rows cost the same as 30. One
 * row may be open (expanded): it is measured and the rows below move down by what it adds.
 * Newest-first lists: when rows are inserted above while the user is scrolled away from the top, the scroll
 * position is shifted by the inserted height so what they are reading stays put (auto-scroll pauses).
 */
export function VirtualList<T>({
  items,
  rowHeight,
  getKey,
  renderRow,
  label,
  overscan = 6,
  onEndReached,
  onAtTopChange,
  openKey = null,
  ref,
}: VirtualListProps<T>) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewportHeight, setViewportHeight] = useState(0);
  const firstKey = useRef<string | number | undefined>(undefined);
  const atTop = useRef(true);

  useImperativeHandle(ref, () => ({
    scrollToTop() {
      const el = scrollRef.current;
      if (!el) return;
      el.scrollTop = 0;
      setScrollTop(0);
    },
  }));

  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    setViewportHeight(el.clientHeight);
    const observer = new ResizeObserver(() => setViewportHeight(el.clientHeight));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  useLayoutEffect(() => {
    const el = scrollRef.current;
    const inserted = prependedCount(firstKey.current, items.length, (i) => getKey(items[i] as T));
    firstKey.current = items.length > 0 ? getKey(items[0] as T) : undefined;
    if (!el || inserted === 0 || atTop.current) return;
    el.scrollTop += inserted * rowHeight;
    setScrollTop(el.scrollTop);
  }, [items, getKey, rowHeight]);

  // The open row's measured height (its content decides; a ResizeObserver keeps it current).
  const [openHeight, setOpenHeight] = useState(rowHeight);
  const openIndex = openKey === null ? -1 : items.findIndex((item) => getKey(item) === openKey);
  const observed = useRef<{ el: HTMLElement; observer: ResizeObserver } | null>(null);
  const measureOpen = useCallback(
    (el: HTMLLIElement | null) => {
      if (observed.current?.el === el) return;
      observed.current?.observer.disconnect();
      observed.current = null;
      if (!el) return;
      const observer = new ResizeObserver(() => setOpenHeight(Math.max(rowHeight, el.offsetHeight)));
      observer.observe(el);
      observed.current = { el, observer };
      setOpenHeight(Math.max(rowHeight, el.offsetHeight));
    },
    [rowHeight],
  );
  useEffect(() => () => observed.current?.observer.disconnect(), []);
  const tall = openIndex >= 0 ? { index: openIndex, height: openHeight } : null;
  const range = computeWindow({ scrollTop, viewportHeight, rowHeight, count: items.length, overscan, tall });

  useEffect(() => {
    if (onEndReached && items.length > 0 && range.end >= items.length) onEndReached();
  }, [range.end, items.length, onEndReached]);

  const onScroll = () => {
    const el = scrollRef.current;
    if (!el) return;
    setScrollTop(el.scrollTop);
    const nowAtTop = el.scrollTop < rowHeight / 2;
    if (nowAtTop !== atTop.current) {
      atTop.current = nowAtTop;
      onAtTopChange?.(nowAtTop);
    }
  };

  const rows: ReactNode[] = [];
  for (let i = range.start; i < range.end; i++) {
    const item = items[i] as T;
    const open = i === openIndex;
    rows.push(
      <li
        key={getKey(item)}
        ref={open ? measureOpen : undefined}
        className={open ? 'vlist-row vlist-row-open' : 'vlist-row'}
        style={open ? { minHeight: rowHeight } : { height: rowHeight }}
        aria-setsize={items.length}
        aria-posinset={i + 1}
      >
        {renderRow(item, i)}
      </li>,
    );
  }

  return (
    <div ref={scrollRef} className="vlist" tabIndex={0} role="region" aria-label={label} onScroll={onScroll}>
      <div className="vlist-spacer" style={{ height: range.totalHeight }}>
        <ul className="vlist-rows" style={{ transform: `translateY(${range.offsetTop}px)` }}>
          {rows}
        </ul>
      </div>
    </div>
  );
}
