import { useId, type ReactNode } from 'react';
import { describeError } from '../api/api-error.js';
import { Icon } from './Icon.js';

/**
 * A searchable single choice: a search box above a scrolling list of radio buttons (one tab stop, arrow keys
 * move the choice). With `allowCustom`, what was typed can be used as is (a repo or channel the list misses).
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
}) {
  const id = useId();
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
          placeholder={placeholder}
          value={query}
          onChange={(e) => onQuery(e.target.value)}
        />
      </div>
      <div className="picker-list" aria-busy={loading ? true : undefined}>
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
        {shown.map((option) => (
          <label className="picker-option" key={option}>
            <input type="radio" name={id} checked={value === option} onChange={() => onChange(option)} />
            <span>{renderOption ? renderOption(option) : option}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
