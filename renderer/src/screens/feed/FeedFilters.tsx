import { EVENT_NAMES } from '../../../../electron/contract/vocabulary/event-names.js';
import type { FeedFate } from '../../../../electron/contract/schemas.js';
import { EVENT_META } from '../../components/event-meta.js';
import { FATE_NAMES, fateLabel } from '../../components/FateBadge.js';
import { Icon } from '../../components/Icon.js';
import { isFiltered, NO_FILTER, type FeedFilter } from './feed-list.js';

export function FeedFilters({
  filter,
  text,
  onText,
  onChange,
  repos,
  hasOwner,
}: {
  filter: FeedFilter;
  text: string;
  onText: (text: string) => void;
  onChange: (filter: FeedFilter) => void;
  repos: readonly string[];
  /** Whether this Forgebell knows who you are (the People screen's "This is me", the wizard's "add yourself"). */
  hasOwner?: boolean;
}) {
  return (
    <div className="toolbar" role="search" aria-label="Filter the feed">
      {hasOwner ? (
        <div className="segmented" role="group" aria-label="Whose events">
          <button
            type="button"
            className={filter.forMe ? 'btn btn-small' : 'btn btn-small is-selected'}
            aria-pressed={!filter.forMe}
            onClick={() => onChange({ ...filter, forMe: false })}
          >
            Everything
          </button>
          <button
            type="button"
            className={filter.forMe ? 'btn btn-small is-selected' : 'btn btn-small'}
            aria-pressed={filter.forMe}
            onClick={() => onChange({ ...filter, forMe: true })}
          >
            For you
          </button>
        </div>
      ) : null}
      <div className="search-box toolbar-grow">
        <Icon name="search" />
        <input
          type="search"
          className="input"
          aria-label="Search the feed"
          placeholder="Search events"
          value={text}
          maxLength={200}
          onChange={(e) => onText(e.target.value)}
        />
      </div>
      <label className="inline-field">
        <span>Repository</span>
        <select className="select" value={filter.repo} onChange={(e) => onChange({ ...filter, repo: e.target.value })}>
          <option value="">All</option>
          {repos.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </label>
      <label className="inline-field">
        <span>Event</span>
        <select
          className="select"
          value={filter.event}
          onChange={(e) => onChange({ ...filter, event: e.target.value as FeedFilter['event'] })}
        >
          <option value="">All</option>
          {EVENT_NAMES.map((name) => (
            <option key={name} value={name}>
              {EVENT_META[name].label}
            </option>
          ))}
        </select>
      </label>
      <label className="inline-field">
        <span>Fate</span>
        <select
          className="select"
          value={filter.fate}
          onChange={(e) => onChange({ ...filter, fate: e.target.value as FeedFate | '' })}
        >
          <option value="">All</option>
          {FATE_NAMES.map((fate) => (
            <option key={fate} value={fate}>
              {fateLabel(fate)}
            </option>
          ))}
        </select>
      </label>
      {isFiltered({ ...filter, text }) ? (
        <button
          type="button"
          className="btn btn-ghost"
          onClick={() => {
            onText('');
            onChange(NO_FILTER);
          }}
        >
          Clear filters
        </button>
      ) : null}
    </div>
  );
}
