import { createContext, useCallback, useContext, useEffect, type ReactNode } from 'react';
import type { Params } from '../../../electron/contract/api.js';
import type { RedactedSettings } from '../../../electron/contract/schemas.js';
import { useApi } from '../api/api-context.js';
import { useRemote } from '../api/use-remote.js';
import { applyTheme } from './theme.js';

export interface SettingsInfo {
  settings: RedactedSettings | undefined;
  error: unknown;
  loading: boolean;
  reload(): void;
  update(params: Params<'settings.update'>): Promise<RedactedSettings>;
}

const SettingsContext = createContext<SettingsInfo | null>(null);

/** Redacted settings (no secrets: only `tokenSet` flags). Reloaded after anything that changes them. */
export function SettingsProvider({ children }: { children: ReactNode }) {
  const api = useApi();
  const remote = useRemote(() => api.call('settings.get', {}), [api]);
  const { setData } = remote;
  const update = useCallback(
    async (params: Params<'settings.update'>) => {
      const next = await api.call('settings.update', params);
      setData(() => next);
      return next;
    },
    [api, setData],
  );
  const theme = remote.data?.desktop.theme;
  useEffect(() => {
    if (theme) applyTheme(theme);
  }, [theme]);
  return (
    <SettingsContext.Provider
      value={{ settings: remote.data, error: remote.error, loading: remote.loading, reload: remote.reload, update }}
    >
      {children}
    </SettingsContext.Provider>
  );
}

export function useSettings(): SettingsInfo {
  const value = useContext(SettingsContext);
  if (!value) throw new Error('useSettings must be used inside <SettingsProvider>');
  return value;
}
