import { type ChangeEvent, useId, useRef, useState } from 'react';
import type { ImportPlan } from '../../../../electron/contract/schemas.js';
import { useApi } from '../../api/api-context.js';
import { ApiCallError, describeError } from '../../api/api-error.js';
import { useSettings } from '../../app/settings-context.js';
import { Dialog } from '../../components/Dialog.js';
import { Icon } from '../../components/Icon.js';
import { downloadText } from '../diagnostics/log-export.js';

type Message =
  { tone: 'ok'; text: string } | { tone: 'error'; text: string; problems: { path: string; message: string }[] };

/** The lines of a plan, each marked as what it does: + added, ~ changed, − removed, ! forgotten. */
function PlanList({ plan }: { plan: ImportPlan }) {
  const rows: { mark: '+' | '~' | '−' | '!'; kind: string; text: string }[] = [
    ...plan.subscriptions.removed.map((text) => ({ mark: '−' as const, kind: 'Subscription', text })),
    ...plan.accounts.removed.map((text) => ({ mark: '−' as const, kind: 'Account', text })),
    ...plan.forgotten.map((text) => ({ mark: '!' as const, kind: 'Forgotten', text })),
    ...plan.subscriptions.added.map((text) => ({ mark: '+' as const, kind: 'Subscription', text })),
    ...plan.accounts.added.map((text) => ({ mark: '+' as const, kind: 'Account', text })),
    ...plan.subscriptions.updated.map((text) => ({ mark: '~' as const, kind: 'Subscription', text })),
    ...plan.accounts.updated.map((text) => ({ mark: '~' as const, kind: 'Account', text })),
    ...plan.settings.map((text) => ({ mark: '~' as const, kind: 'Setting', text })),
  ];
  const words = { '+': 'added', '~': 'changed', '−': 'removed', '!': 'forgotten' };
  if (rows.length === 0) return <p>Nothing changes: the file says what Forgebell already has.</p>;
  return (
    <ul className="plan-list">
      {rows.map((r, i) => (
        <li key={i} className={`plan-${words[r.mark]}`}>
          <span className="plan-mark" aria-hidden="true">
            {r.mark}
          </span>
          <span className="visually-hidden">{words[r.mark]}: </span>
          <span className="plan-kind">{r.kind}</span> <span className="plan-text">{r.text}</span>
        </li>
      ))}
    </ul>
  );
}

/**
 * Export the configuration (every secret replaced by null) and import one, as `forgebell export` / `import` do. An
 * import first shows what it will add, change and remove — removals first — and asks; a file that cannot be imported
 * lists every problem, as the CLI does.
 */
export function ConfigPanel() {
  const id = useId();
  const api = useApi();
  const { reload } = useSettings();
  const fileInput = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<Message | null>(null);
  const [pending, setPending] = useState<{ name: string; json: string; plan: ImportPlan } | null>(null);

  const exportConfig = async (): Promise<void> => {
    setBusy(true);
    setMessage(null);
    try {
      const { json } = await api.call('config.export', {});
      downloadText(`${json}\n`, `forgebell-config-${new Date().toISOString().slice(0, 10)}.json`);
      setMessage({ tone: 'ok', text: 'Exported. Every token in the file is null.' });
    } catch (error) {
      setMessage({ tone: 'error', text: `Could not export: ${describeError(error)}`, problems: [] });
    } finally {
      setBusy(false);
    }
  };

  const refused = (name: string, error: unknown): Message =>
    error instanceof ApiCallError && error.issues.length > 0
      ? {
          tone: 'error',
          text: `${name} cannot be imported: ${error.issues.length} problem${error.issues.length === 1 ? '' : 's'}, nothing was changed.`,
          problems: error.issues,
        }
      : { tone: 'error', text: `Could not import ${name}: ${describeError(error)}`, problems: [] };

  const chooseFile = async (event: ChangeEvent<HTMLInputElement>): Promise<void> => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    setBusy(true);
    setMessage(null);
    try {
      const json = await file.text();
      const plan = await api.call('config.preview', { json });
      setPending({ name: file.name, json, plan });
    } catch (error) {
      setMessage(refused(file.name, error));
    } finally {
      setBusy(false);
    }
  };

  const importNow = async (): Promise<void> => {
    if (!pending) return;
    const { name, json } = pending;
    setPending(null);
    setBusy(true);
    try {
      const { summary } = await api.call('config.import', { json });
      setMessage({ tone: 'ok', text: summary });
      reload();
    } catch (error) {
      setMessage(refused(name, error));
    } finally {
      setBusy(false);
    }
  };

  const removals = pending ? pending.plan.subscriptions.removed.length + pending.plan.accounts.removed.length : 0;

  return (
    <section className="panel" aria-labelledby={`${id}-config`}>
      <h2 id={`${id}-config`}>Configuration file</h2>
      <p className="muted">
        The same JSON format as <code>forgebell export</code> and <code>forgebell import FILE</code>. Exported files
        hold <code>null</code> in place of every token; importing such a file keeps the tokens Forgebell already has.
        The file replaces the accounts and subscriptions: you see what it adds, changes and removes before anything
        happens.
      </p>
      <div className="form-actions">
        <button type="button" className="btn" disabled={busy} onClick={() => void exportConfig()}>
          Export configuration
        </button>
        <button type="button" className="btn" disabled={busy} onClick={() => fileInput.current?.click()}>
          Import configuration…
        </button>
        <input
          ref={fileInput}
          type="file"
          accept="application/json,.json"
          hidden
          aria-label="Configuration file to import"
          onChange={(e) => void chooseFile(e)}
        />
      </div>
      {message?.tone === 'ok' ? (
        <pre role="status" className="config-summary">
          {message.text}
        </pre>
      ) : message ? (
        <div className="note note-error config-problems" role="alert">
          <Icon name="alert" />
          <div className="note-text">
            <strong className="note-title">{message.text}</strong>
            {message.problems.length > 0 ? (
              <ul className="problem-list">
                {message.problems.map((p, i) => (
                  <li key={`${p.path}-${i}`}>
                    <code>{p.path}</code> {p.message}
                  </li>
                ))}
              </ul>
            ) : null}
          </div>
        </div>
      ) : null}
      <Dialog
        open={pending !== null}
        wide
        title={`Import ${pending?.name ?? ''}?`}
        onClose={() => setPending(null)}
        footer={
          <>
            <button type="button" className="btn" onClick={() => setPending(null)} data-autofocus>
              Cancel
            </button>
            <button
              type="button"
              className={removals > 0 ? 'btn btn-danger' : 'btn btn-primary'}
              onClick={() => void importNow()}
            >
              {removals > 0 ? `Import and remove ${removals}` : 'Import'}
            </button>
          </>
        }
      >
        {pending ? (
          <>
            {removals > 0 ? (
              <p className="tone-error">
                <Icon name="alert" /> This file removes {removals}{' '}
                {removals === 1 ? 'item Forgebell has now' : 'items Forgebell has now'}. Removed subscriptions stop
                notifying; this cannot be undone except by importing them again.
              </p>
            ) : null}
            <PlanList plan={pending.plan} />
            {pending.plan.subscriptions.unchanged.length > 0 ? (
              <p className="muted">{pending.plan.subscriptions.unchanged.length} subscriptions stay as they are.</p>
            ) : null}
          </>
        ) : null}
      </Dialog>
    </section>
  );
}
