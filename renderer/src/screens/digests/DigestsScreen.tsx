import { useState } from 'react';
import type { DigestPreview, DigestView } from '../../../../electron/contract/schemas.js';
import { useApi } from '../../api/api-context.js';
import { describeError } from '../../api/api-error.js';
import { ConfirmDialog, Dialog } from '../../components/Dialog.js';
import { Icon } from '../../components/Icon.js';
import { CardListScreen } from '../../components/CardListScreen.js';
import { ErrorNote, Loading } from '../../components/StateViews.js';
import { useDigests } from '../../data/use-digests.js';
import { useSlackNames } from '../../data/use-slack-names.js';
import { DigestEditor } from './DigestEditor.js';
import { describeSchedule } from './digest-form.js';
import { SlackPreview } from './SlackPreview.js';

const when = (iso: string) =>
  new Date(iso).toLocaleString(undefined, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  });

/**
 * Digests (docs/cli-and-config.md §5): each channel's review-queue message at a local time on some days. List, add,
 * edit, remove (asks first), preview exactly as it would post now, and "Send now" outside the schedule.
 */
export function DigestsScreen() {
  const api = useApi();
  const names = useSlackNames();
  const digests = useDigests();
  const [editor, setEditor] = useState<{ editing: DigestView | null } | null>(null);
  const [removing, setRemoving] = useState<DigestView | null>(null);
  const [previewing, setPreviewing] = useState<{
    digest: DigestView;
    data: DigestPreview | null;
    error: unknown;
  } | null>(null);
  const [sending, setSending] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const list = digests.data?.digests ?? [];

  const preview = (digest: DigestView) => {
    setPreviewing({ digest, data: null, error: null });
    api
      .call('digests.preview', { digest: digest.digest })
      .then((data) => setPreviewing((p) => (p?.digest.key === digest.key ? { ...p, data } : p)))
      .catch((error: unknown) => setPreviewing((p) => (p?.digest.key === digest.key ? { ...p, error } : p)));
  };
  const sendNow = (digest: DigestView) => {
    setSending(digest.key);
    api
      .call('digests.sendNow', { key: digest.key })
      .then((r) => setMessage(r.posted ? `${r.message} It shows in the Live feed once Slack has it.` : r.message))
      .catch((err: unknown) => setMessage(`Could not send the digest: ${describeError(err)}`))
      .finally(() => setSending(null));
  };

  return (
    <CardListScreen
      name="digests"
      title="Digests"
      intro={
        <>
          Once a day, at a local time, a channel gets its review queue: what waits for review, what has changes
          requested and what is approved but not merged, with age, author, reviewers and a stale mark. A digest missed
          while Forgebell was not running goes out once if it is less than 12 hours late.
        </>
      }
      add={{ label: 'Add a digest', onClick: () => setEditor({ editing: null }) }}
      state={{ ...digests, loaded: digests.data !== undefined }}
      count={list.length}
      loadingText="Loading digests…"
      errorTitle="Could not load the digests."
      empty={{
        title: 'No digests yet',
        body: (
          <>
            A digest posts a channel&apos;s open pull/merge requests once a day: waiting for review, changes requested,
            approved. Anyone can also type <code>/forgebell digest</code> in a channel.
          </>
        ),
      }}
      list={() => (
        <ul className="people-list digest-list">
          {list.map((d) => (
            <li key={d.key} className="person-card" aria-label={`Digest for #${d.digest.channel}`}>
              <div className="person-head">
                <Icon name="hash" />
                <strong>{d.digest.channel}</strong>
                <span className="muted">{describeSchedule(d.digest)}</span>
                {d.lastRun?.state === 'waiting' ? (
                  <span className="badge badge-warn" title={d.lastRun.message}>
                    <Icon name="alert" /> Waiting: {d.lastRun.message.replace(/^waiting: /, '')}
                  </span>
                ) : d.lastRun ? (
                  <span className="badge badge-ok">
                    <Icon name="check" /> Posted for {d.lastRun.day}
                  </span>
                ) : null}
              </div>
              <p className="person-meta">
                {d.digest.repos.length
                  ? `Repositories: ${d.digest.repos.join(', ')}`
                  : `Repositories: those #${d.digest.channel} is subscribed to`}{' '}
                · Stale after {d.digest.staleAfterDays} working day{d.digest.staleAfterDays === 1 ? '' : 's'} ·{' '}
                {d.digest.ignoreDrafts ? 'Drafts left out' : 'Drafts listed'}
                {d.nextAt ? <> · Next: {when(d.nextAt)}</> : null}
              </p>
              <div className="person-actions">
                <button
                  type="button"
                  className="btn btn-small"
                  aria-label={`Preview the digest for #${d.digest.channel}`}
                  onClick={() => preview(d)}
                >
                  <Icon name="search" /> Preview
                </button>
                <button
                  type="button"
                  className="btn btn-small"
                  aria-label={`Send the digest for #${d.digest.channel} now`}
                  disabled={sending === d.key}
                  onClick={() => sendNow(d)}
                >
                  <Icon name="send" /> {sending === d.key ? 'Sending…' : 'Send now'}
                </button>
                <button
                  type="button"
                  className="btn btn-small"
                  aria-label={`Edit the digest for #${d.digest.channel}`}
                  onClick={() => setEditor({ editing: d })}
                >
                  <Icon name="edit" /> Edit
                </button>
                <button
                  type="button"
                  className="btn btn-small btn-danger"
                  aria-label={`Remove the digest for #${d.digest.channel}`}
                  onClick={() => setRemoving(d)}
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
        <DigestEditor
          editing={editor.editing}
          onClose={() => setEditor(null)}
          onSaved={(saved) => {
            setEditor(null);
            setMessage(`The digest for #${saved.digest.channel} is saved: ${describeSchedule(saved.digest)}.`);
            digests.reload();
          }}
        />
      ) : null}
      <Dialog
        open={previewing !== null}
        wide
        title={previewing ? `#${previewing.digest.digest.channel} as it would post now` : ''}
        onClose={() => setPreviewing(null)}
        footer={
          <button type="button" className="btn" onClick={() => setPreviewing(null)}>
            Close
          </button>
        }
      >
        {previewing?.data ? <SlackPreview preview={previewing.data} names={names} /> : null}
        {previewing?.error ? (
          <ErrorNote
            title="Could not preview."
            error={previewing.error}
            onRetry={() => previewing && preview(previewing.digest)}
          />
        ) : null}
        {previewing && !previewing.data && !previewing.error ? <Loading>Reading the review queue…</Loading> : null}
      </Dialog>
      <ConfirmDialog
        open={removing !== null}
        title={removing ? `Remove the digest for #${removing.digest.channel}?` : ''}
        confirmLabel="Remove"
        onCancel={() => setRemoving(null)}
        onConfirm={() => {
          const target = removing;
          setRemoving(null);
          if (target)
            api
              .call('digests.remove', { key: target.key })
              .then(() => {
                setMessage(`The digest for #${target.digest.channel} is removed: it no longer posts.`);
                digests.reload();
              })
              .catch((err: unknown) => setMessage(`Could not remove the digest: ${describeError(err)}`));
        }}
      >
        #{removing?.digest.channel} no longer gets its review queue at {removing?.digest.at}.{' '}
        <code>/forgebell digest</code> still works there.
      </ConfirmDialog>
    </CardListScreen>
  );
}
