// Types for undici's global-dispatcher module, loaded by path by the bench's HTTP meter (http-meter.ts).
declare module 'undici/lib/global.js' {
  export const getGlobalDispatcher: typeof import('undici').getGlobalDispatcher;
  export const setGlobalDispatcher: typeof import('undici').setGlobalDispatcher;
}
