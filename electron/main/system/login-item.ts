import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Launch at login. macOS and Windows use app.setLoginItemSettings; Linux has no such API in
 * Electron, so an XDG autostart entry is written (~/.config/autostart/forgebell.desktop).
 * The app always starts to the tray, so no extra "hidden" flag is needed.
 */
export interface LoginItemDeps {
  platform: NodeJS.Platform;
  setLoginItemSettings(settings: { openAtLogin: boolean; openAsHidden?: boolean }): void;
  /** The executable to start: the AppImage path when running from one, else the app's executable. */
  executable: string;
  /** $XDG_CONFIG_HOME/autostart. */
  autostartDir: string;
}

export const AUTOSTART_FILE = 'forgebell.desktop';

/** Quotes an Exec= argument per the Desktop Entry spec. */
export function quoteExecArg(arg: string): string {
  if (!/[\s"'\\$`]/.test(arg)) return arg;
  return `"${arg.replace(/(["`$\\])/g, '\\$1')}"`;
}

export function linuxAutostartEntry(executable: string): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Forgebell',
    'Comment=GitHub and GitLab activity in Slack',
    `Exec=${quoteExecArg(executable)}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

export function autostartDir(env: NodeJS.ProcessEnv, home: string): string {
  return join(
    env.XDG_CONFIG_HOME && env.XDG_CONFIG_HOME.startsWith('/') ? env.XDG_CONFIG_HOME : join(home, '.config'),
    'autostart',
  );
}

export async function applyLaunchAtLogin(enabled: boolean, deps: LoginItemDeps): Promise<void> {
  if (deps.platform === 'darwin' || deps.platform === 'win32') {
    deps.setLoginItemSettings({ openAtLogin: enabled, openAsHidden: true });
    return;
  }
  const file = join(deps.autostartDir, AUTOSTART_FILE);
  if (enabled) {
    await mkdir(deps.autostartDir, { recursive: true });
    await writeFile(file, linuxAutostartEntry(deps.executable), { mode: 0o644 });
  } else {
    await rm(file, { force: true });
  }
}
