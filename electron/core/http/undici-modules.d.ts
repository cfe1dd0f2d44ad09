// Types for the undici modules the engine loads by path (see undici-parts.ts and undici-slim.ts): the same classes
// and functions the package's index exports, so they carry the package's own types.
declare module 'undici/lib/web/fetch/index.js' {
  export const fetch: typeof import('undici').fetch;
}
declare module 'undici/lib/dispatcher/agent.js' {
  const Agent: typeof import('undici').Agent;
  export default Agent;
}
declare module 'undici/lib/dispatcher/proxy-agent.js' {
  const ProxyAgent: typeof import('undici').ProxyAgent;
  export default ProxyAgent;
}
declare module 'undici/lib/core/connect.js' {
  const buildConnector: typeof import('undici').buildConnector;
  export default buildConnector;
}
declare module 'undici/lib/web/websocket/websocket.js' {
  export const WebSocket: typeof import('undici').WebSocket;
  export const ping: typeof import('undici').ping;
}
declare module 'undici/lib/web/websocket/events.js' {
  export const CloseEvent: typeof import('undici').CloseEvent;
  export const ErrorEvent: typeof import('undici').ErrorEvent;
  export const MessageEvent: typeof import('undici').MessageEvent;
}
