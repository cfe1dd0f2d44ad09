import { useId, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { describeError } from '../api/api-error.js';
import { Icon } from './Icon.js';
import { computeWindow } from './window-math.js';

/** Above this many options only the rows in view are rendered (a thousand repositories stay instant). */
const VIRTUAL_FROM = 40;
const ROW_HEIGHT = 34;

/**
 * A searchable single choice: a search box above a scrolling list of radio buttons (one tab stop, arrow keys
 * move the choice). With `allowCustom`, what was typed can be used as is (a repo or channel the list misses). Long
 * lists render only the rows in view.
 */
export function SearchPicker({
  label,
  hint,
  query,
  onQuery,
  options,
  value,
  onChange,
  loading,
  error,
  notice,
  emptyText,
  allowCustom,
  customHint,
  renderOption,
  placeholder,
  invalid,
}: {
  label: string;
  hint?: ReactNode;
  query: string;
  onQuery: (query: string) => void;
  options: readonly string[];
  value: string;
  onChange: (value: string) => void;
  loading?: boolean;
  error?: unknown;
  /** Something to know that is not a failure (for example "this forge cannot list repositories"). */
  notice?: string | null;
  emptyText: string;
  allowCustom?: (query: string) => boolean;
  customHint?: string;
  renderOption?: (option: string) => ReactNode;
  placeholder?: string;
  /** Marks the search box invalid (a problem with the choice, shown by the caller). */
  invalid?: boolean | undefined;
}) {
  const id = useId();
  const listRef = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(220);
  useLayoutEffect(() => {
    const el = listRef.current;
    if (!el) return;
    setViewport(el.clientHeight || 220);
    const observer = new ResizeObserver(() => setViewport(el.clientHeight || 220));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  const trimmed = query.trim();
  const showCustom = Boolean(allowCustom && trimmed && !options.includes(trimmed) && allowCustom(trimmed));
  // The current choice stays visible even when the list (or the search) does not contain it.
  const shown = value && !options.includes(value) && !(showCustom && value === trimmed) ? [value, ...options] : options;
  return (
    <fieldset className="picker" aria-describedby={hint ? `${id}-hint` : undefined}>
      <legend className="field-label">{label}</legend>
      {hint ? (
        <div className="field-hint" id={`${id}-hint`}>
          {hint}
        </div>
      ) : null}
      <div className="search-box">
        <Icon name="search" />
        <input
          type="search"
          className="input"
          aria-label={`Search ${label.toLowerCase()}`}
          aria-invalid={invalid ? true : undefined}
          placeholder={placeholder}
          value={query}
          onChange={(e) => onQuery(e.target.value)}
        />
      </div>
      <div
        ref={listRef}
        className="picker-list"
        aria-busy={loading ? true : undefined}
        onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
      >
        {loading && options.length === 0 ? <p className="picker-empty">Loading…</p> : null}
        {error ? (
          <p className="picker-empty picker-error" role="alert">
            {describeError(error)}
          </p>
        ) : null}
        {notice ? <p className="picker-empty">{notice}</p> : null}
        {!loading && !error && !notice && shown.length === 0 && !showCustom ? (
          <p className="picker-empty">{emptyText}</p>
        ) : null}
        {showCustom ? (
          <label className="picker-option">
            <input type="radio" name={id} checked={value === trimmed} onChange={() => onChange(trimmed)} />
            <span>
              Use <strong>{trimmed}</strong>
              {customHint ? <span className="muted"> — {customHint}</span> : null}
            </span>
          </label>
        ) : null}
        <PickerRows
          options={shown}
          name={id}
          value={value}
          onChange={onChange}
          renderOption={renderOption}
          scrollTop={scrollTop}
          viewport={viewport}
        />
      </div>
    </fieldset>
  );
}

function PickerRows({
  options,
  name,
  value,
  onChange,
  renderOption,
  scrollTop,
  viewport,
}: {
  options: readonly string[];
  name: string;
  value: string;
  onChange: (value: string) => void;
  renderOption: ((option: string) => ReactNode) | undefined;
  scrollTop: number;
  viewport: number;
}) {
  const row = (option: string) => (
    <label
      className="picker-option"
      key={option}
      style={options.length > VIRTUAL_FROM ? { height: ROW_HEIGHT } : undefined}
    >
      <input type="radio" name={name} checked={value === option} onChange={() => onChange(option)} />
      <span className="picker-option-text">{renderOption ? renderOption(option) : option}</span>
    </label>
  );
  if (options.length <= VIRTUAL_FROM) return <>{options.map(row)}</>;
  const range = computeWindow({
    scrollTop,
    viewportHeight: viewport,
    rowHeight: ROW_HEIGHT,
    count: options.length,
    overscan: 8,
  });
  return (
    <div className="picker-spacer" style={{ height: range.totalHeight }}>
      <div className="picker-window" style={{ transform: `translateY(${range.offsetTop}px)` }}>
        {options.slice(range.start, range.end).map(row)}
      </div>
    </div>
  );
}
