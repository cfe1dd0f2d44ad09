import { useEffect, useState } from 'react';
import { useApi } from '../api/api-context.js';
import { useRemote } from '../api/use-remote.js';

/** Repositories of one account matching `query` (asked 300 ms after typing stops). */
export function useRepoSearch(account: string, query: string) {
  const api = useApi();
  const [debounced, setDebounced] = useState(query);
  useEffect(() => {
    const handle = setTimeout(() => setDebounced(query.trim()), 300);
    return () => clearTimeout(handle);
  }, [query]);
  const remote = useRemote(
    () =>
      account
        ? api.call('accounts.repos', { account, ...(debounced ? { search: debounced.slice(0, 200) } : {}) })
        : Promise.resolve({ repos: [], error: null }),
    [api, account, debounced],
  );
  return {
    repos: remote.data?.repos ?? [],
    error: remote.error,
    /** The engine's own explanation when it cannot list (for example a forge without a repository search). */
    notice: remote.data?.error ?? null,
    loading: remote.loading || debounced !== query.trim(),
  };
}
