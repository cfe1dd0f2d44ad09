import type { RequestRecord } from './http-meter.js';
import type { Expected, Forge, SlackPost } from './protocol.js';

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
}

/** Most requests inside any window of `windowMs` (sliding, starting at each request). */
export function maxInWindow(times: readonly number[], windowMs: number): { count: number; at: number } {
  const sorted = [...times].sort((a, b) => a - b);
  let best = { count: 0, at: sorted[0] ?? 0 };
  let lo = 0;
  for (let hi = 0; hi < sorted.length; hi++) {
    while ((sorted[hi] as number) - (sorted[lo] as number) >= windowMs) lo++;
    if (hi - lo + 1 > best.count) best = { count: hi - lo + 1, at: sorted[lo] as number };
  }
  return best;
}

/** Requests per fixed clock minute (from `start`). */
export function perMinute(times: readonly number[], start: number, minutes: number): number[] {
  const buckets = Array.from({ length: minutes }, () => 0);
  for (const t of times) {
    const m = Math.floor((t - start) / 60_000);
    if (m >= 0 && m < minutes) buckets[m] = (buckets[m] ?? 0) + 1;
  }
  return buckets;
}

export interface Match {
  delivered: { expected: Expected; latencyMs: number }[];
  missed: Expected[];
  /** Extra posts of a delivery id that was already posted. */
  duplicates: number;
  duplicateIds: string[];
  /** Posts the oracle did not ask for (a filter decided differently). */
  unexpected: string[];
}

/**
 * Matches every notification the oracle expects (delivery id `<eventId>|<subscriptionId>`) against the
 * messages the Slack fake received.
 */
export function matchDeliveries(
  expected: readonly Expected[],
  posts: readonly SlackPost[],
  subscriptionId: (forge: Forge, repo: string) => string,
): Match {
  const byId = new Map<string, number[]>();
  for (const post of posts) {
    if (!post.deliveryId) continue;
    const list = byId.get(post.deliveryId) ?? [];
    list.push(post.postedAt);
    byId.set(post.deliveryId, list);
  }
  const wanted = new Set<string>();
  const match: Match = { delivered: [], missed: [], duplicates: 0, duplicateIds: [], unexpected: [] };
  for (const e of expected) {
    const id = `${e.eventId}|${subscriptionId(e.forge, e.repo)}`;
    wanted.add(id);
    const times = byId.get(id);
    if (!times) match.missed.push(e);
    else match.delivered.push({ expected: e, latencyMs: Math.min(...times) - e.at });
  }
  for (const [id, times] of byId) {
    if (times.length > 1) {
      match.duplicates += times.length - 1;
      match.duplicateIds.push(id);
    }
    if (!wanted.has(id)) match.unexpected.push(id);
  }
  return match;
}

/** Endpoint family of a forge request path, for the measured endpoint mix. */
export function endpointOf(record: RequestRecord): string {
  const path = record.path.split('?')[0] ?? '';
  if (record.service === 'github') {
    const m = /^\/repos\/[^/]+\/[^/]+(\/.*)?$/.exec(path);
    if (!m) {
      if (/^\/users\/[^/]+\/events\/orgs\/[^/]+$/.test(path)) return 'GET /users/{me}/events/orgs/{org}';
      return path === '/user' ? 'GET /user' : path === '/graphql' ? 'POST /graphql' : `other ${path}`;
    }
    const rest = (m[1] ?? '').replace(/\/\d+/g, '/{n}').replace(/^\/compare\/.*/, '/compare/{base}...{head}');
    return `GET /repos/{o}/{r}${rest}`;
  }
  if (record.service === 'gitlab') {
    const m = /^\/api\/v4\/projects\/[^/]+(\/.*)?$/.exec(path);
    if (!m) return `GET ${path.replace(/^\/api\/v4/, '')}`;
    return `GET /projects/{id}${(m[1] ?? '').replace(/\/\d+/g, '/{n}')}`;
  }
  return `${record.method} ${path}`;
}

/** `/repos/{owner}/{name}` of a GitHub request, or null. */
export function githubRepoOf(path: string): string | null {
  const m = /^\/repos\/([^/]+)\/([^/?]+)/.exec(path);
  return m ? `${decodeURIComponent(m[1] as string)}/${decodeURIComponent(m[2] as string)}`.toLowerCase() : null;
}
