/** The UI's few places, kept in the URL hash so a tray menu (or a test) can open one directly: `#/setup/forge`. */
export const SCREENS = ['setup', 'subscriptions', 'feed', 'diagnostics', 'settings'] as const;
export type Screen = (typeof SCREENS)[number];

export const SETUP_STEPS = ['welcome', 'slack', 'forge', 'pair', 'subscribe'] as const;
export type SetupStep = (typeof SETUP_STEPS)[number];

export interface Route {
  screen: Screen;
  step: SetupStep;
}

function isScreen(value: string): value is Screen {
  return (SCREENS as readonly string[]).includes(value);
}

function isStep(value: string): value is SetupStep {
  return (SETUP_STEPS as readonly string[]).includes(value);
}

/** `#/setup/slack` → {screen: 'setup', step: 'slack'}; anything unknown → null (the app picks a start screen). */
export function parseRoute(hash: string): Route | null {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean);
  const [screen, step] = parts;
  if (!screen || !isScreen(screen)) return null;
  return { screen, step: step && isStep(step) ? step : 'welcome' };
}

export function formatRoute(route: Route): string {
  return route.screen === 'setup' ? `#/setup/${route.step}` : `#/${route.screen}`;
}
