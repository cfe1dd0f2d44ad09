import { CLOSE_BAD_TOKEN, TOKEN_PROTOCOL_PREFIX, WS_PROTOCOL } from '../../../electron/contract/loopback-socket.js';
import { apiErrorFromBody, ApiCallError } from './api-error.js';
import type { ConnectionState, Transport } from './transport.js';

/** The subset of the browser WebSocket the transport uses (the `ws` package fits too, for tests). */
export interface SocketLike {
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

export type SocketFactory = (url: string, protocols: string[]) => SocketLike;

export interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export interface WsTransportOptions {
  url: string;
  token: string;
  createSocket: SocketFactory;
  timers?: Timers;
  /** No spinner without a timeout: every call gives up after this long. */
  requestTimeoutMs?: number;
  backoff?: { initialMs: number; maxMs: number };
}

interface Pending {
  id: number;
  frame: string;
  sent: boolean;
  timer: unknown;
  resolve(value: unknown): void;
  reject(error: ApiCallError): void;
}

const defaultTimers: Timers = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export function reconnectDelay(attempt: number, initialMs: number, maxMs: number): number {
  return Math.min(maxMs, initialMs * 2 ** Math.max(0, attempt));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/**
 * JSON frames over one WebSocket: `{id, method, params}` → `{id, result}` | `{id, error}`; pushes are `{event, payload}`.
 * Calls made while disconnected wait for the next connection (up to their timeout). Calls already sent when the
 * socket drops fail with `disconnected` (they may or may not have run, so they are never replayed).
 */
export function createWsTransport(options: WsTransportOptions): Transport {
  const timers = options.timers ?? defaultTimers;
  const timeoutMs = options.requestTimeoutMs ?? 60_000;
  const backoff = options.backoff ?? { initialMs: 500, maxMs: 10_000 };
  const pending = new Map<number, Pending>();
  const pushListeners = new Map<string, Set<(payload: unknown) => void>>();
  const stateListeners = new Set<(state: ConnectionState) => void>();
  let state: ConnectionState = 'connecting';
  let socket: SocketLike | null = null;
  let nextId = 1;
  let attempt = 0;
  let reconnectTimer: unknown = null;
  let closedByUser = false;

  function setState(next: ConnectionState): void {
    if (next === state) return;
    state = next;
    for (const listener of [...stateListeners]) listener(next);
  }

  function settle(entry: Pending): void {
    pending.delete(entry.id);
    timers.clear(entry.timer);
  }

  function failAll(error: () => ApiCallError, onlySent: boolean): void {
    for (const entry of [...pending.values()]) {
      if (onlySent && !entry.sent) continue;
      settle(entry);
      entry.reject(error());
    }
  }

  function flush(): void {
    if (state !== 'open' || !socket) return;
    for (const entry of pending.values()) {
      if (entry.sent) continue;
      entry.sent = true;
      socket.send(entry.frame);
    }
  }

  function onFrame(raw: unknown): void {
    if (typeof raw !== 'string') return;
    let frame: unknown;
    try {
      frame = JSON.parse(raw);
    } catch {
      return;
    }
    if (!isRecord(frame)) return;
    if (typeof frame.id === 'number') {
      const entry = pending.get(frame.id);
      if (!entry) return;
      settle(entry);
      if ('error' in frame) entry.reject(apiErrorFromBody(frame.error));
      else entry.resolve(frame.result);
      return;
    }
    if (typeof frame.event === 'string') {
      const listeners = pushListeners.get(frame.event);
      if (listeners) for (const listener of [...listeners]) listener(frame.payload);
    }
  }

  function connect(): void {
    reconnectTimer = null;
    const ws = options.createSocket(options.url, [WS_PROTOCOL, `${TOKEN_PROTOCOL_PREFIX}${options.token}`]);
    socket = ws;
    ws.onopen = () => {
      if (socket !== ws) return;
      attempt = 0;
      setState('open');
      flush();
    };
    ws.onmessage = (event) => {
      if (socket === ws) onFrame(event.data);
    };
    ws.onerror = () => {};
    ws.onclose = (event) => {
      if (socket !== ws) return;
      socket = null;
      if (event.code === CLOSE_BAD_TOKEN) {
        setState('unauthorized');
        failAll(() => new ApiCallError('unauthorized', 'The session token was refused.'), false);
        return;
      }
      failAll(
        () => new ApiCallError('disconnected', 'The connection to Forgebell dropped before it answered. Try again.'),
        true,
      );
      if (closedByUser) return;
      setState('reconnecting');
      reconnectTimer = timers.set(connect, reconnectDelay(attempt, backoff.initialMs, backoff.maxMs));
      attempt += 1;
    };
  }

  connect();

  return {
    get state() {
      return state;
    },
    request(method, params) {
      if (state === 'unauthorized')
        return Promise.reject(new ApiCallError('unauthorized', 'The session token was refused.'));
      return new Promise((resolve, reject) => {
        const id = nextId++;
        const entry: Pending = {
          id,
          frame: JSON.stringify({ id, method, params: params ?? {} }),
          sent: false,
          timer: null,
          resolve,
          reject,
        };
        entry.timer = timers.set(() => {
          if (!pending.has(id)) return;
          pending.delete(id);
          reject(
            new ApiCallError('timeout', `Forgebell did not answer ${method} within ${Math.round(timeoutMs / 1000)} s.`),
          );
        }, timeoutMs);
        pending.set(id, entry);
        flush();
      });
    },
    subscribe(event, listener) {
      let set = pushListeners.get(event);
      if (!set) {
        set = new Set();
        pushListeners.set(event, set);
      }
      set.add(listener);
      return () => {
        set.delete(listener);
      };
    },
    onState(listener) {
      stateListeners.add(listener);
      return () => {
        stateListeners.delete(listener);
      };
    },
    close() {
      closedByUser = true;
      if (reconnectTimer !== null) timers.clear(reconnectTimer);
      const ws = socket;
      socket = null;
      ws?.close(1000, 'closing');
      failAll(() => new ApiCallError('disconnected', 'The connection was closed.'), false);
    },
  };
}
