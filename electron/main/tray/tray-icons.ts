import type { TrayIconState } from './tray-model.js';

export const TRAY_ICON_STATES: readonly TrayIconState[] = ['ok', 'activity', 'degraded', 'error', 'paused'];

/**
 * The icon file for a state. macOS gets monochrome template images (the menu bar tints them),
 * Windows colour icons at 16 px (+ @2x), Linux colour icons at the 24 px AppIndicator size (+ @2x).
 * Electron picks the `@2x` sibling itself on HiDPI screens. Files live in build/icons/tray and are
 * copied to dist/icons/tray by build/build-main.mjs.
 */
export function trayIconFile(state: TrayIconState, platform: NodeJS.Platform): string {
  if (platform === 'darwin') return `tray-${state}Template.png`;
  if (platform === 'win32') return `tray-${state}.png`;
  return `tray-${state}-linux.png`;
}

/** Every tray file (with @2x variants) that must ship, for the icon generator and its test. */
export function allTrayIconFiles(): { file: string; size: number }[] {
  const out: { file: string; size: number }[] = [];
  for (const state of TRAY_ICON_STATES) {
    out.push({ file: `tray-${state}Template.png`, size: 16 }, { file: `tray-${state}Template@2x.png`, size: 32 });
    out.push({ file: `tray-${state}.png`, size: 16 }, { file: `tray-${state}@2x.png`, size: 32 });
    out.push({ file: `tray-${state}-linux.png`, size: 24 }, { file: `tray-${state}-linux@2x.png`, size: 48 });
  }
  return out;
}
