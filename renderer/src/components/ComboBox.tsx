import { useId, useRef, useState, type KeyboardEvent, type ReactNode, type Ref } from 'react';
import { describeError } from '../api/api-error.js';

export interface ComboOption {
  value: string;
  /** Shown instead of the value (e.g. `#general`). */
  label?: string;
  /** A second line or aside ("every repository of octo-org", "private"). */
  hint?: string;
}

/** At most this many suggestions are listed; typing narrows them. */
const MAX_SHOWN = 50;

/**
 * A text field with suggestions (the ARIA 1.2 combobox pattern): what is typed is the value — `owner/name` plus Enter
 * works without picking anything — and the list offers what matches: arrow keys move through it, Enter or a click
 * takes the highlighted one, Escape closes it (without closing a surrounding dialog). Options may come from the
 * parent searching as the text changes (repositories) or be filtered here (channels).
 */
export function ComboBox({
  id,
  value,
  onChange,
  options,
  filter = true,
  loading,
  loadError,
  notice,
  placeholder,
  describedBy,
  invalid,
  disabled,
  label,
  inputRef,
}: {
  id: string;
  value: string;
  onChange: (value: string) => void;
  options: readonly ComboOption[];
  /** Filter the options by the text here (false when the parent already searched with it). */
  filter?: boolean;
  loading?: boolean;
  loadError?: unknown;
  /** Something to know about the suggestions that is not an error ("this forge cannot list repositories"). */
  notice?: string | null;
  placeholder?: string;
  describedBy?: string;
  invalid?: boolean;
  disabled?: boolean;
  /** The accessible name of the suggestions list. */
  label: string;
  inputRef?: Ref<HTMLInputElement>;
}) {
  const listId = useId();
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const listRef = useRef<HTMLUListElement>(null);
  const text = value.trim().toLowerCase().replace(/^#/, '');
  const matching = (
    filter ? options.filter((o) => !text || `${o.value}\n${o.label ?? ''}`.toLowerCase().includes(text)) : options
  ).slice(0, MAX_SHOWN);
  const more =
    (filter ? options.filter((o) => `${o.value}`.toLowerCase().includes(text)).length : options.length) -
    matching.length;
  const shown = open && !disabled && (matching.length > 0 || loading || Boolean(loadError) || Boolean(notice));
  const activeOption = shown && active >= 0 ? matching[active] : undefined;

  const choose = (option: ComboOption) => {
    onChange(option.value);
    setOpen(false);
    setActive(-1);
  };
  const move = (delta: number) => {
    if (!open) setOpen(true);
    if (matching.length === 0) return;
    const next =
      active < 0 ? (delta > 0 ? 0 : matching.length - 1) : (active + delta + matching.length) % matching.length;
    setActive(next);
    listRef.current?.children[next]?.scrollIntoView({ block: 'nearest' });
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      move(1);
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      move(-1);
    } else if (e.key === 'Enter' && activeOption) {
      // Takes the highlighted suggestion; without one, Enter does what it does in any field (submits the form).
      e.preventDefault();
      choose(activeOption);
    } else if (e.key === 'Escape' && shown) {
      // Closes the list, not the dialog around it.
      e.preventDefault();
      e.stopPropagation();
      setOpen(false);
      setActive(-1);
    }
  };

  return (
    <div className="combo">
      <input
        ref={inputRef}
        id={id}
        className="input"
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={shown}
        aria-controls={listId}
        aria-activedescendant={activeOption ? `${listId}-${active}` : undefined}
        aria-describedby={describedBy}
        aria-invalid={invalid ? true : undefined}
        autoComplete="off"
        spellCheck={false}
        disabled={disabled}
        placeholder={placeholder}
        value={value}
        onChange={(e) => {
          onChange(e.target.value);
          setOpen(true);
          setActive(-1);
        }}
        // Opens on a click, typing or ArrowDown — not on focus, so a field focused to show its error keeps it in view.
        onClick={() => setOpen(true)}
        onBlur={() => {
          setOpen(false);
          setActive(-1);
        }}
        onKeyDown={onKeyDown}
      />
      <ul ref={listRef} id={listId} role="listbox" aria-label={label} className="combo-list" hidden={!shown}>
        {matching.map((o, i) => (
          <li
            key={o.value}
            id={`${listId}-${i}`}
            role="option"
            aria-selected={i === active}
            className={i === active ? 'combo-option is-active' : 'combo-option'}
            // Keeps the focus in the field, so the click does not blur it away first.
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => choose(o)}
          >
            <span>{o.label ?? o.value}</span>
            {o.hint ? <span className="combo-hint">{o.hint}</span> : null}
          </li>
        ))}
        {shown && loading && matching.length === 0 ? (
          <li role="presentation" className="combo-note">
            Loading…
          </li>
        ) : null}
        {shown && loadError ? (
          <li role="presentation" className="combo-note tone-error">
            {describeError(loadError)}
          </li>
        ) : null}
        {shown && notice ? (
          <li role="presentation" className="combo-note">
            {notice}
          </li>
        ) : null}
        {shown && more > 0 ? (
          <li role="presentation" className="combo-note">
            {more.toLocaleString()} more — keep typing to narrow the list.
          </li>
        ) : null}
      </ul>
    </div>
  );
}

/** A label, a combobox, a hint, a live status line and an error, wired together for screen readers. */
export function ComboField({
  label,
  hint,
  error,
  status,
  optional,
  className,
  ...combo
}: Omit<Parameters<typeof ComboBox>[0], 'id' | 'describedBy' | 'invalid' | 'label'> & {
  label: string;
  hint?: ReactNode;
  error?: string | null;
  /** What is known about the value right now ("✓ found", "checking…"). */
  status?: ReactNode;
  optional?: boolean;
  className?: string;
}) {
  const id = useId();
  const describedBy = [hint ? `${id}-hint` : null, status ? `${id}-status` : null, error ? `${id}-error` : null]
    .filter(Boolean)
    .join(' ');
  return (
    <div className={className ? `field ${className}` : 'field'}>
      <label className="field-label" htmlFor={id}>
        {label}
        {optional ? <span className="field-optional"> (optional)</span> : null}
      </label>
      <ComboBox
        {...combo}
        id={id}
        label={`Suggestions for ${label.toLowerCase()}`}
        describedBy={describedBy || undefined}
        invalid={Boolean(error)}
      />
      {hint ? (
        <div className="field-hint" id={`${id}-hint`}>
          {hint}
        </div>
      ) : null}
      {status ? (
        <div className="field-status" id={`${id}-status`} role="status">
          {status}
        </div>
      ) : null}
      {error ? (
        <div className="field-error" id={`${id}-error`}>
          {error}
        </div>
      ) : null}
    </div>
  );
}
