import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { RawData, WebSocket } from 'ws';
import { isRecord } from './api-params.js';
import type { FakeState } from './fake-state.js';
import type { DisconnectReason } from './fake-types.js';

/** Slack allows 10 Socket Mode connections per app. */
const MAX_CONNECTIONS = 10;
const HOST = 'applink-fake-1';

export type AckListener = (envelopeId: string, payload: Record<string, unknown>) => void;

/** The Socket Mode WebSocket endpoint (`/link/?ticket=…`): hello, pings, disconnects, envelopes out, acks in. */
export class SocketModeServer {
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly sockets = new Map<number, WebSocket>();
  private readonly timers = new Set<{ cancel(): void }>();
  private readonly pingTimer: NodeJS.Timeout | undefined;
  private nextId = 1;
  private roundRobin = 0;
  opened = 0;
  onAck: AckListener = () => undefined;

  constructor(private readonly state: FakeState) {
    const interval = state.config.pingIntervalMs;
    if (interval > 0) {
      this.pingTimer = setInterval(() => {
        for (const ws of this.sockets.values()) ws.ping(Buffer.from('ping-from-fake-slack'));
      }, interval);
      this.pingTimer.unref();
    }
  }

  get connections(): number {
    return this.sockets.size;
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, url: URL): void {
    const ticket = url.searchParams.get('ticket');
    if (url.pathname !== '/link/' || ticket === null || !this.state.tickets.has(ticket)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      return;
    }
    this.state.tickets.delete(ticket);
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws));
  }

  private accept(ws: WebSocket): void {
    const id = this.nextId;
    this.nextId += 1;
    this.opened += 1;
    this.sockets.set(id, ws);
    ws.on('close', () => this.sockets.delete(id));
    ws.on('error', () => this.sockets.delete(id));
    ws.on('message', (data, isBinary) => this.receive(data, isBinary));
    if (this.sockets.size > MAX_CONNECTIONS) {
      this.sendTo(ws, { type: 'disconnect', reason: 'too_many_websockets', debug_info: { host: HOST } });
      ws.close(1000);
      return;
    }
    const hello = (): void =>
      this.sendTo(ws, {
        type: 'hello',
        num_connections: this.sockets.size,
        debug_info: { host: HOST, build_number: 1, approximate_connection_time: 18060 },
        connection_info: { app_id: this.state.config.appId },
      });
    const delay = this.state.config.helloDelayMs;
    if (delay > 0) setTimeout(() => ws.readyState === ws.OPEN && hello(), delay).unref();
    else hello();
  }

  private receive(data: RawData, isBinary: boolean): void {
    if (isBinary) return;
    let frame: unknown;
    try {
      frame = JSON.parse(Buffer.isBuffer(data) ? data.toString('utf8') : String(data));
    } catch {
      return;
    }
    if (!isRecord(frame) || typeof frame.envelope_id !== 'string') return;
    this.onAck(frame.envelope_id, isRecord(frame.payload) ? frame.payload : {});
  }

  private sendTo(ws: WebSocket, frame: Record<string, unknown>): void {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
  }

  /** Sends on one open connection (round robin: Slack may deliver an envelope on whichever connection); returns its id. */
  send(frame: Record<string, unknown>): number | undefined {
    const open = [...this.sockets.entries()].filter(([, ws]) => ws.readyState === ws.OPEN);
    if (open.length === 0) return undefined;
    const entry = open[this.roundRobin % open.length];
    this.roundRobin += 1;
    if (!entry) return undefined;
    this.sendTo(entry[1], frame);
    return entry[0];
  }

  disconnect(reason: DisconnectReason, closeAfterMs?: number): void {
    const delay = closeAfterMs ?? (reason === 'warning' ? 10_000 : 1000);
    for (const ws of this.sockets.values()) {
      this.sendTo(ws, { type: 'disconnect', reason, debug_info: { host: HOST } });
      const timer = this.state.clock.setTimeout(() => {
        this.timers.delete(timer);
        if (ws.readyState === ws.OPEN) ws.close(1000);
      }, delay);
      this.timers.add(timer);
    }
  }

  dropSockets(): void {
    for (const ws of this.sockets.values()) ws.terminate();
    this.sockets.clear();
  }

  sendRaw(frame: string | Buffer): void {
    for (const ws of this.sockets.values()) {
      if (ws.readyState === ws.OPEN) ws.send(frame, { binary: Buffer.isBuffer(frame) });
    }
  }

  async close(): Promise<void> {
    if (this.pingTimer) clearInterval(this.pingTimer);
    for (const timer of this.timers) timer.cancel();
    this.timers.clear();
    this.dropSockets();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}
