import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GraphqlEndpoint } from './graphql-route.js';
import { HttpError, errorBody } from './http-error.js';
import type { RateLimiter } from './rate-limiter.js';
import type { Route, RouteContext, RouteResult, TokenInfo } from './router.js';
import type { World } from './world.js';

export interface FailureSpec {
  status: number;
  /** JSON body (default: GitHub's error shape). */
  body?: unknown;
  /** Sent verbatim instead of `body`: an HTML error page, truncated JSON … */
  rawBody?: string;
  headers?: Record<string, string>;
  /** How many matching requests fail (default 1). */
  times?: number;
  method?: string;
}

export interface FakeStats {
  /** Every request received. */
  total: number;
  /** Requests that consumed primary rate-limit budget. */
  billable: number;
  notModified: number;
  /** Requests answered by failNext / secondary-limit injection. */
  injected: number;
  unauthorized: number;
  rateLimited: number;
  /** GraphQL requests answered (each also counted in `billable`; they spend the separate graphql bucket). */
  graphql: number;
  /** Points the GraphQL requests spent from the GraphQL budget (GitHub's query cost, at least 1 each). */
  graphqlPoints: number;
  /** Requests per URL path (with the prefix, without the query). */
  byPath: Record<string, number>;
  /** Billable requests per token owner (whose budget they spent). */
  billableByLogin: Record<string, number>;
  /** Authenticated requests per token owner, 304s and errors included (how often a person's token is used). */
  byLogin: Record<string, number>;
}

/**
 * What a 304 Not Modified carries besides the rate-limit headers. GitHub may leave out the ETag, Link and
 * X-Poll-Interval of the answer it stands for (`bare`, the default) — a client must keep using the cached ones;
 * `repeat` sends them again; `changed` sends different ones (another ETag, a Link without `next`, another interval).
 */
export type NotModifiedHeaders = 'bare' | 'repeat' | 'changed';

export interface ServerConfig {
  world: World;
  routes: Route[];
  prefix: string;
  tokens: Record<string, TokenInfo>;
  limiter: RateLimiter;
  pollIntervalSeconds: () => number;
  /** Web-origin endpoints outside the API prefix (OAuth device flow): a result, or null to fall through. */
  web?: (
    method: string,
    path: string,
    rawBody: string,
    contentType: string,
    query: URLSearchParams,
  ) => RouteResult | null;
  /** GraphQL endpoint at its own path (outside the REST prefix on GHES). */
  graphql?: GraphqlEndpoint;
  notModifiedHeaders: () => NotModifiedHeaders;
}

export function emptyStats(): FakeStats {
  return {
    total: 0,
    billable: 0,
    notModified: 0,
    injected: 0,
    unauthorized: 0,
    rateLimited: 0,
    graphql: 0,
    graphqlPoints: 0,
    byPath: {},
    billableByLogin: {},
    byLogin: {},
  };
}

/** The HTTP side of the fake: failure injection, auth, primary rate limit, routing, ETag/304, paging headers. */
export class FakeHttpServer {
  stats: FakeStats = emptyStats();
  /** Every request that changes something (not GET), with the login of the token that made it. */
  readonly writes: { method: string; path: string; login: string }[] = [];
  private readonly failures: { pattern: RegExp; spec: FailureSpec; left: number }[] = [];
  private readonly server: Server;
  private requestCounter = 0;

  constructor(private readonly config: ServerConfig) {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) this.send(res, 500, JSON.stringify(errorBody(`fake crashed: ${String(error)}`)), {});
        else res.destroy();
      });
    });
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  failNext(pattern: RegExp | string, spec: FailureSpec): void {
    this.failures.push({
      pattern: typeof pattern === 'string' ? new RegExp(pattern) : pattern,
      spec,
      left: spec.times ?? 1,
    });
  }

  private takeFailure(method: string, path: string): FailureSpec | null {
    const index = this.failures.findIndex(
      (f) => f.left > 0 && f.pattern.test(path) && (!f.spec.method || f.spec.method === method),
    );
    if (index < 0) return null;
    const failure = this.failures[index] as (typeof this.failures)[number];
    if (--failure.left === 0) this.failures.splice(index, 1);
    return failure.spec;
  }

  private send(res: ServerResponse, status: number, body: string, headers: Record<string, string>): void {
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'x-github-request-id': `FAKE:${++this.requestCounter}`,
      // The fake's own clock (virtual time in benchmarks), as GitHub's Date is its own.
      date: new Date(this.config.world.now()).toUTCString(),
      ...headers,
    });
    res.end(status === 304 ? undefined : body);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { world, prefix, tokens, limiter } = this.config;
    const origin = `http://${req.headers.host ?? '127.0.0.1'}`;
    const url = new URL(req.url ?? '/', origin);
    const method = req.method ?? 'GET';
    const stats = this.stats;
    stats.total++;
    stats.byPath[url.pathname] = (stats.byPath[url.pathname] ?? 0) + 1;
    const rawBody = await readBody(req);

    const failure = this.takeFailure(method, url.pathname);
    if (failure) {
      stats.injected++;
      const text = failure.rawBody ?? JSON.stringify(failure.body ?? errorBody(`Injected failure ${failure.status}`));
      const type: Record<string, string> = failure.rawBody?.trimStart().startsWith('<')
        ? { 'content-type': 'text/html; charset=utf-8' }
        : {};
      return this.send(res, failure.status, text, { ...type, ...failure.headers });
    }
    const web = this.config.web?.(method, url.pathname, rawBody, req.headers['content-type'] ?? '', url.searchParams);
    if (web) return this.send(res, web.status, JSON.stringify(web.body), web.headers ?? {});
    if (this.config.graphql && url.pathname === this.config.graphql.path) {
      const answer = await this.config.graphql.handle(method, rawBody, req.headers.authorization ?? '');
      if (answer.outcome === 'billable') {
        stats.billable++;
        stats.graphql++;
        stats.graphqlPoints += answer.points ?? 1;
      }
      if (answer.outcome === 'unauthorized') stats.unauthorized++;
      if (answer.outcome === 'rateLimited') stats.rateLimited++;
      return this.send(res, answer.status, answer.body, answer.headers);
    }
    if (prefix && !url.pathname.startsWith(`${prefix}/`))
      return this.send(res, 404, '<html><body>Not Found</body></html>', { 'content-type': 'text/html' });
    const path = url.pathname.slice(prefix.length) || '/';

    const auth = req.headers.authorization ?? '';
    const token = tokens[auth.replace(/^(Bearer|token)\s+/i, '')];
    if (!token) {
      stats.unauthorized++;
      return this.send(res, 401, JSON.stringify(errorBody(auth ? 'Bad credentials' : 'Requires authentication')), {});
    }
    stats.byLogin[token.login] = (stats.byLogin[token.login] ?? 0) + 1;
    const common: Record<string, string> = {
      'x-github-api-version-selected': '2022-11-28',
      'x-github-media-type': 'github.v3; format=json',
      vary: 'Accept, Authorization, Cookie, X-GitHub-OTP',
      'cache-control': 'private, max-age=60, s-maxage=60',
      ...(Array.isArray(token.scopes)
        ? { 'x-oauth-scopes': token.scopes.join(', '), 'x-accepted-oauth-scopes': '' }
        : {}),
    };
    if (path === '/rate_limit') {
      const core = limiter.snapshot(token.login);
      const graphql = limiter.snapshot(token.login, 'graphql');
      return this.send(res, 200, JSON.stringify({ resources: { core, graphql }, rate: core }), {
        ...common,
        ...limiter.headers(token.login),
      });
    }
    if (limiter.exhausted(token.login)) {
      stats.rateLimited++;
      const body = errorBody(
        `API rate limit exceeded for user ID ${world.user(token.login).id}. If you reach out to GitHub Support for help, please include the request ID.`,
      );
      return this.send(res, limiter.exhaustedStatus, JSON.stringify(body), {
        ...common,
        ...limiter.headers(token.login),
      });
    }

    if (method !== 'GET') this.writes.push({ method, path, login: token.login });
    let parsed: unknown = null;
    let result: RouteResult;
    try {
      if (rawBody.length > 0) {
        try {
          parsed = JSON.parse(rawBody) as unknown;
        } catch {
          throw new HttpError(400, 'Problems parsing JSON');
        }
      }
      result = this.route(method, path, {
        world,
        method,
        params: [],
        query: url.searchParams,
        body: parsed,
        token,
        selfUrl: url.toString(),
      });
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      result = { status: error.status, body: { ...errorBody(error.message), ...error.extra } };
    }

    const json = JSON.stringify(result.body);
    const headers: Record<string, string> = { ...common, ...result.headers };
    if (result.pollInterval) headers['x-poll-interval'] = String(this.config.pollIntervalSeconds());
    if (result.lastModified !== undefined) {
      headers['last-modified'] = new Date(result.lastModified).toUTCString();
      const since = Date.parse(String(req.headers['if-modified-since'] ?? ''));
      // HTTP dates carry whole seconds: anything changed within the second of If-Modified-Since counts as unchanged.
      if (
        method === 'GET' &&
        result.status === 200 &&
        Number.isFinite(since) &&
        Math.floor(result.lastModified / 1000) * 1000 <= since
      ) {
        stats.notModified++;
        return this.send(res, 304, '', {
          ...notModifiedHeaders(this.config.notModifiedHeaders(), headers, url),
          ...limiter.headers(token.login),
        });
      }
    }
    if (method === 'GET' && result.status === 200) {
      const etag = `W/"${createHash('sha1')
        .update(json)
        .update(headers.link ?? '')
        .digest('hex')}"`;
      headers.etag = etag;
      const ifNoneMatch = req.headers['if-none-match'];
      if (ifNoneMatch && ifNoneMatch.split(',').some((tag) => tag.trim() === etag)) {
        stats.notModified++;
        return this.send(res, 304, '', {
          ...notModifiedHeaders(this.config.notModifiedHeaders(), headers, url),
          ...limiter.headers(token.login),
        });
      }
    }
    limiter.consume(token.login);
    stats.billable++;
    stats.billableByLogin[token.login] = (stats.billableByLogin[token.login] ?? 0) + 1;
    this.send(res, result.status, json, { ...headers, ...limiter.headers(token.login) });
  }

  private route(method: string, path: string, base: RouteContext): RouteResult {
    for (const route of this.config.routes) {
      const match = route.pattern.exec(path);
      if (!match || route.method !== method) continue;
      return route.handle({ ...base, params: match.slice(1).map((p) => decodeURIComponent(p)) });
    }
    throw new HttpError(404, 'Not Found');
  }
}

/** The headers of a 304 standing for a 200 with `full` headers (see NotModifiedHeaders). */
function notModifiedHeaders(mode: NotModifiedHeaders, full: Record<string, string>, url: URL): Record<string, string> {
  if (mode === 'repeat') return full;
  const { etag, link, 'x-poll-interval': interval, ...rest } = full;
  if (mode === 'bare') return rest;
  const changed: Record<string, string> = { ...rest };
  if (etag) changed.etag = `W/"${createHash('sha1').update(`changed:${etag}`).digest('hex')}"`;
  if (link) changed.link = `<${url.toString()}>; rel="prev"`;
  if (interval) changed['x-poll-interval'] = String(Number(interval) + 60);
  return changed;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
