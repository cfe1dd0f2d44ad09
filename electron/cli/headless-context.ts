import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type Cipher, CipherError } from '../core/settings/cipher.js';
import { headlessCipher } from '../core/settings/aes-cipher.js';
import { openConfStore } from '../core/settings/json-file-store.js';
import { SettingsRepository } from '../core/settings/settings-repository.js';
import type { SettingsStore } from '../core/settings/settings-store.js';

export interface HeadlessContext {
  dataDir: string;
  store: SettingsStore;
  cipher: Cipher;
  repo: SettingsRepository;
  notices: string[];
}

/** A cipher for commands that must not create a key (export, doctor): fails only if a secret is actually opened. */
function lazyCipher(dataDir: string, env: NodeJS.ProcessEnv): Cipher {
  let inner: Cipher | null = null;
  const get = (): Cipher => {
    if (!inner) {
      if (!env.FORGEBELL_SECRET_KEY && !existsSync(join(dataDir, 'secret.key'))) {
        throw new CipherError(
          `Stored secrets cannot be decrypted: no FORGEBELL_SECRET_KEY and no ${join(dataDir, 'secret.key')}. Set the key that was used, or re-import the tokens.`,
        );
      }
      inner = headlessCipher(dataDir, env).cipher;
    }
    return inner;
  };
  return {
    kind: 'aes-256-gcm',
    encrypt: (p) => get().encrypt(p),
    decrypt: (c) => get().decrypt(c),
  };
}

/** Opens a data dir for `serve`/`import` (may create the key) or read-only commands (never creates files). */
export function openHeadless(
  dataDir: string,
  options: { createKey: boolean; env?: NodeJS.ProcessEnv },
): HeadlessContext {
  const env = options.env ?? process.env;
  const notices: string[] = [];
  let cipher: Cipher;
  if (options.createKey) {
    const key = headlessCipher(dataDir, env);
    cipher = key.cipher;
    if (key.source === 'file-created') {
      notices.push(
        `Secrets are encrypted with a new random key in ${key.keyFile} (mode 0600). Back it up with the data dir, or set FORGEBELL_SECRET_KEY to use a key of your own.`,
      );
    }
  } else {
    cipher = lazyCipher(dataDir, env);
  }
  const { store, movedAside } = openConfStore(dataDir);
  if (movedAside)
    notices.push(
      `The settings file was corrupted; it was moved aside to ${movedAside} and Forgebell started with empty settings. Re-import your config or restore that file.`,
    );
  return { dataDir, store, cipher, repo: new SettingsRepository(store, cipher), notices };
}
