import { useState } from 'react';
import type { FieldControlProps } from './Field.js';

/** A token field: hidden by default, with a Show/Hide toggle; never autocompleted or spell-checked. */
export function SecretInput({
  control,
  value,
  onChange,
  placeholder,
}: {
  control: FieldControlProps;
  value: string;
  onChange: (value: string) => void;
  placeholder?: string;
}) {
  const [shown, setShown] = useState(false);
  return (
    <div className="secret-input">
      <input
        {...control}
        className="input mono"
        type={shown ? 'text' : 'password'}
        autoComplete="off"
        autoCapitalize="off"
        spellCheck={false}
        placeholder={placeholder}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
      <button
        type="button"
        className="btn btn-small btn-ghost"
        aria-pressed={shown}
        aria-controls={control.id}
        onClick={() => setShown((s) => !s)}
      >
        {shown ? 'Hide' : 'Show'}
      </button>
    </div>
  );
}
