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

/** The preload answers `{result}` or `{error}`; errors become thrown ApiCallErrors. */
export function createIpcTransport(bridge: PreloadBridge): Transport {
  return {
    state: 'open' satisfies ConnectionState,
    async request(method, params) {
      const envelope = await bridge.call(method, params);
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
