import { useId } from 'react';
import { useApi } from '../../api/api-context.js';
import { useRemote } from '../../api/use-remote.js';
import { CopyButton } from '../../components/CopyButton.js';
import { Icon } from '../../components/Icon.js';
import { ErrorNote, Loading } from '../../components/StateViews.js';

/** The generated Slack app manifest, as YAML or JSON, with copy and the pre-filled "create app" link. */
export function ManifestPanel({
  format,
  onFormat,
}: {
  format: 'yaml' | 'json';
  onFormat: (format: 'yaml' | 'json') => void;
}) {
  const api = useApi();
  const id = useId();
  const manifest = useRemote(() => api.call('slack.manifest', {}), [api]);
  if (manifest.loading && !manifest.data) return <Loading>Generating the app manifest…</Loading>;
  if (!manifest.data)
    return (
      <ErrorNote title="Could not generate the Slack app manifest." error={manifest.error} onRetry={manifest.reload} />
    );
  const text = format === 'yaml' ? manifest.data.yaml : manifest.data.json;
  return (
    <div className="manifest">
      <ol className="steps-list">
        <li>
          Open Slack’s app page with the manifest filled in, pick your workspace and press <strong>Create</strong>, then{' '}
          <strong>Install to Workspace</strong>.
          <div className="row-actions">
            <a className="btn btn-primary" href={manifest.data.createUrl} target="_blank" rel="noreferrer noopener">
              <Icon name="external" />
              Create Slack app
            </a>
          </div>
        </li>
        <li>
          Or create the app “From an app manifest” yourself and paste this:
          <div className="manifest-toolbar">
            <div className="segmented" role="radiogroup" aria-label="Manifest format">
              {(['yaml', 'json'] as const).map((f) => (
                <label key={f} className="segment">
                  <input type="radio" name={`${id}-format`} checked={format === f} onChange={() => onFormat(f)} />
                  <span>{f.toUpperCase()}</span>
                </label>
              ))}
            </div>
            <CopyButton text={text} label={`Copy ${format.toUpperCase()}`} className="btn-small" />
          </div>
          <pre
            className="code-block"
            tabIndex={0}
            role="region"
            aria-label={`Slack app manifest (${format.toUpperCase()})`}
          >
            <code>{text}</code>
          </pre>
        </li>
      </ol>
    </div>
  );
}
