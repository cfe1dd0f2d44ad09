import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import type { PushEventName, PushPayload } from '../../../electron/contract/api.js';
import type { ApiClient } from './client.js';
import type { ConnectionState } from './transport.js';

export interface ConnectionInfo {
  client: ApiClient;
  host: 'desktop' | 'browser';
  state: ConnectionState;
  /** Increments each time the connection (re)opens: data loaded before may be stale, reload it. */
  epoch: number;
}

const ApiContext = createContext<ConnectionInfo | null>(null);

export function ApiProvider({
  client,
  host,
  children,
}: {
  client: ApiClient;
  host: 'desktop' | 'browser';
  children: ReactNode;
}) {
  const [state, setState] = useState<ConnectionState>(client.state);
  const [epoch, setEpoch] = useState(0);
  useEffect(() => {
    setState(client.state);
    return client.onState((next) => {
      setState(next);
      if (next === 'open') setEpoch((e) => e + 1);
    });
  }, [client]);
  return <ApiContext.Provider value={{ client, host, state, epoch }}>{children}</ApiContext.Provider>;
}

export function useConnection(): ConnectionInfo {
  const value = useContext(ApiContext);
  if (!value) throw new Error('useConnection must be used inside <ApiProvider>');
  return value;
}

export function useApi(): ApiClient {
  return useConnection().client;
}

/** Listens to one pushed engine event for the lifetime of the component; the newest handler is always used. */
export function usePush<E extends PushEventName>(event: E, handler: (payload: PushPayload<E>) => void): void {
  const client = useApi();
  const ref = useRef(handler);
  useEffect(() => {
    ref.current = handler;
  });
  useEffect(() => client.on(event, (payload) => ref.current(payload)), [client, event]);
}
