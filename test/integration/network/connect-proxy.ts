import { createServer, request as httpRequest } from 'node:http';
import { type AddressInfo, connect, type Socket } from 'node:net';

/** One HTTP request the proxy saw: inside a CONNECT tunnel (`via: 'tunnel'`) or sent to it in absolute form. */
export interface ProxiedRequest {
  via: 'tunnel' | 'absolute';
  /** host:port of the target. */
  target: string;
  method: string;
  path: string;
  websocket: boolean;
}

export interface ConnectProxy {
  /** http://127.0.0.1:PORT */
  readonly url: string;
  /** host:port of every CONNECT, in order. */
  readonly tunnels: string[];
  /** The Proxy-Authorization header of every CONNECT ('' when none), in order. */
  readonly authorizations: string[];
  readonly requests: ProxiedRequest[];
  /** CONNECT tunnels still open (client side). */
  openTunnels(): number;
  close(): Promise<void>;
}

const REQUEST_LINE =
  /(?:^|\r\n)(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) (\S+) HTTP\/1\.[01]\r\n((?:[^\r\n]+\r\n)*)\r\n/g;

/**
 * A real forward proxy on 127.0.0.1 (with `login`, one that asks for Basic proxy authentication): CONNECT tunnels (what undici's ProxyAgent uses, also for plain-http targets)
 * and absolute-URI requests. It reads the plain-HTTP requests going through its tunnels, so tests can tell Web API
 * calls, WebSocket upgrades and forge polls apart.
 */
export async function startConnectProxy(
  options: { login?: { user: string; password: string } } = {},
): Promise<ConnectProxy> {
  const expected = options.login
    ? `Basic ${Buffer.from(`${options.login.user}:${options.login.password}`).toString('base64')}`
    : null;
  const tunnels: string[] = [];
  const authorizations: string[] = [];
  const requests: ProxiedRequest[] = [];
  const sockets = new Set<Socket>();
  const clients = new Set<Socket>();
  const server = createServer((req, res) => {
    // Absolute-form request: GET http://host:port/path HTTP/1.1
    const url = new URL(req.url ?? '/');
    requests.push({
      via: 'absolute',
      target: url.host,
      method: req.method ?? 'GET',
      path: url.pathname + url.search,
      websocket: false,
    });
    const upstream = httpRequest(
      { host: url.hostname, port: url.port, method: req.method, path: url.pathname + url.search, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => {
      res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  server.on('connect', (req, client: Socket, head: Buffer) => {
    const target = req.url ?? '';
    tunnels.push(target);
    authorizations.push(req.headers['proxy-authorization'] ?? '');
    // A proxy that wants a login answers CONNECT like Squid does: 407 with a Basic challenge, then closes.
    if (expected && req.headers['proxy-authorization'] !== expected) {
      client.end(
        'HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="proxy"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n',
      );
      return;
    }
    const [host, port] = [target.slice(0, target.lastIndexOf(':')), Number(target.slice(target.lastIndexOf(':') + 1))];
    const upstream = connect({ host, port }, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      let pending = '';
      client.on('data', (chunk: Buffer) => {
        pending = (pending + chunk.toString('latin1')).slice(-64 * 1024);
        for (const match of pending.matchAll(REQUEST_LINE)) {
          requests.push({
            via: 'tunnel',
            target,
            method: match[1] as string,
            path: match[2] as string,
            websocket: /^upgrade:\s*websocket/im.test(match[3] ?? ''),
          });
        }
        const last = pending.lastIndexOf('\r\n\r\n');
        if (last >= 0) pending = pending.slice(last + 4);
      });
      client.pipe(upstream);
      upstream.pipe(client);
    });
    clients.add(client);
    client.on('close', () => clients.delete(client));
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    tunnels,
    authorizations,
    requests,
    openTunnels: () => clients.size,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
