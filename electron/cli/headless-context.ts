import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { AesGcmCipher } from '../core/settings/aes-cipher.js';
import type { Cipher } from '../core/settings/cipher.js';
import { checkKeyFileMode, headlessKeys, KEY_FILE } from '../core/settings/headless-keys.js';
import { defaultDataDir } from '../core/settings/data-dir.js';
import { CliError } from './cli-error.js';
import { openConfStore } from '../core/settings/json-file-store.js';
import { SettingsRepository } from '../core/settings/settings-repository.js';
import type { SettingsStore } from '../core/settings/settings-store.js';
import { secureDataDir } from '../core/state/data-dir-permissions.js';

export interface HeadlessContext {
  dataDir: string;
  store: SettingsStore;
  cipher: Cipher;
  repo: SettingsRepository;
  notices: string[];
}

export interface HeadlessOptions {
  /** serve and import may make the key (and the data dir); export and doctor only read. */
  createKey: boolean;
  env?: NodeJS.ProcessEnv;
  /** Told once when a new random key file is written (it happens when the first secret is sealed). */
  onNotice?: (notice: string) => void;
}

/**
 * Read-only commands on a folder that holds no Forgebell data: a mistyped --data-dir must be said as such, not
 * reported as "no forge account" — and nothing may be created there. `doctor` needs settings to check; `export` of an
 * existing but empty data dir prints the empty config, of a folder that does not exist this error.
 */
export function requireForgebellData(dataDir: string, command: string, need: 'settings' | 'folder'): void {
  const exists = existsSync(dataDir);
  if (need === 'folder' ? exists : existsSync(join(dataDir, 'settings.json'))) return;
  const where = exists ? `${dataDir} has no settings.json` : `${dataDir} does not exist`;
  throw new CliError(
    `forgebell ${command}: no Forgebell data here — ${where}. Check --data-dir (the default is ${defaultDataDir()}). ` +
      `To set Forgebell up there, run: forgebell import FILE --data-dir ${dataDir}`,
    1,
  );
}

/**
 * Opens a data dir for the headless commands. serve and import (`createKey`) make the data dir owner-only and may
 * create the key when a secret is first sealed; export and doctor never create a file. Secrets that cannot be opened
 * never stop a command: the repository lists them (`repo.unreadable()`) and they count as not set.
 */
export function openHeadless(dataDir: string, options: HeadlessOptions): HeadlessContext {
  const env = options.env ?? process.env;
  const notices: string[] = [];
  if (options.createKey) {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    if (!env.FORGEBELL_SECRET_KEY) checkKeyFileMode(join(dataDir, KEY_FILE));
    secureDataDir(dataDir);
  }
  const keys = headlessKeys(dataDir, env, {
    create: options.createKey,
    onKeyFileCreated: (file) =>
      options.onNotice?.(
        `Secrets are encrypted with a new random key in ${file} (mode 0600). Back it up with the data dir, or set FORGEBELL_SECRET_KEY to use a key of your own.`,
      ),
  });
  const cipher = new AesGcmCipher(keys);
  const { store, movedAside } = openConfStore(dataDir);
  if (movedAside)
    notices.push(
      `The settings file was corrupted; it was moved aside to ${movedAside} and Forgebell started with empty settings. Re-import your config or restore that file.`,
    );
  return { dataDir, store, cipher, repo: new SettingsRepository(store, cipher), notices };
}
