import type { EventName } from '../../../../electron/contract/vocabulary/event-names.js';
import type { FeedFate, FeedItem, FeedQuery } from '../../../../electron/contract/schemas.js';

/** What the feed shows: all filters are optional; '' means "any". */
export interface FeedFilter {
  repo: string;
  event: EventName | '';
  fate: FeedFate | '';
  text: string;
  /** "For you": only the DMs of the person who runs this Forgebell (`for=me` in the address). */
  forMe: boolean;
  /** That person's Slack ID, from the settings (what `forMe` matches live items against). */
  owner?: string | null;
}

export const NO_FILTER: FeedFilter = { repo: '', event: '', fate: '', text: '', forMe: false };

export function isFiltered(filter: FeedFilter): boolean {
  return Boolean(filter.repo || filter.event || filter.fate || filter.text.trim() || filter.forMe);
}

export function toQuery(filter: FeedFilter, limit: number, beforeId?: number): FeedQuery {
  const text = filter.text.trim();
  return {
    limit,
    ...(beforeId !== undefined ? { beforeId } : {}),
    ...(filter.repo ? { repo: filter.repo } : {}),
    ...(filter.event ? { event: filter.event } : {}),
    ...(filter.fate ? { fate: filter.fate } : {}),
    ...(text ? { text: text.slice(0, 200) } : {}),
    ...(filter.forMe ? { forMe: true } : {}),
  };
}

/**
 * The client-side twin of the engine's filter, for items pushed live (case-insensitive text match). A fate filter
 * matches an event when any of its destinations has that fate.
 */
export function matchesFilter(item: FeedItem, filter: FeedFilter): boolean {
  if (filter.repo && item.repo.toLowerCase() !== filter.repo.toLowerCase()) return false;
  if (filter.event && item.event !== filter.event) return false;
  if (filter.fate && !item.destinations.some((d) => d.fate === filter.fate)) return false;
  // "For you": the events with a DM to the owner.
  if (filter.forMe && (!filter.owner || !item.destinations.some((d) => d.kind === 'dm' && d.target === filter.owner)))
    return false;
  const text = filter.text.trim().toLowerCase();
  if (text) {
    const destinations = item.destinations.map((d) => `${d.target ?? ''}\n${d.reason ?? ''}`).join('\n');
    const haystack = `${item.summary}\n${item.repo}\n${item.actor}\n${item.action}\n${destinations}`.toLowerCase();
    if (!haystack.includes(text)) return false;
  }
  return true;
}

/** Index of the first item with an id lower than `id` (the list is sorted newest first, by id descending). */
function insertionIndex(items: readonly FeedItem[], id: number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((items[mid] as FeedItem).id > id) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export interface UpsertResult {
  items: readonly FeedItem[];
  /** True when a row that was not shown before now is (a new event, or one that started matching). */
  added: boolean;
}

/**
 * Applies one pushed item: replaces the row with the same id (its fate changed), inserts a new one in
 * id order, or removes a row that no longer matches the filter (for example a failed item being retried
 * while the feed shows only failures).
 */
export function upsertFeedItem(items: readonly FeedItem[], item: FeedItem, filter: FeedFilter): UpsertResult {
  const index = insertionIndex(items, item.id);
  const existing = items[index]?.id === item.id;
  const matches = matchesFilter(item, filter);
  if (existing) {
    const next = items.slice();
    if (matches) next[index] = item;
    else next.splice(index, 1);
    return { items: next, added: false };
  }
  if (!matches) return { items, added: false };
  const next = items.slice();
  next.splice(index, 0, item);
  return { items: next, added: true };
}

/** Adds a fetched page, keeping rows already present (a push may be newer than the page). */
export function mergePage(items: readonly FeedItem[], page: readonly FeedItem[]): readonly FeedItem[] {
  if (items.length === 0) return [...page].sort((a, b) => b.id - a.id);
  const seen = new Set(items.map((i) => i.id));
  const fresh = page.filter((i) => !seen.has(i.id));
  if (fresh.length === 0) return items;
  return [...items, ...fresh].sort((a, b) => b.id - a.id);
}
