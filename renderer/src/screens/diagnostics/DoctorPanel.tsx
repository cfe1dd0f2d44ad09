import { useCallback, useEffect, useState } from 'react';
import type { DoctorCheck } from '../../../../electron/contract/schemas.js';
import { useConnection } from '../../api/api-context.js';
import { Icon } from '../../components/Icon.js';
import { RelativeTime } from '../../components/RelativeTime.js';
import { TimesInText } from '../../components/TimesInText.js';
import { useNow } from '../../components/use-now.js';
import { ErrorNote, Loading } from '../../components/StateViews.js';

/** `forgebell doctor` as a panel: every check with its cause and fix, re-runnable. */
export function DoctorPanel() {
  const { client: api, epoch } = useConnection();
  const [checks, setChecks] = useState<DoctorCheck[] | null>(null);
  const [running, setRunning] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [ranAt, setRanAt] = useState<string | null>(null);
  const [nonce, setNonce] = useState(0);
  const now = useNow();

  useEffect(() => {
    let current = true;
    setRunning(true);
    setError(null);
    api.call('doctor.run', {}).then(
      (result) => {
        if (!current) return;
        setChecks(result);
        setRanAt(new Date().toISOString());
        setRunning(false);
      },
      (err: unknown) => {
        if (!current) return;
        setError(err);
        setRunning(false);
      },
    );
    return () => {
      current = false;
    };
  }, [api, epoch, nonce]);

  const runAgain = useCallback(() => setNonce((n) => n + 1), []);
  const failed = checks?.filter((c) => !c.ok).length ?? 0;

  return (
    <section className="panel" aria-labelledby="doctor-title">
      <header className="panel-header">
        <div>
          <h2 id="doctor-title">Connection checks</h2>
          <p className="panel-sub" aria-live="polite">
            {running
              ? 'Checking Slack and every forge account…'
              : checks
                ? failed === 0
                  ? `All ${checks.length} checks passed`
                  : `${failed} of ${checks.length} checks failed`
                : 'Not run yet'}
            {ranAt && !running ? (
              <>
                {' · '}
                <RelativeTime iso={ranAt} />
              </>
            ) : null}
          </p>
        </div>
        <button type="button" className="btn" onClick={runAgain} disabled={running}>
          <Icon name="retry" className={running ? 'spin' : undefined} />
          {running ? 'Running…' : 'Run again'}
        </button>
      </header>
      {error ? <ErrorNote title="The checks could not run." error={error} onRetry={runAgain} /> : null}
      {running && !checks ? (
        <Loading>
          Running checks (DNS, TCP, TLS, authentication, scopes)… this can take up to a minute when a host does not
          answer.
        </Loading>
      ) : null}
      {checks && checks.length === 0 ? (
        <p className="muted">Nothing to check yet: set up Slack and a forge account first.</p>
      ) : null}
      {checks && checks.length > 0 ? (
        <ul className={`checks${running ? ' is-stale' : ''}`}>
          {checks.map((c, i) => (
            <li key={`${c.name}-${i}`} className={c.ok ? 'check ok' : 'check fail'}>
              <Icon name={c.ok ? 'check' : 'x'} label={c.ok ? 'Passed' : 'Failed'} />
              <div>
                <div className="check-name">{c.name}</div>
                <div className="check-message">
                  <TimesInText text={c.message} now={now} />
                </div>
                {c.fix ? (
                  <div className="check-fix">
                    <strong>Fix:</strong> {c.fix}
                  </div>
                ) : null}
              </div>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
