import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { SettingsStore } from '../core/settings/settings-store.js';

/**
 * The part of electron-store (and of `conf`, its base class) this adapter uses.
 * electron-store writes atomically and with the file mode we ask for.
 */
export interface ConfLike {
  readonly path: string;
  store: Record<string, unknown>;
}

/** Options every store of ours is opened with: owner-only file, no silent reset of a damaged file. */
export const CONF_OPTIONS = {
  configFileMode: 0o600,
  clearInvalidConfig: false,
  watch: false,
  accessPropertiesByDotNotation: false,
} as const;

/**
 * A SettingsStore over one electron-store file (settings.json in userData for the engine).
 * read() gives null before anything was saved. A damaged file makes read() throw the JSON parser's
 * error (the store is opened lazily, because electron-store's constructor throws on such a file),
 * so the engine can move the file aside and report it instead of starting empty or crashing.
 */
export function createConfDocumentStore(path: string, open: () => ConfLike): SettingsStore {
  let store: ConfLike | null = null;
  const opened = (): ConfLike => (store ??= open());
  return {
    path,
    read(): unknown {
      if (!existsSync(path)) return null;
      return opened().store;
    },
    write(document: unknown): void {
      if (typeof document !== 'object' || document === null || Array.isArray(document)) {
        throw new TypeError(`Settings must be a JSON object to be written to ${path}.`);
      }
      opened().store = document as Record<string, unknown>;
    },
  };
}

/** The file electron-store uses for `name` in `cwd`. */
export function confFilePath(cwd: string, name: string): string {
  return join(cwd, `${name}.json`);
}
