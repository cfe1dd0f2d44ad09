import type { FeedShaper } from './routes-events.js';

/**
 * Feed shapers for the GitHub fake: what today's Events API may leave out of an entry. GitHub's published description
 * marks most payload fields optional (a review's `state`, a commit comment's `commit_id`, a wiki page's `action`, a
 * label's `name` …) and an entry's `type` and `created_at` nullable; these shapers serve entries that thin.
 */

/**
 * Removes fields from the entries of the given types. Paths are dotted from the entry (`payload.review.state`);
 * `[]` walks every element of an array (`payload.pages[].action`, `payload.issue.labels[].name`). `*` matches every type.
 */
export function omitFields(byType: Record<string, readonly string[]>): FeedShaper {
  return (entry) => {
    const paths = [...(byType[String(entry.type)] ?? []), ...(byType['*'] ?? [])];
    for (const path of paths) omit(entry, path.split('.'));
    return entry;
  };
}

/** Sets fields (dotted paths, as omitFields) of the entries `which` selects, e.g. `{ type: null }`. */
export function setFields(
  which: (entry: Record<string, unknown>) => boolean,
  values: Record<string, unknown>,
): FeedShaper {
  return (entry) => {
    if (!which(entry)) return entry;
    for (const [path, value] of Object.entries(values)) {
      const keys = path.split('.');
      const last = keys.pop() as string;
      let target: unknown = entry;
      for (const key of keys) target = (target as Record<string, unknown> | undefined)?.[key];
      if (target && typeof target === 'object') (target as Record<string, unknown>)[last] = value;
    }
    return entry;
  };
}

/** Applies shapers in order. */
export function composeShapers(...shapers: FeedShaper[]): FeedShaper {
  return (entry) => shapers.reduce((current, shape) => shape(current), entry);
}

function omit(target: unknown, keys: string[]): void {
  if (target === null || typeof target !== 'object' || keys.length === 0) return;
  const [first, ...rest] = keys as [string, ...string[]];
  const each = first.endsWith('[]');
  const key = each ? first.slice(0, -2) : first;
  const record = target as Record<string, unknown>;
  if (rest.length === 0 && !each) {
    delete record[key];
    return;
  }
  const value = record[key];
  if (each && Array.isArray(value)) for (const item of value) omit(item, rest);
  else omit(value, rest);
}
