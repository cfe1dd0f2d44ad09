import { useCallback, useEffect, useRef, useState, type DependencyList } from 'react';
import { useConnection } from './api-context.js';

export interface Remote<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload(): void;
  /** Local updates from pushes or optimistic edits. */
  setData(update: (current: T | undefined) => T | undefined): void;
}

/**
 * Loads something from the engine, reloads it after a reconnect, and ignores answers that arrive after
 * the inputs changed. The transport's request timeout bounds `loading`.
 */
export function useRemote<T>(load: () => Promise<T>, deps: DependencyList): Remote<T> {
  const { epoch } = useConnection();
  const [data, setDataState] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const [nonce, setNonce] = useState(0);
  const loadRef = useRef(load);
  useEffect(() => {
    loadRef.current = load;
  });

  useEffect(() => {
    let current = true;
    setLoading(true);
    loadRef.current().then(
      (value) => {
        if (!current) return;
        setDataState(value);
        setError(null);
        setLoading(false);
      },
      (err: unknown) => {
        if (!current) return;
        setError(err);
        setLoading(false);
      },
    );
    return () => {
      current = false;
    };
  }, [epoch, nonce, ...deps]);

  const reload = useCallback(() => setNonce((n) => n + 1), []);
  const setData = useCallback((update: (current: T | undefined) => T | undefined) => setDataState(update), []);
  return { data, error, loading, reload, setData };
}
