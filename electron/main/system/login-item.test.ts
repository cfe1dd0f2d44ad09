import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { applyLaunchAtLogin, AUTOSTART_FILE, autostartDir, linuxAutostartEntry, quoteExecArg } from './login-item.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'forgebell-autostart-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('launch at login', () => {
  it('uses the login item API on macOS and Windows', async () => {
    for (const platform of ['darwin', 'win32'] as const) {
      const setLoginItemSettings = vi.fn();
      await applyLaunchAtLogin(true, { platform, setLoginItemSettings, executable: '/x', autostartDir: dir });
      await applyLaunchAtLogin(false, { platform, setLoginItemSettings, executable: '/x', autostartDir: dir });
      expect(setLoginItemSettings.mock.calls).toEqual([
        [{ openAtLogin: true, openAsHidden: true }],
        [{ openAtLogin: false, openAsHidden: true }],
      ]);
    }
  });

  it('writes and removes an XDG autostart entry on Linux', async () => {
    const deps = {
      platform: 'linux' as const,
      setLoginItemSettings: vi.fn(),
      executable: '/opt/Forgebell/forgebell',
      autostartDir: join(dir, 'autostart'),
    };
    await applyLaunchAtLogin(true, deps);
    const file = join(dir, 'autostart', AUTOSTART_FILE);
    expect(readFileSync(file, 'utf8')).toBe(linuxAutostartEntry('/opt/Forgebell/forgebell'));
    expect(readFileSync(file, 'utf8')).toContain('Exec=/opt/Forgebell/forgebell\n');
    await applyLaunchAtLogin(false, deps);
    expect(existsSync(file)).toBe(false);
    await applyLaunchAtLogin(false, deps);
    expect(deps.setLoginItemSettings).not.toHaveBeenCalled();
  });

  it('quotes executables with spaces or special characters', () => {
    expect(quoteExecArg('/home/a b/Forgebell.AppImage')).toBe('"/home/a b/Forgebell.AppImage"');
    expect(quoteExecArg('/x/$HOME"q')).toBe('"/x/\\$HOME\\"q"');
  });

  it('finds the autostart folder', () => {
    expect(autostartDir({ XDG_CONFIG_HOME: '/cfg' }, '/home/u')).toBe('/cfg/autostart');
    expect(autostartDir({ XDG_CONFIG_HOME: 'relative' }, '/home/u')).toBe('/home/u/.config/autostart');
    expect(autostartDir({}, '/home/u')).toBe('/home/u/.config/autostart');
  });
});
