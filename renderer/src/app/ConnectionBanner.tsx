import { useEffect, useState } from 'react';
import { useConnection } from '../api/api-context.js';
import { Icon } from '../components/Icon.js';

/** "Reconnecting…" while the `serve` socket is down; quiet for the first half second of the first connect. */
export function ConnectionBanner() {
  const { state } = useConnection();
  const [slow, setSlow] = useState(false);
  useEffect(() => {
    if (state !== 'connecting') return;
    const handle = setTimeout(() => setSlow(true), 600);
    return () => clearTimeout(handle);
  }, [state]);
  const text =
    state === 'reconnecting'
      ? 'Reconnecting to Forgebell…'
      : state === 'connecting' && slow
        ? 'Connecting to Forgebell…'
        : null;
  return (
    <div className="conn-banner-region" role="status">
      {text ? (
        <div className="conn-banner">
          <Icon name="spinner" className="spin" />
          <span>{text}</span>
          {state === 'reconnecting' ? (
            <span className="muted">
              Forgebell keeps trying. Is <code>forgebell serve</code> still running?
            </span>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
