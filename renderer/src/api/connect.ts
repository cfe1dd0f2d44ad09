import { createApiClient, type ApiClient } from './client.js';
import { createIpcTransport, findPreloadBridge } from './ipc-transport.js';
import { forgetSessionToken, takeSessionToken } from './session-token.js';
import { createWsTransport, type SocketLike } from './ws-transport.js';

export type HostConnection = { kind: 'ready'; host: 'desktop' | 'browser'; client: ApiClient } | { kind: 'no-token' };

/** Picks the transport for where the UI runs: the Electron preload bridge, else the `serve` WebSocket. */
export function connectToHost(win: Window): HostConnection {
  const bridge = findPreloadBridge(win);
  const onInvalidPush = (event: string, problem: string) =>
    console.warn(`Forgebell: dropped an invalid "${event}" push (${problem})`);
  if (bridge)
    return { kind: 'ready', host: 'desktop', client: createApiClient(createIpcTransport(bridge), { onInvalidPush }) };
  const env = {
    location: win.location,
    storage: win.sessionStorage,
    replaceUrl: (url: string) => win.history.replaceState(win.history.state, '', url),
  };
  const token = takeSessionToken(env);
  if (!token) return { kind: 'no-token' };
  const transport = createWsTransport({
    url: `${win.location.protocol === 'https:' ? 'wss' : 'ws'}://${win.location.host}/api`,
    token,
    createSocket: (url, protocols) => new WebSocket(url, protocols) as unknown as SocketLike,
  });
  transport.onState((state) => {
    if (state === 'unauthorized') forgetSessionToken(env);
  });
  return { kind: 'ready', host: 'browser', client: createApiClient(transport, { onInvalidPush }) };
}
