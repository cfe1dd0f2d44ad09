import { existsSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import type { SettingsStore } from '../../core/settings/settings-store.js';
import { makePrivate } from '../../core/state/data-dir-permissions.js';

/**
 * One electron-store file holding one JSON document under the key "document" — the same layout
 * `serve` uses (electron/core/settings/json-file-store.ts), so the app and the CLI share
 * settings.json in the data dir. electron-store writes atomically with the file mode we ask for.
 */
export interface DocumentBackend {
  get(): unknown;
  set(document: unknown): void;
}

/** Options every electron-store of ours is opened with: owner-only file, no silent reset of a damaged file. */
export const STORE_OPTIONS = {
  configFileMode: 0o600,
  clearInvalidConfig: false,
  watch: false,
} as const;

export interface OpenedDocumentFile {
  store: SettingsStore;
  /** Where a damaged file was moved, or null; the caller tells the user. */
  movedAside: string | null;
}

/**
 * Opens `<dir>/<name>.json`. A file that is not valid JSON is moved aside as
 * `<name>.corrupt-<time>.json` (never silently reset, never a crash) and reported through `movedAside`.
 * The backend is opened lazily, after that check, because electron-store's constructor throws on such a file.
 */
export function openDocumentFile(
  dir: string,
  name: string,
  open: () => DocumentBackend,
  now: () => number = Date.now,
): OpenedDocumentFile {
  const path = join(dir, `${name}.json`);
  let movedAside: string | null = null;
  if (existsSync(path)) {
    try {
      JSON.parse(readFileSync(path, 'utf8'));
    } catch {
      movedAside = join(dir, `${name}.corrupt-${new Date(now()).toISOString().replace(/[:.]/g, '-')}.json`);
      renameSync(path, movedAside);
      makePrivate(movedAside);
    }
  }
  let backend: DocumentBackend | null = null;
  const opened = (): DocumentBackend => (backend ??= open());
  return {
    movedAside,
    store: {
      path,
      read: () => opened().get() ?? null,
      write: (document) => opened().set(document),
    },
  };
}
