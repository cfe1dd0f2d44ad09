import type { Subscription } from '../../../../electron/contract/schemas.js';
import { ForgeIcon } from '../../components/ForgeIcon.js';
import { Icon } from '../../components/Icon.js';
import { RelativeTime } from '../../components/RelativeTime.js';
import { Switch } from '../../components/Switch.js';
import { EventChips } from './EventsField.js';
import { filterSummary } from './subscription-form.js';

export function SubscriptionRow({
  sub,
  defaultChannel,
  testing,
  onToggle,
  onEdit,
  onDelete,
  onTest,
}: {
  sub: Subscription;
  defaultChannel: string | null;
  testing: boolean;
  onToggle: (enabled: boolean) => void;
  onEdit: () => void;
  onDelete: () => void;
  onTest: () => void;
}) {
  const channel = sub.channel ?? defaultChannel;
  const problem = sub.error ?? sub.pattern?.warning ?? null;
  // Several subscriptions of one repository differ by channel: every control's name says which one it is.
  const name = channel ? `${sub.repo} → #${channel}` : sub.repo;
  return (
    <div className={`sub-card${sub.enabled ? '' : ' is-disabled'}`}>
      <div className="sub-head">
        <ForgeIcon forge={sub.forge} />
        <h2 className="sub-repo">{sub.repo}</h2>
        <span className="sub-account muted">
          {sub.account}
          {sub.pattern ? (
            <>
              {' · '}
              {sub.pattern.description}
              {sub.pattern.members !== null
                ? ` · ${sub.pattern.members} ${sub.pattern.members === 1 ? 'repository' : 'repositories'}`
                : ' · listing…'}
              {sub.excludeRepos?.length ? ` · leaves out ${sub.excludeRepos.join(', ')}` : ''}
            </>
          ) : null}
        </span>
        {sub.error || sub.channelProblems?.length ? (
          <span className="badge badge-error">
            <Icon name="alert" />
            {sub.error ? 'Error' : 'Channel problem'}
          </span>
        ) : null}
        <span className="sub-toggle">
          <Switch label={`Enabled: ${name}`} hideLabel checked={sub.enabled} onChange={onToggle} />
          <span className="muted" aria-hidden="true">
            {sub.enabled ? 'On' : 'Off'}
          </span>
        </span>
      </div>
      {problem ? (
        <p className={`sub-error ${sub.error ? 'tone-error' : 'tone-warn'}`} title={problem}>
          {problem}
        </p>
      ) : null}
      {(sub.channelProblems ?? []).map((p) => (
        <p key={p.channel} className="sub-error tone-error">
          <strong>{p.problem}</strong> {p.fix}
        </p>
      ))}
      <div className="sub-body">
        <span className="sub-channel">
          <Icon name="hash" />
          {channel ?? <span className="muted">no channel (webhook)</span>}
          {channel && !sub.channel ? <span className="muted">&nbsp;(default)</span> : null}
        </span>
        <EventChips events={sub.events} channels={sub.channels} />
      </div>
      <div className="sub-foot">
        <span className="muted">
          {filterSummary(sub)} ·{' '}
          {sub.lastEventAt ? (
            <>
              last event <RelativeTime iso={sub.lastEventAt} />
            </>
          ) : (
            'no events yet'
          )}
        </span>
        <span className="sub-actions">
          <button
            type="button"
            className="btn btn-small"
            onClick={onTest}
            disabled={testing}
            aria-label={`Send test for ${name}`}
          >
            <Icon name="send" />
            {testing ? 'Sending…' : 'Send test'}
          </button>
          <button type="button" className="btn btn-small" onClick={onEdit} aria-label={`Edit ${name}`}>
            <Icon name="edit" />
            Edit
          </button>
          <button
            type="button"
            className="btn btn-small btn-ghost-danger"
            onClick={onDelete}
            aria-label={`Delete ${name}`}
          >
            <Icon name="trash" />
            Delete
          </button>
        </span>
      </div>
    </div>
  );
}
