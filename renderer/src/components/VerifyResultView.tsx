import type { VerifyResult } from '../../../electron/contract/schemas.js';
import { Icon } from './Icon.js';

/** The engine's verdict on a token or account: one summary line, then each check. */
export function VerifyResultView({ result }: { result: VerifyResult }) {
  // A detail that only repeats the summary adds nothing.
  const details = result.details.filter((d) => d.message !== result.summary);
  return (
    <div className={`verify ${result.ok ? 'verify-ok' : 'verify-fail'}`} role="status">
      <p className="verify-summary">
        <Icon name={result.ok ? 'check' : 'alert'} />
        <span>{result.summary}</span>
      </p>
      {details.length > 0 ? (
        <ul className="verify-details">
          {details.map((d, i) => (
            <li key={`${d.label}-${i}`} className={d.ok ? 'ok' : d.optional ? 'optional' : 'fail'}>
              <Icon
                name={d.ok ? 'check' : d.optional ? 'info' : 'x'}
                label={d.ok ? 'passed' : d.optional ? 'optional, not set up' : 'failed'}
              />
              <span className="verify-label">{d.label}</span>
              <span className="verify-message">{d.message}</span>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
