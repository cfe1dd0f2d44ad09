import { useId } from 'react';
import { type ForgeKind, unavailableEventReason } from '../../../../electron/contract/vocabulary/forges.js';
import { EVENT_NAMES, type EventName } from '../../../../electron/contract/vocabulary/event-names.js';
import { EVENT_META } from '../../components/event-meta.js';
import { Icon } from '../../components/Icon.js';

/**
 * The event checkboxes (defaults come preselected by the form), in spec order. Events the account's forge cannot
 * produce are hidden when they are for another forge only, or shown disabled with the reason (Gitea: deployments…).
 */
export function EventsField({
  value,
  onChange,
  error,
  forge,
}: {
  value: readonly EventName[];
  onChange: (events: EventName[]) => void;
  error?: string;
  forge?: ForgeKind | null;
}) {
  const id = useId();
  const toggle = (name: EventName, on: boolean) =>
    onChange(EVENT_NAMES.filter((e) => (e === name ? on : value.includes(e))));
  const hidden = (name: EventName) =>
    (forge === 'github' && (name === 'confidential_issues' || name === 'confidential_comments')) ||
    (forge === 'gitlab' && name === 'discussions');
  const refused = (name: EventName) => (forge ? unavailableEventReason(forge, name) : null);
  return (
    <fieldset
      className="events-field"
      aria-describedby={error ? `${id}-error` : undefined}
      aria-invalid={error ? true : undefined}
    >
      <legend className="field-label">Events</legend>
      <div className="events-grid">
        {EVENT_NAMES.filter((n) => !hidden(n)).map((name) => {
          const meta = EVENT_META[name];
          const reason = refused(name);
          return (
            <label key={name} className={reason ? 'event-option event-option-unavailable' : 'event-option'}>
              <input
                type="checkbox"
                checked={!reason && value.includes(name)}
                disabled={reason !== null}
                onChange={(e) => toggle(name, e.target.checked)}
              />
              <Icon name={meta.icon} />
              <span className="event-option-text">
                <span>{meta.label}</span>
                <span className="event-option-hint">{reason ?? meta.hint}</span>
              </span>
            </label>
          );
        })}
      </div>
      {error ? (
        <div className="field-error" id={`${id}-error`}>
          {error}
        </div>
      ) : null}
    </fieldset>
  );
}

export function EventChips({
  events,
  channels,
}: {
  events: readonly EventName[];
  channels?: Partial<Record<EventName, string>>;
}) {
  return (
    <ul className="chips" aria-label="Events">
      {events.map((e) => (
        <li key={e} className="chip">
          <Icon name={EVENT_META[e].icon} />
          {e}
          {channels?.[e] ? <span className="chip-extra"> → #{channels[e]}</span> : null}
        </li>
      ))}
    </ul>
  );
}
