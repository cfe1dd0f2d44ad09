import { homedir } from 'node:os';
import { join } from 'node:path';

export const APP_NAME = 'Forgebell';

/**
 * The per-user application-data folder, the same one Electron's `app.getPath('userData')` gives the
 * desktop app, so the CLI and the app share state.
 */
export function defaultDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  if (env.FORGEBELL_DATA_DIR) return env.FORGEBELL_DATA_DIR;
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', APP_NAME);
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), APP_NAME);
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), APP_NAME);
}
