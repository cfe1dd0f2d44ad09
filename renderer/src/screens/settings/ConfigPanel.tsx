import { type ChangeEvent, useId, useRef, useState } from 'react';
import { useApi } from '../../api/api-context.js';
import { describeError } from '../../api/api-error.js';
import { downloadText } from '../diagnostics/log-export.js';

/** Export the configuration (every secret replaced by null) and import one, as `forgebell export` / `import` do. */
export function ConfigPanel() {
  const id = useId();
  const api = useApi();
  const fileInput = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);

  const exportConfig = async (): Promise<void> => {
    setBusy(true);
    setMessage(null);
    try {
      const { json } = await api.call('config.export', {});
      downloadText(`${json}\n`, `forgebell-config-${new Date().toISOString().slice(0, 10)}.json`);
      setMessage({ tone: 'ok', text: 'Exported. Every token in the file is null.' });
    } catch (error) {
      setMessage({ tone: 'error', text: `Could not export: ${describeError(error)}` });
    } finally {
      setBusy(false);
    }
  };

  const importConfig = async (event: ChangeEvent<HTMLInputElement>): Promise<void> => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    setBusy(true);
    setMessage(null);
    try {
      const { summary } = await api.call('config.import', { json: await file.text() });
      setMessage({ tone: 'ok', text: summary });
    } catch (error) {
      setMessage({ tone: 'error', text: `Could not import ${file.name}: ${describeError(error)}` });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel" aria-labelledby={`${id}-config`}>
      <h2 id={`${id}-config`}>Configuration file</h2>
      <p className="muted">
        The same JSON format as <code>forgebell export</code> and <code>forgebell import FILE</code>. Exported files
        hold <code>null</code> in place of every token; importing such a file keeps the tokens Forgebell already has.
        The file replaces the accounts and subscriptions.
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
          onChange={(e) => void importConfig(e)}
        />
      </div>
      {message ? (
        <pre
          role={message.tone === 'error' ? 'alert' : 'status'}
          className={message.tone === 'error' ? 'tone-error' : 'config-summary'}
        >
          {message.text}
        </pre>
      ) : null}
    </section>
  );
}
