import { useCallback, useEffect, useState } from 'react';
import { formatRoute, parseRoute, type Route } from './route.js';

export interface RouteControl {
  /** null until the app chose a start screen. */
  route: Route | null;
  navigate(route: Route, options?: { replace?: boolean }): void;
}

export function useRoute(): RouteControl {
  const [route, setRoute] = useState<Route | null>(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onHash = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  const navigate = useCallback((next: Route, options?: { replace?: boolean }) => {
    const hash = formatRoute(next);
    if (options?.replace) window.history.replaceState(window.history.state, '', hash);
    else if (window.location.hash !== hash) window.history.pushState(window.history.state, '', hash);
    setRoute(next);
  }, []);
  return { route, navigate };
}
