import { EVENT_NAMES, type EventName } from '../../../../electron/contract/vocabulary/event-names.js';
import type { FeedFate } from '../../../../electron/contract/schemas.js';
import { FATE_NAMES } from '../../components/FateBadge.js';
import { NO_FILTER, type FeedFilter } from './feed-list.js';

/**
 * The feed's filters live in the address (`#/feed?repo=octo%2Fapp&event=pulls&fate=filtered&q=crash`), so a filtered
 * view can be reloaded, bookmarked or shared. Unknown values are ignored, never trusted.
 */
export function filterFromHash(hash: string): FeedFilter {
  const query = hash.includes('?') ? hash.slice(hash.indexOf('?') + 1) : '';
  const params = new URLSearchParams(query);
  const event = params.get('event') ?? '';
  const fate = params.get('fate') ?? '';
  return {
    repo: (params.get('repo') ?? '').slice(0, 300),
    event: (EVENT_NAMES as readonly string[]).includes(event) ? (event as EventName) : NO_FILTER.event,
    fate: (FATE_NAMES as readonly string[]).includes(fate) ? (fate as FeedFate) : NO_FILTER.fate,
    text: (params.get('q') ?? '').slice(0, 200),
    forMe: params.get('for') === 'me',
  };
}

/** `#/feed` plus the filters that are set. */
export function hashWithFilter(filter: FeedFilter): string {
  const params = new URLSearchParams();
  if (filter.repo) params.set('repo', filter.repo);
  if (filter.event) params.set('event', filter.event);
  if (filter.fate) params.set('fate', filter.fate);
  if (filter.text.trim()) params.set('q', filter.text.trim());
  if (filter.forMe) params.set('for', 'me');
  const query = params.toString();
  return query ? `#/feed?${query}` : '#/feed';
}
