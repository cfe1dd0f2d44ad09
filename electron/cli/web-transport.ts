import { timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname } from 'node:path';
import { WebSocket, WebSocketServer } from 'ws';
import type { ApiHandlers } from '../contract/api.js';
import { dispatchCall } from '../contract/dispatch.js';
import { CLOSE_BAD_TOKEN, TOKEN_PROTOCOL_PREFIX, WS_PROTOCOL } from '../contract/loopback-socket.js';
import { requestFrameSchema } from '../contract/wire.js';
import type { PushListener } from '../core/engine-host.js';
import { rawPathOfTarget, resolveStaticFile } from '../core/http/static-file-resolver.js';

// Node's http module as CommonJS: an ESM `import … from 'node:http'` builds the module's namespace, and reading its
// lazy WebSocket/CloseEvent/MessageEvent exports loads Node's bundled undici — about 13 MB of RSS kept for the whole
// life of `forgebell serve`, which never uses them (issue #16; build/build-cli.test.ts watches the bundle for it).
const { createServer } = process.getBuiltinModule('node:http');

const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self' ws://127.0.0.1:* ws://localhost:*; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

export interface WebTransportOptions {
  host: string;
  port: number;
  token: string;
  staticDir: string;
  handlers: ApiHandlers;
  onPush: (listener: PushListener) => () => void;
  log: (message: string) => void;
  /** The word `GET /healthz` reports: ok (200), anything else 503. */
  health: () => HealthWord;
}

export type HealthWord = 'ok' | 'starting' | 'stopping' | 'failed';

export interface WebTransport {
  url: string;
  port: number;
  close(): Promise<void>;
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function securityHeaders(res: ServerResponse): void {
  res.setHeader('Content-Security-Policy', CSP);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cache-Control', 'no-store');
}

function plain(res: ServerResponse, status: number, text: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' }).end(`${text}\n`);
}

/** `GET /healthz` (spec §8): no token, the engine's state in one word, nothing else. */
function serveHealth(req: IncomingMessage, res: ServerResponse, health: () => HealthWord): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD' }).end();
    return;
  }
  const word = health();
  const body = JSON.stringify({ status: word });
  res.writeHead(word === 'ok' ? 200 : 503, {
    'content-type': 'application/json',
    'cache-control': 'no-store',
    'content-length': Buffer.byteLength(body),
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

function serveStatic(dir: string, path: string, req: IncomingMessage, res: ServerResponse): void {
  securityHeaders(res);
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405).end();
    return;
  }
  let resolved = resolveStaticFile(dir, path);
  // The UI routes in the hash, but an unknown path still gets the app (never a listing, never a file outside).
  if (!resolved.ok && resolved.status === 404) resolved = resolveStaticFile(dir, '/index.html');
  if (!resolved.ok) {
    if (resolved.status !== 404) {
      plain(res, resolved.status, resolved.status === 400 ? 'Bad request.' : 'Forbidden.');
      return;
    }
    plain(
      res,
      503,
      'The Forgebell UI is not built. Run `npm run build:renderer` (npm install does it) and restart `forgebell serve`.',
    );
    return;
  }
  const body = readFileSync(resolved.file);
  res.writeHead(200, {
    'content-type': TYPES[extname(resolved.file)] ?? 'application/octet-stream',
    'content-length': body.length,
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

/** One HTTP request; whatever goes wrong ends this request with a 4xx/5xx, never the process. */
function handleRequest(o: WebTransportOptions, req: IncomingMessage, res: ServerResponse): void {
  try {
    const path = rawPathOfTarget(req.url ?? '');
    if (path === null) {
      plain(res, 400, 'Bad request.');
      return;
    }
    if (path === '/healthz') serveHealth(req, res, o.health);
    else serveStatic(o.staticDir, path, req, res);
  } catch (error) {
    o.log(`an HTTP request failed: ${(error as Error).message}`);
    plain(res, 500, 'Internal error.');
  }
}

/**
 * `serve`'s loopback transport: the built UI over HTTP and the contract over a WebSocket at /api.
 * The socket requires the session token (as a subprotocol, so it never sits in a URL or a log) and our
 * own Origin; every frame is validated by the contract before it reaches the engine.
 */
export async function startWebTransport(o: WebTransportOptions): Promise<WebTransport> {
  const server: Server = createServer((req, res) => handleRequest(o, req, res));
  // A request Node cannot even parse: answer 400 and close, as Node does by default, without logging its bytes.
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: 1024 * 1024,
    handleProtocols: (protocols) => (protocols.has(WS_PROTOCOL) ? WS_PROTOCOL : false),
  });
  const clients = new Set<WebSocket>();
  let origins: Set<string> = new Set();

  server.on('upgrade', (req, socket, head) => {
    socket.on('error', () => socket.destroy());
    const path = rawPathOfTarget(req.url ?? '');
    const origin = req.headers.origin;
    if (path !== '/api' || (origin !== undefined && !origins.has(origin))) {
      o.log(
        `refused a WebSocket from origin ${origin ?? '(none)'} to ${path === null ? '(a malformed target)' : path}`,
      );
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    const offered = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
    const token = offered.find((p) => p.startsWith(TOKEN_PROTOCOL_PREFIX))?.slice(TOKEN_PROTOCOL_PREFIX.length) ?? '';
    wss.handleUpgrade(req, socket, head, (ws) => {
      if (!sameToken(token, o.token)) {
        ws.close(CLOSE_BAD_TOKEN, 'missing or wrong session token');
        return;
      }
      clients.add(ws);
      ws.on('close', () => clients.delete(ws));
      ws.on('error', () => ws.terminate());
      ws.on('message', (data) => {
        void (async () => {
          let frame;
          try {
            frame = requestFrameSchema.parse(JSON.parse(String(data)));
          } catch {
            ws.send(
              JSON.stringify({
                id: -1,
                error: { code: 'bad_frame', message: 'Frames are JSON {id, method, params}.' },
              }),
            );
            return;
          }
          const outcome = await dispatchCall(o.handlers, frame.method, frame.params);
          if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ id: frame.id, ...outcome }));
        })().catch((error: unknown) => o.log(`a WebSocket call failed: ${(error as Error).message}`));
      });
    });
  });

  const unsubscribe = o.onPush((event, payload) => {
    const text = JSON.stringify({ event, payload });
    for (const ws of clients) if (ws.readyState === WebSocket.OPEN) ws.send(text);
  });

  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host, () => resolvePromise());
  });
  const port = (server.address() as AddressInfo).port;
  const hostForUrl = o.host.includes(':') ? `[${o.host}]` : o.host;
  origins = new Set([`http://${hostForUrl}:${port}`, `http://localhost:${port}`, `http://127.0.0.1:${port}`]);
  return {
    url: `http://${hostForUrl}:${port}/`,
    port,
    close: async () => {
      unsubscribe();
      for (const ws of clients) ws.close(1001, 'server stopping');
      wss.close();
      await new Promise<void>((r) => server.close(() => r()));
      server.closeAllConnections();
    },
  };
}
