import { createContext, useContext, type ReactNode } from 'react';
import type { Status } from '../../../electron/contract/schemas.js';
import { useApi, usePush } from '../api/api-context.js';
import { useRemote } from '../api/use-remote.js';

export interface StatusInfo {
  status: Status | undefined;
  error: unknown;
  loading: boolean;
  reload(): void;
}

const StatusContext = createContext<StatusInfo | null>(null);

/** The engine status: loaded once (and after reconnects), then kept current by `status` pushes. */
export function StatusProvider({ children }: { children: ReactNode }) {
  const api = useApi();
  const remote = useRemote(() => api.call('status.get', {}), [api]);
  usePush('status', (status) => remote.setData(() => status));
  return (
    <StatusContext.Provider
      value={{ status: remote.data, error: remote.error, loading: remote.loading, reload: remote.reload }}
    >
      {children}
    </StatusContext.Provider>
  );
}

export function useStatus(): StatusInfo {
  const value = useContext(StatusContext);
  if (!value) throw new Error('useStatus must be used inside <StatusProvider>');
  return value;
}
