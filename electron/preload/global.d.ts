import type { PreloadApi, TestHookApi } from './preload.js';

/**
 * What the preload puts on `window` in the Electron app. The renderer's api client reads
 * `window.forgebell` when present (desktop) and falls back to the WebSocket transport (`serve`).
 */
declare global {
  interface Window {
    forgebell?: PreloadApi;
    forgebellTest?: TestHookApi;
  }
}

export type { PreloadApi, TestHookApi };
export type { CallEnvelope, TestHookReply } from './preload-api.js';
