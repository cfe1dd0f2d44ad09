import { useId, type ReactNode } from 'react';

/** A checkbox styled as a switch; `role="switch"` so it is announced as on/off. */
export function Switch({
  checked,
  onChange,
  label,
  hideLabel,
  disabled,
  description,
}: {
  checked: boolean;
  onChange: (checked: boolean) => void;
  label: string;
  hideLabel?: boolean;
  disabled?: boolean;
  description?: ReactNode;
}) {
  const id = useId();
  return (
    <div className="switch-row">
      <input
        id={id}
        type="checkbox"
        role="switch"
        className="switch"
        checked={checked}
        disabled={disabled}
        {...(hideLabel ? { 'aria-label': label } : {})}
        {...(description ? { 'aria-describedby': `${id}-desc` } : {})}
        onChange={(e) => onChange(e.target.checked)}
      />
      {hideLabel ? null : (
        <label htmlFor={id} className="switch-label">
          {label}
        </label>
      )}
      {description ? (
        <span className="switch-desc" id={`${id}-desc`}>
          {description}
        </span>
      ) : null}
    </div>
  );
}

export function Checkbox({
  checked,
  onChange,
  label,
  hint,
}: {
  checked: boolean;
  onChange: (checked: boolean) => void;
  label: ReactNode;
  hint?: ReactNode;
}) {
  const id = useId();
  return (
    <div className="check-row">
      <input
        id={id}
        type="checkbox"
        checked={checked}
        onChange={(e) => onChange(e.target.checked)}
        {...(hint ? { 'aria-describedby': `${id}-hint` } : {})}
      />
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <span className="check-hint" id={`${id}-hint`}>
          {hint}
        </span>
      ) : null}
    </div>
  );
}
