/**
 * Hash routes of the renderer (renderer/src/app/route.ts: `#/<screen>/<step>`) the shell can open;
 * the forge step gets the forge as a third segment (`#/setup/forge/gitlab`) for the wizard to preselect.
 * The renderer uses hash routing (the renderer uses hash routing, so a route change
 * is a same-document navigation: no reload, no `will-navigate`).
 */
export const APP_ROUTES = [
  '/setup/welcome',
  '/setup/slack',
  '/setup/forge/github',
  '/setup/forge/gitlab',
  '/setup/forge/gitea',
  '/feed',
  '/feed?for=me',
  '/subscriptions',
  '/people',
] as const;

export type AppRoute = (typeof APP_ROUTES)[number];

/** `app://forgebell/index.html` + `/feed` → `app://forgebell/index.html#/feed`. */
export function urlForRoute(indexUrl: string, route: AppRoute): string {
  const base = indexUrl.split('#')[0] ?? indexUrl;
  return `${base}#${route}`;
}
