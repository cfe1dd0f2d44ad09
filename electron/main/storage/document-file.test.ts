import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Conf from 'conf';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openConfStore } from '../../core/settings/json-file-store.js';
import { openDocumentFile, STORE_OPTIONS } from './document-file.js';
import { DEFAULT_SHELL_PREFS, ShellPrefs } from './shell-prefs.js';

// electron-store cannot load under plain Node; `conf` is its base class with the same file
// handling, so the adapter is tested against it with the options the app gives electron-store.
function open(dir: string, name: string, now = () => Date.UTC(2025, 0, 2, 3, 4, 5)) {
  return openDocumentFile(
    dir,
    name,
    () => {
      const conf = new Conf<{ document?: unknown }>({ configName: name, cwd: dir, ...STORE_OPTIONS });
      return { get: () => conf.get('document'), set: (d) => conf.set('document', d) };
    },
    now,
  );
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'forgebell-doc-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('openDocumentFile', () => {
  it('reads null before anything is saved, then the saved document', () => {
    const { store, movedAside } = open(dir, 'settings');
    expect(movedAside).toBeNull();
    expect(store.path).toBe(join(dir, 'settings.json'));
    expect(store.read()).toBeNull();
    store.write({ version: 1, slack: { botToken: 'enc:safeStorage:AAAA' } });
    expect(open(dir, 'settings').store.read()).toEqual({ version: 1, slack: { botToken: 'enc:safeStorage:AAAA' } });
  });

  it('writes the file readable by its owner only', () => {
    const { store } = open(dir, 'settings');
    store.write({ version: 1 });
    if (process.platform !== 'win32') expect(statSync(store.path).mode & 0o777).toBe(0o600);
  });

  it('shares settings.json with `serve` in both directions', () => {
    const desktop = open(dir, 'settings').store;
    desktop.write({ version: 1, pollIntervalSeconds: 30 });
    const serve = openConfStore(dir).store;
    expect(serve.read()).toEqual({ version: 1, pollIntervalSeconds: 30 });
    serve.write({ version: 1, pollIntervalSeconds: 45 });
    expect(open(dir, 'settings').store.read()).toEqual({ version: 1, pollIntervalSeconds: 45 });
  });

  it('moves a damaged file aside, reports it, and starts empty', () => {
    writeFileSync(join(dir, 'settings.json'), '{"version": 1,');
    const { store, movedAside } = open(dir, 'settings');
    expect(movedAside).toBe(join(dir, 'settings.corrupt-2025-01-02T03-04-05-000Z.json'));
    expect(readFileSync(movedAside ?? '', 'utf8')).toBe('{"version": 1,');
    expect(store.read()).toBeNull();
    store.write({ version: 1 });
    expect(readdirSync(dir).sort()).toEqual(['settings.corrupt-2025-01-02T03-04-05-000Z.json', 'settings.json']);
  });
});

describe('ShellPrefs', () => {
  it('starts from defaults and persists updates', () => {
    const prefs = new ShellPrefs(open(dir, 'desktop-shell').store);
    expect(prefs.get()).toEqual(DEFAULT_SHELL_PREFS);
    prefs.update({ window: { x: 1, y: 2, width: 900, height: 700, maximized: false }, weakStorageAccepted: true });
    expect(new ShellPrefs(open(dir, 'desktop-shell').store).get()).toEqual({
      ...DEFAULT_SHELL_PREFS,
      window: { x: 1, y: 2, width: 900, height: 700, maximized: false },
      weakStorageAccepted: true,
    });
  });

  it('falls back field by field on bad values', () => {
    open(dir, 'desktop-shell').store.write({
      window: { x: 'left' },
      weakStorageAccepted: true,
      globalShortcut: 42,
      notifySubscriptions: ['s1'],
    });
    expect(new ShellPrefs(open(dir, 'desktop-shell').store).get()).toEqual({
      window: null,
      weakStorageAccepted: true,
      globalShortcut: null,
      notifySubscriptions: ['s1'],
    });
    expect(ShellPrefs.parse('nonsense')).toEqual(DEFAULT_SHELL_PREFS);
  });
});
