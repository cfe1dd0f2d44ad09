import { useState } from 'react';
import type { PersonView } from '../../../../electron/contract/schemas.js';
import { useApi } from '../../api/api-context.js';
import { describeError } from '../../api/api-error.js';
import { Dialog } from '../../components/Dialog.js';
import { Field } from '../../components/Field.js';
import { SecretInput } from '../../components/SecretInput.js';

/** Where a person makes a token, and what it needs, per forge (the account's web address is not known here). */
const HOW: Record<PersonView['accounts'][number]['forge'], string> = {
  gitea:
    'Gitea and Forgejo have no sign-in from Slack. The person makes an access token on the server (Settings → Applications) with read and write access to issues and repositories, and gives it to you.',
  github:
    'Usually people sign in themselves with /forgebell signin. A classic token with the repo scope (and notifications for their inbox) works too.',
  gitlab:
    'Usually people sign in themselves with /forgebell signin. A personal access token with the api scope works too.',
};

/**
 * Stores a person's own token for one account (docs/cli-and-config.md §4, §7): the engine asks the forge whose token it
 * is first and refuses one that belongs to someone else; the token is sealed there and never comes back to this screen.
 */
export function StoreTokenDialog({
  person,
  account,
  onClose,
  onStored,
}: {
  person: PersonView;
  account: PersonView['accounts'][number];
  onClose: () => void;
  onStored: (login: string) => void;
}) {
  const api = useApi();
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const who = person.realName ?? person.name ?? person.slack;
  const store = () => {
    if (!token.trim()) {
      setError('Paste the token first.');
      return;
    }
    setSaving(true);
    setError(null);
    api
      .call('people.storeToken', { slack: person.slack, account: account.account, token })
      .then((answer) => onStored(answer.login))
      .catch((err: unknown) => setError(describeError(err)))
      .finally(() => setSaving(false));
  };
  return (
    <Dialog
      open
      title={`Store ${who}'s token for ${account.account}`}
      onClose={onClose}
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form="store-token-form" className="btn btn-primary" disabled={saving}>
            {saving ? 'Checking…' : 'Store token'}
          </button>
        </>
      }
    >
      <form
        id="store-token-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          store();
        }}
      >
        <p className="field-hint">
          {HOW[account.forge]} Forgebell uses it only to act as {who} from Slack (and to read their inbox where the
          forge has one); it is stored sealed and never shown again.
        </p>
        <Field label={`Token for ${account.account}`} error={error}>
          {(control) => <SecretInput control={control} value={token} onChange={setToken} />}
        </Field>
      </form>
    </Dialog>
  );
}
