import { mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Conf from 'conf';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../core/runtime/logger.js';
import { CONF_OPTIONS, confFilePath, createConfDocumentStore } from './conf-document-store.js';
import { DEFAULT_SHELL_PREFS, ShellPrefs } from './shell-prefs.js';

// electron-store cannot load under plain Node; `conf` is its base class with the same file handling,
// so the adapter is tested against it with the options the app passes to electron-store.
function open(dir: string, name: string) {
  return createConfDocumentStore(confFilePath(dir, name), () => new Conf<Record<string, unknown>>({ configName: name, cwd: dir, ...CONF_OPTIONS }));
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'forgebell-conf-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('createConfDocumentStore', () => {
  it('reads null before anything is saved, then the saved document', () => {
    const store = open(dir, 'settings');
    expect(store.path).toBe(join(dir, 'settings.json'));
    expect(store.read()).toBeNull();
    store.write({ version: 1, slack: { botToken: { kind: 'safeStorage', value: 'AAAA' } } });
    expect(open(dir, 'settings').read()).toEqual({ version: 1, slack: { botToken: { kind: 'safeStorage', value: 'AAAA' } } });
    expect(JSON.parse(readFileSync(store.path, 'utf8'))).toEqual({ version: 1, slack: { botToken: { kind: 'safeStorage', value: 'AAAA' } } });
  });

  it('writes the file readable by its owner only', () => {
    const store = open(dir, 'settings');
    store.write({ version: 1 });
    if (process.platform !== 'win32') expect(statSync(store.path).mode & 0o777).toBe(0o600);
  });

  it('replaces the whole document, keys with dots included', () => {
    const store = open(dir, 'settings');
    store.write({ a: 1, 'x.y': { z: 2 } });
    store.write({ b: 2, 'x.y': { z: 3 } });
    expect(store.read()).toEqual({ b: 2, 'x.y': { z: 3 } });
  });

  it('throws on a damaged file instead of resetting it', () => {
    const store = open(dir, 'settings');
    store.write({ version: 1 });
    writeFileSync(store.path, '{"version": 1, "slack": ');
    expect(() => store.read()).toThrow(SyntaxError);
    expect(readFileSync(store.path, 'utf8')).toBe('{"version": 1, "slack": ');
  });

  it('throws on a file damaged before the app started, and recovers once it is moved aside', () => {
    const path = confFilePath(dir, 'settings');
    writeFileSync(path, '{"version": 1,');
    const store = open(dir, 'settings');
    expect(() => store.read()).toThrow(SyntaxError);
    renameSync(path, `${path}.corrupt`);
    expect(store.read()).toBeNull();
    store.write({ version: 1 });
    expect(store.read()).toEqual({ version: 1 });
  });

  it('refuses to write a document that is not an object', () => {
    const store = open(dir, 'settings');
    expect(() => store.write([1, 2])).toThrow(TypeError);
    expect(() => store.write(null)).toThrow(TypeError);
  });
});

describe('ShellPrefs', () => {
  it('starts from defaults and persists updates', () => {
    const prefs = new ShellPrefs(open(dir, 'desktop-shell'), silentLogger);
    expect(prefs.get()).toEqual(DEFAULT_SHELL_PREFS);
    prefs.update({ window: { x: 1, y: 2, width: 900, height: 700, maximized: false }, weakStorageAccepted: true });
    expect(new ShellPrefs(open(dir, 'desktop-shell'), silentLogger).get()).toEqual({
      ...DEFAULT_SHELL_PREFS,
      window: { x: 1, y: 2, width: 900, height: 700, maximized: false },
      weakStorageAccepted: true,
    });
  });

  it('falls back field by field on bad values', () => {
    open(dir, 'desktop-shell').write({ window: { x: 'left' }, weakStorageAccepted: true, globalShortcut: 42, notifySubscriptions: ['s1'] });
    expect(new ShellPrefs(open(dir, 'desktop-shell'), silentLogger).get()).toEqual({
      window: null,
      weakStorageAccepted: true,
      globalShortcut: null,
      notifySubscriptions: ['s1'],
    });
  });

  it('moves a damaged file aside and starts from defaults', () => {
    const store = open(dir, 'desktop-shell');
    writeFileSync(store.path, 'not json');
    const prefs = new ShellPrefs(store, silentLogger, () => 1234);
    expect(prefs.get()).toEqual(DEFAULT_SHELL_PREFS);
    expect(readdirSync(dir)).toContain('desktop-shell.json.corrupt-1234');
    expect(readFileSync(join(dir, 'desktop-shell.json.corrupt-1234'), 'utf8')).toBe('not json');
  });
});
