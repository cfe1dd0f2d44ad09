import { contextBridge, ipcRenderer } from 'electron';
import { TEST_HOOK_ARG } from '../main/test-hooks/test-hook-contract.js';
import { createPreloadApi, createTestHookApi, signalReady } from './preload-api.js';

/**
 * Sandboxed preload (bundled to dist/preload/preload.cjs): exposes the contract as
 * `window.forgebell` and nothing else, then tells the main process it may send pushes.
 */
const api = createPreloadApi(ipcRenderer);
const testApi = createTestHookApi(ipcRenderer);

/** The type of `window.forgebell`, derived from the implementation. */
export type PreloadApi = typeof api;
/** The type of `window.forgebellTest` (test runs only). */
export type TestHookApi = typeof testApi;

contextBridge.exposeInMainWorld('forgebell', api);
if (process.argv.includes(TEST_HOOK_ARG)) contextBridge.exposeInMainWorld('forgebellTest', testApi);
signalReady(ipcRenderer);
