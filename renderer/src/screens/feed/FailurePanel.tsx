import { useState } from 'react';
import type { FailureGroup } from '../../../../electron/contract/schemas.js';
import { useApi } from '../../api/api-context.js';
import { describeError } from '../../api/api-error.js';
import { Icon } from '../../components/Icon.js';
import { fixLink } from './fix-link.js';

const plural = (n: number, one: string, many: string): string => `${n.toLocaleString()} ${n === 1 ? one : many}`;

/** One cause: what happened, what to do and where, "Retry all (N)" and "Dismiss". */
function FailureCause({ group }: { group: FailureGroup }) {
  const api = useApi();
  const [busy, setBusy] = useState<'retry' | 'dismiss' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const link = fixLink(group.fixAt, { target: group.targets.length === 1 ? (group.targets[0] ?? null) : null });
  const act = (what: 'retry' | 'dismiss') => {
    setBusy(what);
    setError(null);
    const call =
      what === 'retry'
        ? api.call('feed.retryFailed', { code: group.code })
        : api.call('feed.dismiss', { code: group.code });
    call
      .catch((err: unknown) => setError(`Could not ${what === 'retry' ? 'retry' : 'dismiss'}: ${describeError(err)}`))
      .finally(() => setBusy(null));
  };
  const where = group.targets.map((t) => (t.startsWith('(') ? t : `#${t}`)).join(', ');
  return (
    <li className="failure-cause">
      <Icon name="alert" />
      <div className="failure-text">
        <p className="failure-reason">
          <strong>
            {plural(group.count, 'delivery', 'deliveries')}
            {where ? ` to ${where}` : ''}:
          </strong>{' '}
          {group.reason}
        </p>
        {group.fix ? <p className="failure-fix">{group.fix}</p> : null}
        {group.code ? (
          <p className="failure-code">
            Slack said: <code>{group.code}</code>
          </p>
        ) : null}
        {error ? (
          <p className="tone-error" role="alert">
            {error}
          </p>
        ) : null}
      </div>
      <div className="failure-actions">
        {link ? (
          <a className="btn btn-small" href={link.href}>
            {link.label}
          </a>
        ) : null}
        <button
          type="button"
          className="btn btn-small btn-primary"
          disabled={busy !== null}
          onClick={() => act('retry')}
        >
          <Icon name="retry" />
          {busy === 'retry' ? 'Retrying…' : `Retry all (${group.count.toLocaleString()})`}
        </button>
        <button
          type="button"
          className="btn btn-small btn-ghost"
          disabled={busy !== null}
          onClick={() => act('dismiss')}
          aria-label={`Dismiss ${plural(group.count, 'failed delivery', 'failed deliveries')}: ${group.reason}`}
        >
          {busy === 'dismiss' ? 'Dismissing…' : 'Dismiss'}
        </button>
      </div>
    </li>
  );
}

/**
 * What failed, by cause, above the feed: each cause fixed once and retried (or dismissed) at once, instead of one row
 * at a time. Causes the engine fixes on its own (a bot token that works again) disappear as their deliveries go out.
 */
export function FailurePanel({ groups }: { groups: readonly FailureGroup[] }) {
  if (groups.length === 0) return null;
  const total = groups.reduce((n, g) => n + g.count, 0);
  return (
    <section className="failure-panel" aria-labelledby="failure-panel-title">
      <h2 id="failure-panel-title" className="failure-title">
        {plural(total, 'delivery', 'deliveries')} failed
        {groups.length > 1 ? ` for ${groups.length} different causes` : ''}
      </h2>
      <ul className="failure-list">
        {groups.map((g) => (
          <FailureCause key={g.code ?? ''} group={g} />
        ))}
      </ul>
    </section>
  );
}
