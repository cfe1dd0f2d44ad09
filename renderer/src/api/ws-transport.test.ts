import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { ApiCallError } from './api-error.js';
import type { ConnectionState, Transport } from './transport.js';
import { createWsTransport, reconnectDelay, type SocketLike } from './ws-transport.js';

const TOKEN = 's3cret';

interface Server {
  url: string;
  port: number;
  wss: WebSocketServer;
  close(): Promise<void>;
}

/** A tiny `serve`-like socket: checks the token subprotocol, answers `echo`, and `push` makes it push. */
async function startServer(port = 0): Promise<Server> {
  const wss = new WebSocketServer({
    port,
    host: '127.0.0.1',
    handleProtocols: (p) => (p.has('forgebell.v1') ? 'forgebell.v1' : false),
  });
  await new Promise<void>((r) => wss.once('listening', () => r()));
  wss.on('connection', (ws, req) => {
    if (!String(req.headers['sec-websocket-protocol']).includes(`forgebell.token.${TOKEN}`)) {
      ws.close(4401, 'bad token');
      return;
    }
    ws.on('message', (raw) => {
      const frame = JSON.parse(String(raw)) as { id: number; method: string; params: unknown };
      if (frame.method === 'fail')
        ws.send(
          JSON.stringify({
            id: frame.id,
            error: { code: 'invalid_params', message: 'nope', issues: [{ path: 'x', message: 'bad' }] },
          }),
        );
      else if (frame.method === 'push') {
        ws.send(JSON.stringify({ event: 'status', payload: frame.params }));
        ws.send(JSON.stringify({ id: frame.id, result: { ok: true } }));
      } else if (frame.method === 'silent') {
        // never answers
      } else ws.send(JSON.stringify({ id: frame.id, result: { echo: frame.params } }));
    });
  });
  const actual = (wss.address() as AddressInfo).port;
  return {
    url: `ws://127.0.0.1:${actual}/api`,
    port: actual,
    wss,
    close: () =>
      new Promise<void>((r) => {
        for (const c of wss.clients) c.terminate();
        wss.close(() => r());
      }),
  };
}

const createSocket = (url: string, protocols: string[]) => new WebSocket(url, protocols) as unknown as SocketLike;
const open: Transport[] = [];
const servers: Server[] = [];

function transport(
  url: string,
  token = TOKEN,
  extra: Partial<Parameters<typeof createWsTransport>[0]> = {},
): Transport {
  const t = createWsTransport({ url, token, createSocket, backoff: { initialMs: 20, maxMs: 100 }, ...extra });
  open.push(t);
  return t;
}

function waitForState(t: Transport, state: ConnectionState, timeoutMs = 3_000): Promise<void> {
  if (t.state === state) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`state stayed ${t.state}, wanted ${state}`)), timeoutMs);
    const off = t.onState((s) => {
      if (s !== state) return;
      clearTimeout(timer);
      off();
      resolve();
    });
  });
}

afterEach(async () => {
  for (const t of open.splice(0)) t.close();
  for (const s of servers.splice(0)) await s.close();
});

describe('createWsTransport', () => {
  it('answers calls, including ones made before the socket opened', async () => {
    const server = await startServer();
    servers.push(server);
    const t = transport(server.url);
    const early = t.request('echo', { n: 1 });
    await expect(early).resolves.toEqual({ echo: { n: 1 } });
    expect(t.state).toBe('open');
    await expect(t.request('echo', {})).resolves.toEqual({ echo: {} });
  });

  it('turns error frames into ApiCallErrors with their issues', async () => {
    const server = await startServer();
    servers.push(server);
    const t = transport(server.url);
    const error = await t.request('fail', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiCallError);
    expect(error).toMatchObject({ code: 'invalid_params', message: 'nope', issues: [{ path: 'x', message: 'bad' }] });
  });

  it('delivers pushes to subscribers of that event only', async () => {
    const server = await startServer();
    servers.push(server);
    const t = transport(server.url);
    const got: unknown[] = [];
    const off = t.subscribe('status', (p) => got.push(p));
    t.subscribe('log', () => got.push('wrong'));
    await t.request('push', { a: 1 });
    off();
    await t.request('push', { a: 2 });
    expect(got).toEqual([{ a: 1 }]);
  });

  it('stops on 4401 (wrong token): state unauthorized, pending and later calls fail, no reconnect', async () => {
    const server = await startServer();
    servers.push(server);
    let connects = 0;
    const t = createWsTransport({
      url: server.url,
      token: 'wrong',
      backoff: { initialMs: 10, maxMs: 10 },
      createSocket: (u, p) => (connects++, createSocket(u, p)),
    });
    open.push(t);
    const pending = t.request('echo', {});
    await expect(pending).rejects.toMatchObject({ code: 'unauthorized' });
    expect(t.state).toBe('unauthorized');
    await expect(t.request('echo', {})).rejects.toMatchObject({ code: 'unauthorized' });
    await new Promise((r) => setTimeout(r, 100));
    expect(connects).toBe(1);
  });

  it('reconnects with backoff after the server goes away and comes back on the same port', async () => {
    const first = await startServer();
    const t = transport(first.url);
    await waitForState(t, 'open');
    const inFlight = t.request('silent', {});
    await first.close();
    await expect(inFlight).rejects.toMatchObject({ code: 'disconnected' });
    await waitForState(t, 'reconnecting');
    const queued = t.request('echo', { after: 'restart' });
    const second = await startServer(first.port);
    servers.push(second);
    await waitForState(t, 'open');
    await expect(queued).resolves.toEqual({ echo: { after: 'restart' } });
  });

  it('gives up on a call after the request timeout', async () => {
    const server = await startServer();
    servers.push(server);
    const t = transport(server.url, TOKEN, { requestTimeoutMs: 80 });
    await expect(t.request('silent', {})).rejects.toMatchObject({ code: 'timeout' });
  });
});

describe('reconnectDelay', () => {
  it('doubles from the initial delay up to the cap', () => {
    expect([0, 1, 2, 3, 10].map((a) => reconnectDelay(a, 500, 10_000))).toEqual([500, 1_000, 2_000, 4_000, 10_000]);
  });
});
