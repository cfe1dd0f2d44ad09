import { apiErrorFromBody, ApiCallError } from './api-error.js';
import type { ConnectionState, Transport } from './transport.js';

/** What the Electron preload exposes as `window.forgebell`. */
export interface PreloadBridge {
  call(method: string, params: unknown): Promise<unknown>;
  on(event: string, listener: (payload: unknown) => void): () => void;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

export function findPreloadBridge(host: unknown): PreloadBridge | null {
  if (!isRecord(host)) return null;
  const bridge = host.forgebell;
  if (!isRecord(bridge) || typeof bridge.call !== 'function' || typeof bridge.on !== 'function') return null;
  return bridge as unknown as PreloadBridge;
}

function withTimeout<T>(promise: Promise<T>, ms: number, method: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(new ApiCallError('timeout', `Forgebell did not answer ${method} within ${Math.round(ms / 1000)} s.`)),
      ms,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** The preload answers `{result}` or `{error}`; errors become thrown ApiCallErrors. Calls time out like on the socket. */
export function createIpcTransport(bridge: PreloadBridge, requestTimeoutMs = 60_000): Transport {
  return {
    state: 'open' satisfies ConnectionState,
    async request(method, params) {
      const envelope = await withTimeout(bridge.call(method, params), requestTimeoutMs, method);
      if (isRecord(envelope) && 'error' in envelope) throw apiErrorFromBody(envelope.error);
      if (isRecord(envelope) && 'result' in envelope) return envelope.result;
      throw new ApiCallError('bad_frame', `The app answered ${method} with an unexpected shape.`);
    },
    subscribe(event, listener) {
      return bridge.on(event, listener);
    },
    onState() {
      return () => {};
    },
    close() {},
  };
}
