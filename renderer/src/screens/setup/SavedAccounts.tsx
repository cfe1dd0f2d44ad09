import { useState } from 'react';
import { useApi } from '../../api/api-context.js';
import { describeError } from '../../api/api-error.js';
import { useSettings } from '../../app/settings-context.js';
import { useStatus } from '../../app/status-context.js';
import { ConfirmDialog } from '../../components/Dialog.js';
import { ForgeIcon } from '../../components/ForgeIcon.js';
import { Icon } from '../../components/Icon.js';
import { hostOf } from '../../components/url-host.js';

/** Accounts already saved, with who they are signed in as (from status) and a way to remove one. */
export function SavedAccounts() {
  const api = useApi();
  const { settings, reload } = useSettings();
  const { status } = useStatus();
  const [removing, setRemoving] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const accounts = settings?.accounts ?? [];
  if (accounts.length === 0) return null;
  return (
    <section className="saved-accounts" aria-label="Saved accounts">
      <h3>Saved accounts</h3>
      <ul className="account-list">
        {accounts.map((a) => {
          const live = status?.accounts.find((s) => s.id === a.id);
          return (
            <li key={a.id} className="account-item">
              <ForgeIcon forge={a.forge} />
              <span className="account-id">{a.id}</span>
              <span className="muted">{hostOf(a.apiUrl)}</span>
              {live?.login ? <span>as {live.login}</span> : null}
              {live?.state === 'error' ? (
                <span className="badge badge-error">
                  <Icon name="alert" />
                  Error
                </span>
              ) : live?.state === 'ok' ? (
                <span className="badge badge-ok">
                  <Icon name="check" />
                  OK
                </span>
              ) : null}
              <span className="spacer" />
              <button
                type="button"
                className="btn btn-small btn-ghost-danger"
                onClick={() => setRemoving(a.id)}
                aria-label={`Remove account ${a.id}`}
              >
                Remove
              </button>
              {live?.state === 'error' && live.error ? <span className="account-error">{live.error}</span> : null}
            </li>
          );
        })}
      </ul>
      {error ? (
        <p className="tone-error" role="alert">
          {error}
        </p>
      ) : null}
      <ConfirmDialog
        open={removing !== null}
        title={`Remove account ${removing ?? ''}?`}
        confirmLabel="Remove"
        onCancel={() => setRemoving(null)}
        onConfirm={() => {
          const target = removing;
          setRemoving(null);
          if (!target) return;
          api
            .call('accounts.remove', { id: target })
            .then(() => {
              setError(null);
              reload();
            })
            .catch((err: unknown) => setError(`Could not remove ${target}: ${describeError(err)}`));
        }}
      >
        <p>Its token is deleted. Subscriptions that use it stop until you add it again.</p>
      </ConfirmDialog>
    </section>
  );
}
