import { useState } from 'react';
import type { ProxyProbe } from '../../../../electron/contract/schemas.js';
import { useApi } from '../../api/api-context.js';
import { describeError } from '../../api/api-error.js';
import { Icon } from '../../components/Icon.js';

export interface ProxyTestDraft {
  mode: 'system' | 'manual' | 'none';
  url: string | null;
  noProxy: string | null;
}

/**
 * The proxy settings' Test button: tries the proxy as typed (before Save) on Slack and every forge account and lists,
 * per place, whether it went through the proxy or directly and whether it answered.
 */
export function ProxyTest({ draft, blocked }: { draft: ProxyTestDraft; blocked: string | null }) {
  const api = useApi();
  const [running, setRunning] = useState(false);
  const [probes, setProbes] = useState<ProxyProbe[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const run = async () => {
    setRunning(true);
    setError(null);
    try {
      setProbes(await api.call('settings.testProxy', draft));
    } catch (err) {
      setProbes(null);
      setError(err);
    } finally {
      setRunning(false);
    }
  };
  const failed = probes?.filter((p) => !p.ok).length ?? 0;
  return (
    <div className="proxy-test">
      <div className="form-actions">
        <button type="button" className="btn" onClick={() => void run()} disabled={running || blocked !== null}>
          <Icon name="retry" className={running ? 'spin' : undefined} />
          {running ? 'Testing…' : 'Test these proxy settings'}
        </button>
        <span role="status" className="form-status">
          {blocked ? (
            blocked
          ) : running ? (
            'Reaching Slack and every forge account…'
          ) : probes ? (
            probes.length === 0 ? (
              'Nothing to reach yet: set up Slack or a forge account first.'
            ) : failed === 0 ? (
              `All ${probes.length} reached. Not saved yet.`
            ) : (
              <span className="tone-error">{`${failed} of ${probes.length} could not be reached.`}</span>
            )
          ) : null}
          {error ? <span className="tone-error">The test could not run: {describeError(error)}</span> : null}
        </span>
      </div>
      {probes && probes.length > 0 ? (
        <ul className="checks" aria-label="Proxy test results">
          {probes.map((p) => (
            <li key={`${p.target}-${p.url}`} className={p.ok ? 'check ok' : 'check fail'}>
              <Icon name={p.ok ? 'check' : 'x'} label={p.ok ? 'Reached' : 'Not reached'} />
              <div>
                <div className="check-name">
                  {p.target} <span className="muted">({p.via ? `through ${p.via}` : 'direct'})</span>
                </div>
                <div className="check-message">{p.message}</div>
              </div>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
