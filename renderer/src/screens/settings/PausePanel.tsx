import { useId, useState } from 'react';
import { useApi } from '../../api/api-context.js';
import { describeError } from '../../api/api-error.js';
import { useStatus } from '../../app/status-context.js';
import { formatDate } from '../../components/time-format.js';

/** Pause notifications for a while (hold them for later, or drop them), or resume. */
export function PausePanel() {
  const id = useId();
  const api = useApi();
  const { status } = useStatus();
  const [mode, setMode] = useState<'hold' | 'drop'>('hold');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const paused = status?.paused ?? null;

  const run = (call: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    call()
      .catch(setError)
      .finally(() => setBusy(false));
  };
  const pauseFor = (ms: number | null) =>
    run(() => api.call('engine.pause', { until: ms === null ? null : new Date(Date.now() + ms).toISOString(), mode }));

  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Pause notifications</h2>
      {paused ? (
        <p>
          Paused {paused.until ? `until ${formatDate(paused.until)}` : 'until you resume'}; events are{' '}
          {paused.mode === 'hold' ? 'held and sent on resume' : 'dropped'}.
        </p>
      ) : (
        <p className="muted">Forgebell keeps watching while paused; nothing is posted to Slack.</p>
      )}
      {paused ? (
        <button
          type="button"
          className="btn btn-primary"
          disabled={busy}
          onClick={() => run(() => api.call('engine.resume', {}))}
        >
          Resume now
        </button>
      ) : (
        <>
          <fieldset className="radio-row">
            <legend className="field-label">While paused</legend>
            <label className="radio-option">
              <input type="radio" name={`${id}-mode`} checked={mode === 'hold'} onChange={() => setMode('hold')} />
              <span>Hold events and send them on resume</span>
            </label>
            <label className="radio-option">
              <input type="radio" name={`${id}-mode`} checked={mode === 'drop'} onChange={() => setMode('drop')} />
              <span>Drop them</span>
            </label>
          </fieldset>
          <div className="form-actions">
            <button type="button" className="btn" disabled={busy} onClick={() => pauseFor(60 * 60 * 1000)}>
              Pause for 1 hour
            </button>
            <button type="button" className="btn" disabled={busy} onClick={() => pauseFor(8 * 60 * 60 * 1000)}>
              Pause for 8 hours
            </button>
            <button type="button" className="btn" disabled={busy} onClick={() => pauseFor(null)}>
              Pause until I resume
            </button>
          </div>
        </>
      )}
      {error ? (
        <p className="tone-error" role="alert">
          Could not change the pause: {describeError(error)}
        </p>
      ) : null}
    </section>
  );
}
