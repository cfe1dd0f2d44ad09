export type ThemeChoice = 'system' | 'light' | 'dark';

const THEME_KEY = 'forgebell.theme';

/** `system` follows the OS (CSS `light-dark()` with `color-scheme: light dark`); the others pin it. */
export function applyTheme(theme: ThemeChoice, root: HTMLElement = document.documentElement): void {
  if (theme === 'system') delete root.dataset.theme;
  else root.dataset.theme = theme;
  try {
    window.localStorage.setItem(THEME_KEY, theme);
  } catch {}
}

/** The last theme used in this profile, so the first paint does not flash before settings load. */
export function rememberedTheme(): ThemeChoice {
  try {
    const value = window.localStorage.getItem(THEME_KEY);
    if (value === 'light' || value === 'dark' || value === 'system') return value;
  } catch {}
  return 'system';
}
