import { useEffect } from 'react';
import { Icon } from '../components/Icon.js';

/** Shown in the browser when there is no session token or `serve` refused it: never a blank page. */
export function TokenRequired({ refused }: { refused: boolean }) {
  // Pasting the right link into this tab only changes the hash: start over so the token is picked up.
  useEffect(() => {
    const onHash = () => {
      if (/(^#|&)token=/.test(window.location.hash)) window.location.reload();
    };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  return (
    <main className="token-page">
      <div className="token-card">
        <Icon name="bell" className="token-logo" />
        <h1>Open the link printed by forgebell serve</h1>
        <p>
          Open the link printed by <code>forgebell serve</code> (it contains the session token). It looks like{' '}
          <code>http://127.0.0.1:PORT/#token=…</code>.
        </p>
        {refused ? (
          <p className="muted">
            This page’s session token was refused — the server may have restarted, which creates a new token. Copy the
            new link from the terminal where <code>forgebell serve</code> runs.
          </p>
        ) : (
          <p className="muted">
            This address has no session token. The token keeps other programs on this machine from reaching your
            Forgebell.
          </p>
        )}
      </div>
    </main>
  );
}
