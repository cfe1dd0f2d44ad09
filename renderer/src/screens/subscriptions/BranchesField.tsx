import { useId } from 'react';
import { BRANCH_PRESETS } from '../../../../electron/contract/vocabulary/subscription-filters.js';
import { parseBranchList } from './branch-list.js';
import { BRANCH_PRESET_LABELS, type BranchMode } from './subscription-form.js';

/** Branch presets, or a list of names and globs validated as the user types (line by line). */
export function BranchesField({
  mode,
  text,
  onMode,
  onText,
  error,
}: {
  mode: BranchMode;
  text: string;
  onMode: (mode: BranchMode) => void;
  onText: (text: string) => void;
  /** The form's verdict once saving was tried (e.g. no pattern given). */
  error?: string | undefined;
}) {
  const id = useId();
  const problems = mode === 'custom' && text.trim() ? parseBranchList(text).problems : [];
  return (
    <fieldset className="branches-field">
      <legend className="field-label">Branches</legend>
      <p className="field-hint">For commits, pipelines and deployments. Tags always notify.</p>
      <div className="radio-row">
        {[...BRANCH_PRESETS, 'custom' as const].map((preset) => (
          <label key={preset} className="radio-option">
            <input type="radio" name={`${id}-mode`} checked={mode === preset} onChange={() => onMode(preset)} />
            <span>{preset === 'custom' ? 'Names and globs' : BRANCH_PRESET_LABELS[preset]}</span>
          </label>
        ))}
      </div>
      {mode === 'custom' ? (
        <div className="field">
          <label className="field-label" htmlFor={`${id}-globs`}>
            Branch names and globs, one per line
          </label>
          <textarea
            id={`${id}-globs`}
            className="input textarea mono"
            rows={3}
            value={text}
            placeholder={'main\nrelease/*'}
            spellCheck={false}
            aria-describedby={`${id}-globs-hint ${id}-globs-status`}
            aria-invalid={problems.length > 0 || error ? true : undefined}
            onChange={(e) => onText(e.target.value)}
          />
          <div className="field-hint" id={`${id}-globs-hint`}>
            <code>*</code> matches within one level (<code>release/*</code>), <code>**</code> any depth (
            <code>feature/**</code>), <code>?</code> one character, <code>[0-9]</code> one character of a class (
            <code>v[0-9]*</code> matches v1.2).
          </div>
          <div id={`${id}-globs-status`} aria-live="polite">
            {problems.length > 0 ? (
              <ul className="field-error glob-problems">
                {problems.map((p) => (
                  <li key={`${p.line}-${p.value}`}>
                    {p.value ? (
                      <>
                        Line {p.line}, <code>{p.value}</code>: {p.message}
                      </>
                    ) : (
                      p.message
                    )}
                  </li>
                ))}
              </ul>
            ) : text.trim() ? (
              <p className="field-ok">{parseBranchList(text).patterns.length} valid</p>
            ) : error ? (
              <p className="field-error">{error}</p>
            ) : null}
          </div>
        </div>
      ) : null}
    </fieldset>
  );
}
