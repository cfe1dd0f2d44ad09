import { paginate } from './paging.js';
import type { World } from './world.js';
import type { FakeProject, FakeUser } from './world-types.js';

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface RouteContext {
  url: URL;
  params: Record<string, string>;
  /** JSON or form body merged over the query parameters (GitLab reads both). */
  input: Record<string, unknown>;
  store: World;
  /** Web root, e.g. http://127.0.0.1:PORT. */
  base: string;
  scopes: readonly string[];
  /** Whose token made the request. */
  user: FakeUser;
}

export interface RouteResult {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export type Handler = (ctx: RouteContext) => RouteResult;

export interface Route {
  method: Method;
  segments: string[];
  handler: Handler;
}

export function route(method: Method, pattern: string, handler: Handler): Route {
  return { method, segments: pattern.split('/').filter(Boolean), handler };
}

/** Matches a decoded path (segments after /api/v4) against the table; `:name` segments capture. */
export function matchRoute(
  routes: readonly Route[],
  method: string,
  segments: string[],
): { route: Route; params: Record<string, string> } | 'method_not_allowed' | null {
  let pathMatched = false;
  for (const candidate of routes) {
    if (candidate.segments.length !== segments.length) continue;
    const params: Record<string, string> = {};
    const ok = candidate.segments.every((seg, i) => {
      const actual = segments[i] ?? '';
      if (seg.startsWith(':')) {
        params[seg.slice(1)] = actual;
        return actual.length > 0;
      }
      return seg === actual;
    });
    if (!ok) continue;
    pathMatched = true;
    if (candidate.method === method) return { route: candidate, params };
  }
  return pathMatched ? 'method_not_allowed' : null;
}

export const json = (body: unknown, status = 200, headers?: Record<string, string>): RouteResult => ({
  status,
  body,
  ...(headers ? { headers } : {}),
});
export const notFound = (what: string): RouteResult => json({ message: `404 ${what} Not Found` }, 404);
export const badRequest = (message: string): RouteResult => json({ error: message }, 400);

export function list<T>(
  ctx: RouteContext,
  items: T[],
  serialise: (item: T) => unknown,
  options: { counted?: boolean } = {},
): RouteResult {
  const page = paginate(items, ctx.url);
  const headers = { ...page.headers };
  if (options.counted === false) {
    delete headers['x-total'];
    delete headers['x-total-pages'];
  }
  return json(page.items.map(serialise), 200, headers);
}

/** Runs `fn` with the `:id` project (numeric id or URL-encoded full path); 404 when unknown. */
export function withProject(ctx: RouteContext, fn: (project: FakeProject) => RouteResult): RouteResult {
  const project = ctx.store.findProject(ctx.params.id ?? '');
  return project ? fn(project) : notFound('Project');
}

export function stringParam(ctx: RouteContext, name: string): string | undefined {
  const value = ctx.input[name];
  return typeof value === 'string'
    ? value
    : typeof value === 'number' || typeof value === 'boolean'
      ? String(value)
      : undefined;
}

/** `iids[]=1&iids[]=2` (query) or `iids: [1, 2]` (JSON body). */
export function arrayParam(ctx: RouteContext, name: string): string[] {
  const fromQuery = ctx.url.searchParams.getAll(`${name}[]`);
  if (fromQuery.length > 0) return fromQuery;
  const value = ctx.input[name];
  if (Array.isArray(value)) return value.map(String);
  return typeof value === 'string' && value.length > 0 ? [value] : [];
}

/** An ISO 8601 time parameter; `invalid` when present but unparseable. */
export function timeParam(ctx: RouteContext, name: string): number | null | 'invalid' {
  const value = stringParam(ctx, name);
  if (value === undefined || value === '') return null;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : 'invalid';
}

export function sortBy<T>(
  items: T[],
  key: (item: T) => number | string,
  direction: string | undefined,
  fallback: 'asc' | 'desc' = 'desc',
): T[] {
  const dir = direction === 'asc' || direction === 'desc' ? direction : fallback;
  const sorted = [...items].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
  return dir === 'asc' ? sorted : sorted.reverse();
}
