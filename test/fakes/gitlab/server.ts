import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RateLimiter } from './rate-limiter.js';
import { matchRoute, type Route, type RouteResult } from './router.js';
import type { World } from './world.js';

export interface FailureSpec {
  status?: number;
  /** Sent verbatim: HTML, truncated JSON, anything. Default: GitLab's JSON error for the status. */
  rawBody?: string;
  headers?: Record<string, string>;
  /** How many matching requests fail (default 1). */
  times?: number;
}

export interface FakeStats {
  total: number;
  /** Decoded path (without query) → number of requests. */
  byPath: Map<string, number>;
  /** Requests whose decoded path matches. */
  count(pattern: RegExp): number;
  reset(): void;
}

export interface ServerDeps {
  store: World;
  routes: readonly Route[];
  limiter: RateLimiter;
  token: () => string;
  scopes: () => readonly string[];
  latencyMs: number;
  /** Endpoints on the web origin (OAuth device authorization grant): a result, or null to fall through. */
  web?: (method: string, path: string, input: Record<string, unknown>) => RouteResult | null;
  /** `POST /api/graphql` (outside /api/v4, as on GitLab). */
  graphql?: { handle(rawBody: string): { status: number; body: unknown } };
}

export interface RunningServer {
  base: string;
  stats: FakeStats;
  failNext(pattern: RegExp | string, spec?: FailureSpec): void;
  close(): Promise<void>;
}

interface PendingFailure {
  pattern: RegExp;
  spec: FailureSpec;
  left: number;
}

/** The HTTP side of the fake: auth, rate limit, injected failures, stats, then the route table under /api/v4. */
export async function startServer(deps: ServerDeps): Promise<RunningServer> {
  const failures: PendingFailure[] = [];
  const byPath = new Map<string, number>();
  const stats: FakeStats = {
    total: 0,
    byPath,
    count: (pattern) => [...byPath].filter(([path]) => pattern.test(path)).reduce((sum, [, n]) => sum + n, 0),
    reset() {
      stats.total = 0;
      byPath.clear();
    },
  };
  let base = '';

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', base);
    const decodedPath = safeDecode(url.pathname);
    stats.total++;
    byPath.set(decodedPath, (byPath.get(decodedPath) ?? 0) + 1);
    const raw = await readBody(req);
    if (deps.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, deps.latencyMs));

    const failure = failures.find((f) => f.pattern.test(decodedPath + safeDecode(url.search)));
    if (failure) {
      if (--failure.left <= 0) failures.splice(failures.indexOf(failure), 1);
      return sendFailure(res, failure.spec, deps.limiter);
    }
    if (url.pathname === '/api/graphql' && deps.graphql) {
      const presented =
        header(req, 'private-token') ?? /^Bearer\s+(.+)$/i.exec(header(req, 'authorization') ?? '')?.[1];
      // Any token the fake knows (the main one, personal and OAuth tokens), as GitLab lets any user's token in.
      const known = presented === deps.token() || (presented ? deps.store.personalTokens.get(presented) : undefined);
      if (!known) return sendJson(res, 401, { message: '401 Unauthorized' }, {});
      const verdict = deps.limiter.check();
      if (!verdict.allowed)
        return send(res, 429, 'Retry later\n', { ...verdict.headers, 'content-type': 'text/plain' });
      if ((req.method ?? 'GET').toUpperCase() !== 'POST') return sendJson(res, 405, { error: '405 Not Allowed' }, {});
      const answer = deps.graphql.handle(raw);
      return sendJson(res, answer.status, answer.body, verdict.headers);
    }
    if (!url.pathname.startsWith('/api/v4/'))
      if (!url.pathname.startsWith('/api/v4/')) {
        const input = parseInput(url, raw, header(req, 'content-type') ?? '') ?? {};
        const web = deps.web?.((req.method ?? 'GET').toUpperCase(), decodedPath, input);
        if (web) return sendJson(res, web.status, web.body, web.headers ?? {});
        return send(res, 404, '<!DOCTYPE html><html><body><h1>404</h1></body></html>', {
          'content-type': 'text/html; charset=utf-8',
        });
      }
    const presented = header(req, 'private-token') ?? /^Bearer\s+(.+)$/i.exec(header(req, 'authorization') ?? '')?.[1];
    const caller =
      presented === deps.token()
        ? { user: deps.store.me, scopes: deps.scopes() }
        : presented
          ? deps.store.personalTokens.get(presented)
          : undefined;
    if (!caller) return sendJson(res, 401, { message: '401 Unauthorized' }, {});
    const verdict = deps.limiter.check();
    if (!verdict.allowed) return send(res, 429, 'Retry later\n', { ...verdict.headers, 'content-type': 'text/plain' });

    const method = (req.method ?? 'GET').toUpperCase();
    if (method !== 'GET') deps.store.writes.push({ method, path: url.pathname, username: caller.user.username });
    if (method !== 'GET' && !caller.scopes.includes('api')) {
      return sendJson(
        res,
        403,
        {
          error: 'insufficient_scope',
          error_description: 'The request requires higher privileges than provided by the access token.',
          scope: 'api',
        },
        verdict.headers,
      );
    }
    const segments = url.pathname.slice('/api/v4/'.length).split('/').filter(Boolean).map(safeDecode);
    const match = matchRoute(deps.routes, method, segments);
    if (match === null) return sendJson(res, 404, { error: '404 Not Found' }, verdict.headers);
    if (match === 'method_not_allowed') return sendJson(res, 405, { error: '405 Not Allowed' }, verdict.headers);
    const input = parseInput(url, raw, header(req, 'content-type') ?? '');
    if (input === null)
      return sendJson(
        res,
        400,
        { error: 'The provided content-type is not supported or the body is malformed' },
        verdict.headers,
      );
    try {
      const result = match.route.handler({
        url,
        params: match.params,
        input,
        store: deps.store,
        base,
        scopes: caller.scopes,
        user: caller.user,
      });
      return sendJson(res, result.status, result.body, { ...verdict.headers, ...result.headers });
    } catch (error) {
      return sendJson(res, 400, { message: `400 Bad request - ${(error as Error).message}` }, verdict.headers);
    }
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { message: `500 Internal Server Error: ${String(error)}` }, {});
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    base,
    stats,
    failNext(pattern, spec = {}) {
      failures.push({
        pattern: typeof pattern === 'string' ? new RegExp(pattern) : pattern,
        spec,
        left: spec.times ?? 1,
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function sendFailure(res: ServerResponse, spec: FailureSpec, limiter: RateLimiter): void {
  const status = spec.status ?? 500;
  const extra: Record<string, string> = {};
  if (status === 429) {
    // A forced 429 still carries GitLab's throttle headers.
    limiter.exhaust();
    Object.assign(extra, limiter.check().headers);
  }
  const body =
    spec.rawBody ??
    (status === 429
      ? 'Retry later\n'
      : JSON.stringify({ message: `${status} ${status >= 500 ? 'Internal Server Error' : 'Error'}` }));
  const type = body.trimStart().startsWith('<')
    ? 'text/html; charset=utf-8'
    : status === 429 && spec.rawBody === undefined
      ? 'text/plain'
      : 'application/json';
  send(res, status, body, { 'content-type': type, ...extra, ...spec.headers });
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string>): void {
  send(res, status, JSON.stringify(body), {
    'content-type': 'application/json',
    'cache-control': 'max-age=0, private, must-revalidate',
    ...headers,
  });
}

function send(res: ServerResponse, status: number, body: string, headers: Record<string, string>): void {
  res.writeHead(status, headers);
  res.end(body);
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Query parameters overlaid with a JSON or form body; null when the body cannot be read. */
function parseInput(url: URL, raw: string, contentType: string): Record<string, unknown> | null {
  const input: Record<string, unknown> = Object.fromEntries(url.searchParams);
  if (raw.length === 0) return input;
  if (contentType.includes('application/json')) {
    try {
      const parsed: unknown = JSON.parse(raw);
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return null;
      return { ...input, ...(parsed as Record<string, unknown>) };
    } catch {
      return null;
    }
  }
  if (contentType.includes('application/x-www-form-urlencoded'))
    return { ...input, ...Object.fromEntries(new URLSearchParams(raw)) };
  return null;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
