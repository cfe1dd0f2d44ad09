import { join } from 'node:path';

/** Where the built app's parts are, relative to app.getAppPath() (the folder or app.asar holding package.json). */
export function appPaths(appPath: string): { preload: string; renderer: string; trayIcons: string } {
  return {
    preload: join(appPath, 'dist', 'preload', 'preload.cjs'),
    renderer: join(appPath, 'dist', 'renderer'),
    trayIcons: join(appPath, 'dist', 'icons', 'tray'),
  };
}
