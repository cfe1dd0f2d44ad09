import { useCallback, useEffect, useRef, useState } from 'react';
import { formatRoute, parseRoute, type Route } from './route.js';

export interface RouteControl {
  /** null until the app chose a start screen. */
  route: Route | null;
  /** `force` skips the leave check (the user already agreed to leave). */
  navigate(route: Route, options?: { replace?: boolean; force?: boolean }): void;
}

/**
 * Returns true when leaving `current` for `next` must wait (the caller asks the user, then navigates with force).
 * A held change of the address itself (a pasted address, Back/Forward) puts the current screen's address back.
 */
export type RouteHold = (next: Route, current: Route | null) => boolean;

export function useRoute(hold?: RouteHold): RouteControl {
  const [route, setRoute] = useState<Route | null>(() => parseRoute(window.location.hash));
  const current = useRef(route);
  current.current = route;
  const holdRef = useRef(hold);
  holdRef.current = hold;
  useEffect(() => {
    const onHash = () => {
      const next = parseRoute(window.location.hash);
      const now = current.current;
      if (next && now && holdRef.current?.(next, now)) {
        window.history.replaceState(window.history.state, '', formatRoute(now));
        return;
      }
      setRoute(next);
    };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  const navigate = useCallback((next: Route, options?: { replace?: boolean; force?: boolean }) => {
    if (!options?.force && holdRef.current?.(next, current.current)) return;
    const hash = formatRoute(next);
    const changed = window.location.hash !== hash;
    if (options?.replace) window.history.replaceState(window.history.state, '', hash);
    else if (changed) window.history.pushState(window.history.state, '', hash);
    current.current = next;
    setRoute(next);
    // pushState fires no hashchange: screens that read their own part of the address (feed filters) hear it too.
    if (changed) window.dispatchEvent(new HashChangeEvent('hashchange'));
  }, []);
  return { route, navigate };
}
