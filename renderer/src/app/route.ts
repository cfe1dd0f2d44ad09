import { type ForgeKind, isForgeKind } from '../../../electron/contract/vocabulary/forges.js';

/** The UI's few places, kept in the URL hash so a tray menu (or a test) can open one directly: `#/setup/forge`. */
export const SCREENS = ['setup', 'subscriptions', 'people', 'digests', 'feed', 'diagnostics', 'settings'] as const;
export type Screen = (typeof SCREENS)[number];

export const SETUP_STEPS = ['welcome', 'slack', 'forge', 'pair', 'subscribe'] as const;
export type SetupStep = (typeof SETUP_STEPS)[number];

export interface Route {
  screen: Screen;
  step: SetupStep;
  /** `#/setup/forge/gitlab`: the forge the tray's Connect menu asked for (preselected in the wizard). */
  forge?: ForgeKind;
}

function isScreen(value: string): value is Screen {
  return (SCREENS as readonly string[]).includes(value);
}

function isStep(value: string): value is SetupStep {
  return (SETUP_STEPS as readonly string[]).includes(value);
}

/** `#/setup/slack` → {screen: 'setup', step: 'slack'}; anything unknown → null (the app picks a start screen). */
export function parseRoute(hash: string): Route | null {
  // A query after the path (`#/feed?event=pulls`) belongs to the screen itself.
  const parts = (hash.replace(/^#\/?/, '').split('?')[0] ?? '').split('/').filter(Boolean);
  const [screen, step, forge] = parts;
  if (!screen || !isScreen(screen)) return null;
  const route: Route = { screen, step: step && isStep(step) ? step : 'welcome' };
  if (route.screen === 'setup' && route.step === 'forge' && forge && isForgeKind(forge)) route.forge = forge;
  return route;
}

export function formatRoute(route: Route): string {
  if (route.screen !== 'setup') return `#/${route.screen}`;
  return route.forge && route.step === 'forge' ? `#/setup/forge/${route.forge}` : `#/setup/${route.step}`;
}
