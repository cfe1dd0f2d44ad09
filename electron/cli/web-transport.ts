import { timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve } from 'node:path';
import { WebSocket, WebSocketServer } from 'ws';
import type { ApiHandlers } from '../contract/api.js';
import { dispatchCall } from '../contract/dispatch.js';
import { CLOSE_BAD_TOKEN, TOKEN_PROTOCOL_PREFIX, WS_PROTOCOL } from '../contract/loopback-socket.js';
import { requestFrameSchema } from '../contract/wire.js';
import type { PushListener } from '../core/engine-host.js';

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
}

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

function serveStatic(dir: string, req: IncomingMessage, res: ServerResponse): void {
  securityHeaders(res);
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405).end();
    return;
  }
  const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
  const root = resolve(dir);
  let file = normalize(join(root, path === '/' ? 'index.html' : path));
  if (!file.startsWith(root)) {
    res.writeHead(403).end();
    return;
  }
  if (!existsSync(file) || !statSync(file).isFile()) file = join(root, 'index.html');
  if (!existsSync(file)) {
    res
      .writeHead(503, { 'content-type': 'text/plain; charset=utf-8' })
      .end(
        'The Forgebell UI is not built. Run `npm run build:renderer` (npm install does it) and restart `forgebell serve`.\n',
      );
    return;
  }
  res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
  res.end(req.method === 'HEAD' ? undefined : readFileSync(file));
}

/**
 * `serve`'s loopback transport: the built UI over HTTP and the contract over a WebSocket at /api.
 * The socket requires the session token (as a subprotocol, so it never sits in a URL or a log) and our
 * own Origin; every frame is validated by the contract before it reaches the engine.
 */
export async function startWebTransport(o: WebTransportOptions): Promise<WebTransport> {
  const server: Server = createServer((req, res) => serveStatic(o.staticDir, req, res));
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: 1024 * 1024,
    handleProtocols: (protocols) => (protocols.has(WS_PROTOCOL) ? WS_PROTOCOL : false),
  });
  const clients = new Set<WebSocket>();
  let origins: Set<string> = new Set();

  server.on('upgrade', (req, socket, head) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const origin = req.headers.origin;
    if (path !== '/api' || (origin !== undefined && !origins.has(origin))) {
      o.log(`refused a WebSocket from origin ${origin ?? '(none)'} to ${path}`);
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
        })();
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
