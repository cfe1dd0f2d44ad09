import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { notFound, routes as readRoutes, type Answer, type RouteContext } from './routes.js';
import { actingRoutes } from './routes-acting.js';
import * as actions from './world-actions.js';
import { World, type FakeRun, type FakeUser } from './world.js';

const routes = [...readRoutes, ...actingRoutes];

/**
 * A fake Gitea (or Forgejo) API v1 on 127.0.0.1 (random port), answering as the real servers do: `Authorization:
 * token …`, scope checks with Gitea's exact 403 message, page/limit paging with Link and X-Total-Count, activity feeds
 * with one row per receiver, times in the server's own zone, version-dependent routes (no feeds before 1.20, no
 * Actions API before 1.22, tasks only before 1.24, no `draft` field before 1.22).
 */
export interface GiteaFakeOptions {
  token?: string;
  /** Granted scopes (`all`, or `read:repository`, `write:issue`, … where write implies read). */
  scopes?: string[];
  /** `GET /version`: e.g. `1.22.3`, `1.19.4`, or Forgejo's `9.0.3+gitea-1.22.0`. */
  version?: string;
  /** Which Actions API the server has; default from the version (1.24+: runs, 1.22+: tasks, older: none). */
  actionsApi?: 'runs' | 'tasks' | 'none';
  login?: string;
  now?: () => number;
  /** The server's time zone as an offset from UTC in minutes (default +120). */
  offsetMinutes?: number;
  /** `POST /actions/runs/{run}/rerun-failed-jobs`; default from the version (Gitea 1.26+; Forgejo: no). */
  rerunApi?: boolean;
}

/** A write made through the API, with the login of the token that made it. */
export interface GiteaWrite {
  method: string;
  path: string;
  login: string;
}

export interface FailureSpec {
  status: number;
  body?: string;
  headers?: Record<string, string>;
  times?: number;
}

type Bound<F> = F extends (world: World, ...args: infer A) => infer R ? (...args: A) => R : never;

export interface GiteaFake {
  /** Web root, http://127.0.0.1:PORT */
  readonly url: string;
  /** http://127.0.0.1:PORT/api/v1 */
  readonly apiUrl: string;
  readonly token: string;
  readonly world: World;
  /** Requests by method and path (without query). */
  readonly requests: string[];
  /** POST/PATCH/PUT/DELETE requests that reached a route, with whose token (path without /api/v1). */
  readonly writes: GiteaWrite[];
  setScopes(scopes: string[]): void;
  /** Another user's access token (scopes default to `all`). */
  addToken(token: string, options: { login: string; scopes?: string[] }): FakeUser;
  /** The token stops working (deleted in the user's settings): 401 from then on. */
  revokeToken(token: string): void;
  setStatus: Bound<typeof actions.setStatus>;
  failNext(pattern: RegExp, spec: FailureSpec): void;
  close(): Promise<void>;
  createRepo: Bound<typeof actions.createRepo>;
  watch: Bound<typeof actions.watch>;
  openIssue: Bound<typeof actions.openIssue>;
  openPull: Bound<typeof actions.openPull>;
  closeIssue(path: string, number: number, options?: { by?: string }): void;
  reopenIssue(path: string, number: number, options?: { by?: string }): void;
  mergePull: Bound<typeof actions.mergePull>;
  comment: Bound<typeof actions.comment>;
  review: Bound<typeof actions.review>;
  push: Bound<typeof actions.push>;
  deleteBranch: Bound<typeof actions.deleteBranch>;
  pushTag: Bound<typeof actions.pushTag>;
  deleteTag: Bound<typeof actions.deleteTag>;
  publishRelease: Bound<typeof actions.publishRelease>;
  editWiki: Bound<typeof actions.editWiki>;
  runWorkflow: Bound<typeof actions.runWorkflow>;
  finishRun(run: FakeRun, options?: { failed?: string[] }): FakeRun;
}

export const DEFAULT_GITEA_TOKEN = 'b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0';

function level(version: string): number {
  const compat = /\+gitea-(\d+)\.(\d+)/.exec(version) ?? /^(\d+)\.(\d+)/.exec(version);
  return compat ? Number(compat[1]) * 100 + Number(compat[2]) : 0;
}

function granted(scopes: readonly string[], needed: string): boolean {
  if (scopes.includes('all')) return true;
  const [, category] = needed.split(':');
  return scopes.includes(needed) || scopes.includes(`write:${category}`);
}

export async function startGiteaFake(options: GiteaFakeOptions = {}): Promise<GiteaFake> {
  const now = options.now ?? (() => Date.now());
  const token = options.token ?? DEFAULT_GITEA_TOKEN;
  let scopes = options.scopes ?? ['all'];
  /** Tokens of other users: each with its user and scopes (the server's own token is `token`/`scopes`). */
  const others = new Map<string, { user: FakeUser; scopes: string[] }>();
  const writes: GiteaWrite[] = [];
  const version = options.version ?? '1.24.2';
  const lvl = level(version);
  const actionsApi = options.actionsApi ?? (lvl >= 124 ? 'runs' : lvl >= 122 ? 'tasks' : 'none');
  const rerunApi = options.rerunApi ?? (lvl >= 126 && !/\+gitea-/.test(version));
  const world = new World(now, {
    id: 1,
    login: options.login ?? 'gitea-user',
    fullName: 'Gitea User',
    isOrg: false,
  });
  const failures: (FailureSpec & { pattern: RegExp; left: number })[] = [];
  const requests: string[] = [];
  let base = '';

  const answer = (req: IncomingMessage, url: URL, raw: string): Answer => {
    const path = url.pathname.replace(/^\/api\/v1/, '');
    const presented = /^(?:token|Bearer)\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const matches = routes.flatMap((route) => {
      const m = route.pattern.exec(path);
      return m && route.method === req.method ? [{ route, m }] : [];
    });
    const found = matches[0];
    if (!found) return notFound({ base });
    let doer = world.me;
    if (found.route.scopes.length > 0 || path === '/user') {
      if (!presented) return { status: 401, body: { message: 'token is required', url: `${base}/api/swagger` } };
      const other = others.get(presented);
      if (presented !== token && !other)
        return { status: 401, body: { message: 'user does not exist [uid: 0, name: ]', url: `${base}/api/swagger` } };
      if (other) doer = other.user;
      const held = other ? other.scopes : scopes;
      const missing = found.route.scopes.filter((s) => !granted(held, s));
      if (missing.length > 0)
        return {
          status: 403,
          body: {
            message: `token does not have at least one of required scope(s): [${missing.join(' ')}]`,
            url: `${base}/api/swagger`,
          },
        };
    }
    let body: Record<string, unknown> = {};
    try {
      body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    } catch {
      return { status: 422, body: { message: 'invalid JSON', url: `${base}/api/swagger` } };
    }
    const ctx: RouteContext = {
      world,
      base,
      offsetMinutes: options.offsetMinutes ?? 120,
      query: url.searchParams,
      body,
      version,
      actionsApi,
      draftField: lvl >= 122,
      feeds: lvl >= 120,
      compare: lvl >= 122,
      path: url.pathname,
      doer,
      rerunApi,
    };
    if (req.method !== 'GET') writes.push({ method: req.method ?? '', path, login: doer.login });
    return found.route.handle(ctx, found.m);
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', base);
      requests.push(`${req.method} ${url.pathname}`);
      const failure = failures.find((f) => f.pattern.test(url.pathname + url.search));
      if (failure) {
        if (--failure.left <= 0) failures.splice(failures.indexOf(failure), 1);
        res.writeHead(failure.status, { 'content-type': 'application/json', ...failure.headers });
        res.end(failure.body ?? JSON.stringify({ message: 'injected failure' }));
        return;
      }
      if (!url.pathname.startsWith('/api/v1/')) {
        res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
        res.end('<!DOCTYPE html><html><body>Page Not Found - Gitea</body></html>');
        return;
      }
      const out = answer(req, url, Buffer.concat(chunks).toString('utf8'));
      res.writeHead(out.status, {
        'content-type': 'application/json;charset=utf-8',
        'x-content-type-options': 'nosniff',
        ...out.headers,
      });
      res.end(out.body === undefined ? undefined : JSON.stringify(out.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const bind =
    <A extends unknown[], R>(fn: (world: World, ...args: A) => R) =>
    (...args: A): R =>
      fn(world, ...args);
  return {
    url: base,
    apiUrl: `${base}/api/v1`,
    token,
    world,
    requests,
    writes,
    setScopes: (next) => void (scopes = [...next]),
    addToken: (value, opts) => {
      const user = world.user(opts.login);
      others.set(value, { user, scopes: opts.scopes ?? ['all'] });
      return user;
    },
    revokeToken: (value) => {
      if (value === token) throw new Error('fake gitea: the server token cannot be revoked here');
      others.delete(value);
    },
    setStatus: bind(actions.setStatus),
    failNext: (pattern, spec) => void failures.push({ ...spec, pattern, left: spec.times ?? 1 }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
    createRepo: bind(actions.createRepo),
    watch: bind(actions.watch),
    openIssue: bind(actions.openIssue),
    openPull: bind(actions.openPull),
    closeIssue: (path, number, by) => void actions.setState(world, path, number, 'closed', by),
    reopenIssue: (path, number, by) => void actions.setState(world, path, number, 'open', by),
    mergePull: bind(actions.mergePull),
    comment: bind(actions.comment),
    review: bind(actions.review),
    push: bind(actions.push),
    deleteBranch: bind(actions.deleteBranch),
    pushTag: bind(actions.pushTag),
    deleteTag: bind(actions.deleteTag),
    publishRelease: bind(actions.publishRelease),
    editWiki: bind(actions.editWiki),
    runWorkflow: bind(actions.runWorkflow),
    finishRun: (run, opts) => actions.finishRun(world, run, opts),
  };
}
