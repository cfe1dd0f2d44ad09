import { useState } from 'react';
import type { PersonView } from '../../../../electron/contract/schemas.js';
import { REASON_LABELS } from '../../../../electron/contract/vocabulary/people.js';
import { useApi } from '../../api/api-context.js';
import { describeError } from '../../api/api-error.js';
import { ConfirmDialog } from '../../components/Dialog.js';
import { Icon } from '../../components/Icon.js';
import { CardListScreen } from '../../components/CardListScreen.js';
import { usePeople } from '../../data/use-people.js';
import { PersonEditor } from './PersonEditor.js';
import { StoreTokenDialog } from './StoreTokenDialog.js';
import { describeQuietHours } from './person-form.js';

/** How often a backed-off inbox is read: seconds below two minutes (short poll intervals), else whole minutes. */
function everyText(seconds: number): string {
  return seconds < 120 ? `${Math.round(seconds)} s` : `${Math.round(seconds / 60)} min`;
}

function AccountLine({
  person,
  account,
  onRevoke,
  onStore,
}: {
  person: PersonView;
  account: PersonView['accounts'][number];
  onRevoke: () => void;
  onStore: () => void;
}) {
  const problem = account.loginProblem;
  const inbox = account.inbox;
  return (
    <li className="person-account">
      <span className="person-account-name">{account.account}</span>
      <span>{account.login ?? <span className="muted">not linked</span>}</span>
      {problem ? (
        <span className="badge badge-error" title={problem}>
          <Icon name="alert" /> {problem}
        </span>
      ) : null}
      {account.signedIn ? (
        <>
          <span
            className={
              inbox?.state === 'unavailable' || inbox?.state === 'error' ? 'badge badge-warn' : 'badge badge-ok'
            }
          >
            {inbox?.state === 'unavailable' || inbox?.state === 'error' ? (
              <>
                <Icon name="alert" /> Signed in · {inbox.message ?? 'inbox not read'}
              </>
            ) : (
              <>
                <Icon name="check" /> Signed in{inbox?.state === 'ok' ? ' · inbox read' : ''}
                {inbox?.state === 'ok' && inbox.backedOffSeconds !== null ? (
                  <span title="Busy with news from subscribed repositories, which reach them from those repositories' events anyway; read every poll interval again once it brings something only it can tell.">
                    {` every ${everyText(inbox.backedOffSeconds)} (busy)`}
                  </span>
                ) : null}
              </>
            )}
          </span>
          <button
            type="button"
            className="btn btn-small"
            aria-label={`Revoke ${person.name ?? person.slack}'s sign-in for ${account.account}`}
            onClick={onRevoke}
          >
            Revoke sign-in
          </button>
        </>
      ) : account.login ? (
        <span className="muted">not signed in</span>
      ) : null}
      {account.signedIn ? null : (
        <button
          type="button"
          className="btn btn-small"
          aria-label={`Store a token of ${person.name ?? person.slack} for ${account.account}`}
          onClick={onStore}
        >
          Store a token…
        </button>
      )}
    </li>
  );
}

/**
 * People (docs/cli-and-config.md §4): who is who on Slack and each forge, who signed in, what they get as DMs, their
 * quiet hours, and what is wrong (a DM Slack refused, a login the forge does not know, a token that cannot read
 * the inbox). Add, edit, remove, revoke a stored token, say which person you are.
 */
export function PeopleScreen() {
  const api = useApi();
  const people = usePeople();
  const [editor, setEditor] = useState<{ editing: PersonView | null } | null>(null);
  const [removing, setRemoving] = useState<PersonView | null>(null);
  const [revoking, setRevoking] = useState<{ person: PersonView; account: string } | null>(null);
  const [storing, setStoring] = useState<{ person: PersonView; account: PersonView['accounts'][number] } | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const list = people.data?.people ?? [];
  const nameOf = (p: PersonView) => p.realName ?? p.name ?? p.slack;

  const act = (work: Promise<unknown>, done: string, failed: string) =>
    work
      .then(() => {
        setMessage(done);
        people.reload();
      })
      .catch((err: unknown) => setMessage(`${failed}: ${describeError(err)}`));

  return (
    <CardListScreen
      name="people"
      title="People"
      intro={
        <>
          People are mentioned on cards and get DMs about what concerns them: review requests, mentions, assignments,
          reviews and merges of their pull requests, their failed pipelines. Signing in (<code>/forgebell signin</code>
          ), or a token of theirs stored here (the way for Gitea and Forgejo), adds their own inbox and lets them act as
          themselves; it grants nothing else.
        </>
      }
      add={{ label: 'Add a person', onClick: () => setEditor({ editing: null }) }}
      state={{ ...people, loaded: people.data !== undefined }}
      count={list.length}
      loadingText="Loading people…"
      errorTitle="Could not load people."
      empty={{
        title: 'Nobody yet',
        body: (
          <>
            Add people here, or let them type <code>/forgebell signin &lt;account&gt;</code> in Slack.
          </>
        ),
      }}
      list={() => (
        <ul className="people-list">
          {list.map((person) => (
            <li key={person.slack} className="person-card" aria-label={nameOf(person)}>
              <div className="person-head">
                <Icon name="user" />
                <strong>{nameOf(person)}</strong>
                <span className="muted">{person.slack}</span>
                {person.owner ? <span className="badge badge-info">You</span> : null}
              </div>
              {person.dmProblem ? (
                <p className="person-problem" role="note">
                  <Icon name="alert" /> DMs to them fail: {person.dmProblem}
                </p>
              ) : null}
              <ul className="person-accounts">
                {person.accounts.map((account) => (
                  <AccountLine
                    key={account.account}
                    person={person}
                    account={account}
                    onRevoke={() => setRevoking({ person, account: account.account })}
                    onStore={() => setStoring({ person, account })}
                  />
                ))}
              </ul>
              <p className="person-meta">
                DMs: {person.notify.length ? person.notify.map((r) => REASON_LABELS[r]).join(', ') : 'none'} · Time zone{' '}
                {person.timeZone} · Quiet hours {describeQuietHours(person.quietHours)}
              </p>
              <div className="person-actions">
                <button
                  type="button"
                  className="btn btn-small"
                  aria-label={`Edit ${nameOf(person)}`}
                  onClick={() => setEditor({ editing: person })}
                >
                  <Icon name="edit" /> Edit
                </button>
                {person.owner ? null : (
                  <button
                    type="button"
                    className="btn btn-small"
                    aria-label={`${nameOf(person)} is me`}
                    onClick={() =>
                      void act(
                        api.call('people.setOwner', { slack: person.slack }),
                        `${nameOf(person)} is you now: your DMs also show on this computer and in “For you”.`,
                        'Could not change who you are',
                      )
                    }
                  >
                    This is me
                  </button>
                )}
                <button
                  type="button"
                  className="btn btn-small btn-danger"
                  aria-label={`Remove ${nameOf(person)}`}
                  onClick={() => setRemoving(person)}
                >
                  <Icon name="trash" /> Remove
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
      message={message}
      onDismiss={() => setMessage(null)}
    >
      {editor ? (
        <PersonEditor
          editing={editor.editing}
          onClose={() => setEditor(null)}
          onSaved={(saved) => {
            setEditor(null);
            setMessage(`${saved.realName ?? saved.name ?? saved.slack} saved.`);
            people.reload();
          }}
        />
      ) : null}
      {storing ? (
        <StoreTokenDialog
          person={storing.person}
          account={storing.account}
          onClose={() => setStoring(null)}
          onStored={(login) => {
            const target = storing;
            setStoring(null);
            setMessage(
              `Token stored for ${nameOf(target.person)} on ${target.account.account} (${login}): they act as themselves from Slack now.`,
            );
            people.reload();
          }}
        />
      ) : null}
      <ConfirmDialog
        open={removing !== null}
        title={removing ? `Remove ${nameOf(removing)}?` : ''}
        confirmLabel="Remove"
        onCancel={() => setRemoving(null)}
        onConfirm={() => {
          const person = removing;
          setRemoving(null);
          if (person)
            void act(
              api.call('people.remove', { slack: person.slack }),
              `${nameOf(person)} removed: no more mentions or DMs for them, and their stored tokens are forgotten.`,
              `Could not remove ${nameOf(person)}`,
            );
        }}
      >
        They will no longer be mentioned or get DMs, and their stored tokens are forgotten.
      </ConfirmDialog>
      <ConfirmDialog
        open={revoking !== null}
        title={revoking ? `Revoke ${nameOf(revoking.person)}'s sign-in for ${revoking.account}?` : ''}
        confirmLabel="Revoke"
        onCancel={() => setRevoking(null)}
        onConfirm={() => {
          const target = revoking;
          setRevoking(null);
          if (target)
            void act(
              api.call('people.revokeToken', { slack: target.person.slack, account: target.account }),
              `The stored token for ${target.account} is forgotten; their inbox there is no longer read.`,
              'Could not revoke the sign-in',
            );
        }}
      >
        Forgebell forgets the token (the forge still knows it: revoke it there too if it leaked). Their login stays
        linked, so mentions and DMs from subscribed repositories continue.
      </ConfirmDialog>
    </CardListScreen>
  );
}
