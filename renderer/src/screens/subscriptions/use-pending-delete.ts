import { useCallback, useEffect, useRef, useState } from 'react';
import type { Subscription } from '../../../../electron/contract/schemas.js';
import { useApi } from '../../api/api-context.js';

export const UNDO_WINDOW_MS = 6_000;

/**
 * Delete with undo: the subscription disappears at once but is only removed in the engine after the undo
 * window (or right away when the screen closes or the page goes away), so Undo loses nothing — not its id,
 * not its cursor, not the events in between.
 */
export function usePendingDelete(onError: (sub: Subscription, error: unknown) => void) {
  const api = useApi();
  const [pending, setPending] = useState<Subscription | null>(null);
  const pendingRef = useRef<Subscription | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const onErrorRef = useRef(onError);
  onErrorRef.current = onError;

  const commit = useCallback(() => {
    const sub = pendingRef.current;
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    pendingRef.current = null;
    setPending(null);
    if (sub) api.call('subscriptions.remove', { id: sub.id }).catch((err: unknown) => onErrorRef.current(sub, err));
  }, [api]);

  const schedule = useCallback(
    (sub: Subscription) => {
      if (pendingRef.current) commit();
      pendingRef.current = sub;
      setPending(sub);
      timer.current = setTimeout(commit, UNDO_WINDOW_MS);
    },
    [commit],
  );

  const undo = useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    pendingRef.current = null;
    setPending(null);
  }, []);

  useEffect(() => {
    window.addEventListener('pagehide', commit);
    return () => {
      window.removeEventListener('pagehide', commit);
      commit();
    };
  }, [commit]);

  return { pending, schedule, undo };
}
