import Conf from 'conf';
import { existsSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { makePrivate } from '../state/data-dir-permissions.js';
import type { SettingsStore } from './settings-store.js';

export class CorruptSettingsError extends Error {
  override readonly name = 'CorruptSettingsError';
}

export interface OpenedStore {
  store: SettingsStore;
  /** Set when a corrupted settings file was moved aside (the caller reports it). */
  movedAside: string | null;
}

/**
 * `serve`'s settings store, on `conf` (electron-store's base class, which runs under plain Node).
 * A settings file that is not valid JSON is moved aside as `settings.corrupt-<time>.json` and reported.
 */
export function openConfStore(dataDir: string, now: () => number = Date.now): OpenedStore {
  const path = join(dataDir, 'settings.json');
  let movedAside: string | null = null;
  if (existsSync(path)) {
    try {
      JSON.parse(readFileSync(path, 'utf8'));
    } catch {
      movedAside = join(dataDir, `settings.corrupt-${new Date(now()).toISOString().replace(/[:.]/g, '-')}.json`);
      renameSync(path, movedAside);
      makePrivate(movedAside);
    }
  }
  const conf = new Conf<{ document?: unknown }>({
    cwd: dataDir,
    configName: 'settings',
    projectName: 'forgebell',
    clearInvalidConfig: false,
    configFileMode: 0o600,
    watch: false,
  });
  return {
    movedAside,
    store: {
      path,
      read: () => conf.get('document') ?? null,
      write: (document) => conf.set('document', document),
    },
  };
}
