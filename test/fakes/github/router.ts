import { HttpError } from './http-error.js';
import { paginate } from './paging.js';
import type { World } from './world.js';
import type { FakeRepo } from './world-types.js';

export interface TokenInfo {
  login: string;
  /** Classic token scopes (sent in x-oauth-scopes); null for fine-grained tokens, which have no scope header. */
  scopes?: string[] | null;
  name?: string | null;
}

export interface RouteContext {
  world: World;
  method: string;
  params: string[];
  query: URLSearchParams;
  body: unknown;
  token: TokenInfo;
  /** Absolute URL of this request (for Link headers). */
  selfUrl: string;
}

export interface RouteResult {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  /** Events endpoints send X-Poll-Interval. */
  pollInterval?: boolean;
  /** Sent as Last-Modified (HTTP date, whole seconds); an If-Modified-Since at or after it gets a free 304. */
  lastModified?: number;
}

export interface Route {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT';
  pattern: RegExp;
  handle(ctx: RouteContext): RouteResult;
}

export function ok(body: unknown, headers?: Record<string, string>): RouteResult {
  return { status: 200, body, ...(headers ? { headers } : {}) };
}

/** One page of a list with its Link header. */
export function paged(ctx: RouteContext, items: unknown[], options: { max?: number } = {}): RouteResult {
  const page = paginate(items, ctx.selfUrl, options);
  return { status: 200, body: page.items, ...(page.link ? { headers: { link: page.link } } : {}) };
}

export function canSee(token: TokenInfo, repo: FakeRepo): boolean {
  return !repo.private || token.scopes === null || token.scopes === undefined || token.scopes.includes('repo');
}

/** The repo named by the first two params; 404 when missing or not visible to the token (as GitHub hides private repos). */
export function repoFrom(ctx: RouteContext): FakeRepo {
  const repo = ctx.world.findRepo(`${ctx.params[0]}/${ctx.params[1]}`);
  if (!repo || !canSee(ctx.token, repo)) throw new HttpError(404, 'Not Found');
  return repo;
}

export function numberParam(value: string | undefined): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new HttpError(404, 'Not Found');
  return n;
}

export function bodyObject(ctx: RouteContext): Record<string, unknown> {
  if (typeof ctx.body !== 'object' || ctx.body === null || Array.isArray(ctx.body))
    throw new HttpError(400, 'Problems parsing JSON');
  return ctx.body as Record<string, unknown>;
}

export function sinceParam(ctx: RouteContext): number | null {
  const since = ctx.query.get('since');
  if (!since) return null;
  const ms = Date.parse(since);
  if (!Number.isFinite(ms)) throw new HttpError(422, 'Invalid value for parameter since');
  return ms;
}
