import { createHmac, randomBytes, scryptSync } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CipherError } from './cipher.js';

/**
 * The keys of the headless commands (`serve`, `import`, `export`, `doctor`):
 *  - FORGEBELL_SECRET_KEY set (any non-empty string): the key is derived with scrypt (N=2^17, r=8, p=1) and a random
 *    salt made once per data dir, kept with its parameters in `<dataDir>/secret.kdf` (mode 0600);
 *  - otherwise a random 256-bit key in `<dataDir>/secret.key` (mode 0600), made the first time a secret is sealed.
 * Nothing is created before a secret is actually sealed, so reading commands never leave a stray key file.
 * A key file readable by other users is refused, with the command that fixes it.
 * Each key has a short id (an HMAC of a constant, revealing nothing about the key) stored in every ciphertext, so a
 * secret sealed with another key is recognised as such and the message can say which key it was.
 */

export const KEY_FILE = 'secret.key';
export const KDF_FILE = 'secret.kdf';

/** Version 1 derived every install's key with this salt and N=2^15; its ciphertexts still open (and are re-sealed). */
const LEGACY_SALT = Buffer.from('forgebell.secret-key.v1');
const LEGACY_SCRYPT = { N: 1 << 15, r: 8, p: 1 };
const SCRYPT = { N: 1 << 17, r: 8, p: 1 };
const MAXMEM = 512 * 1024 * 1024;

export interface SealKey {
  key: Buffer;
  /** 8 characters identifying the key in ciphertexts. */
  id: string;
}

export function keyId(key: Buffer): string {
  return createHmac('sha256', key).update('forgebell.key-id').digest('base64url').slice(0, 8);
}

/** A key file others can read: refused (not fixed silently: it may have been read already). */
export class KeyFileExposedError extends Error {
  override readonly name = 'KeyFileExposedError';
  constructor(
    readonly file: string,
    mode: number,
  ) {
    super(
      `${file} is readable by other users (mode ${(mode & 0o777).toString(8).padStart(4, '0')}), so Forgebell will not use it. ` +
        `Make it private with \`chmod 600 ${file}\` and start again; if other people use this machine, also consider replacing the tokens it protects.`,
    );
  }
}

/** Refuses a key file with any group/other permission (POSIX only; Windows has no such mode bits). */
export function checkKeyFileMode(file: string, platform: NodeJS.Platform = process.platform): void {
  if (platform === 'win32' || !existsSync(file)) return;
  const mode = statSync(file).mode;
  if ((mode & 0o077) !== 0) throw new KeyFileExposedError(file, mode);
}

export interface KeySource {
  /** The key new secrets are sealed with; may create it (see `create`). Throws CipherError when there is none. */
  forSealing(): SealKey;
  /**
   * The same key for opening a ciphertext sealed with key `id`: never creates anything. Throws CipherError (saying
   * what to do) when there is none.
   */
  forOpening(id: string): SealKey;
  /** The key version-1 ciphertexts (no key id, no field binding) were sealed with, or null. */
  legacy(): Buffer | null;
  /** Why a secret sealed with the key `id` cannot be opened here, and what to do: a sentence for the user. */
  explainOtherKey(id: string): string;
  /** A sentence for version-1 ciphertexts the legacy key cannot open. */
  explainLegacyFailure(): string;
}

export interface HeadlessKeyOptions {
  /** May a missing key (file, or salt) be created? `serve` and `import`: yes; `export`, `doctor`: no. */
  create: boolean;
  /** Called once when a new random key file was written (serve prints it once). */
  onKeyFileCreated?: (file: string) => void;
  platform?: NodeJS.Platform;
}

interface KdfFile {
  kdf: 'scrypt';
  salt: string;
  N: number;
  r: number;
  p: number;
}

function readKdf(file: string): KdfFile {
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<KdfFile>;
  if (
    parsed.kdf !== 'scrypt' ||
    typeof parsed.salt !== 'string' ||
    typeof parsed.N !== 'number' ||
    typeof parsed.r !== 'number' ||
    typeof parsed.p !== 'number'
  )
    throw new CipherError(`${file} is damaged (not the scrypt parameters Forgebell wrote). Restore it from a backup.`);
  return parsed as KdfFile;
}

function readKeyFile(file: string, platform: NodeJS.Platform): Buffer {
  checkKeyFileMode(file, platform);
  const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  if (key.length !== 32)
    throw new CipherError(
      `${file} is not a valid Forgebell key (expected 32 bytes in base64). Restore it from a backup, or delete it and enter your tokens again.`,
    );
  return key;
}

const REENTER =
  'enter the token again (Setup in the UI, or `forgebell import` a config file that contains it); until then it counts as not set';

/** The key source for a data dir and environment (see the file comment). */
export function headlessKeys(dataDir: string, env: NodeJS.ProcessEnv, options: HeadlessKeyOptions): KeySource {
  const platform = options.platform ?? process.platform;
  const keyFile = join(dataDir, KEY_FILE);
  const kdfFile = join(dataDir, KDF_FILE);
  const passphrase = env.FORGEBELL_SECRET_KEY ? env.FORGEBELL_SECRET_KEY : null;
  let current: SealKey | null = null;
  let legacy: Buffer | null | undefined;

  const fileKeyId = (): string | null => {
    try {
      return existsSync(keyFile) ? keyId(readKeyFile(keyFile, platform)) : null;
    } catch {
      return null;
    }
  };

  const fromPassphrase = (secret: string, create: boolean): SealKey => {
    let kdf: KdfFile;
    if (existsSync(kdfFile)) kdf = readKdf(kdfFile);
    else if (create) {
      kdf = { kdf: 'scrypt', salt: randomBytes(16).toString('base64'), ...SCRYPT };
      writeFileSync(kdfFile, `${JSON.stringify(kdf)}\n`, { mode: 0o600, flag: 'wx' });
    } else
      throw new CipherError(
        `No secret has been sealed with FORGEBELL_SECRET_KEY in ${dataDir} yet (${kdfFile} is missing), so nothing can be opened with it.`,
      );
    const key = scryptSync(secret, Buffer.from(kdf.salt, 'base64'), 32, {
      N: kdf.N,
      r: kdf.r,
      p: kdf.p,
      maxmem: MAXMEM,
    });
    return { key, id: keyId(key) };
  };

  const fromFile = (create: boolean): SealKey => {
    if (!existsSync(keyFile)) {
      if (!create)
        throw new CipherError(
          `There is no key to open it with: FORGEBELL_SECRET_KEY is not set and ${keyFile} does not exist. Set FORGEBELL_SECRET_KEY to the value used when it was saved, or ${REENTER}.`,
        );
      const key = randomBytes(32);
      writeFileSync(keyFile, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
      options.onKeyFileCreated?.(keyFile);
      return { key, id: keyId(key) };
    }
    const key = readKeyFile(keyFile, platform);
    return { key, id: keyId(key) };
  };

  return {
    forSealing() {
      current ??= passphrase ? fromPassphrase(passphrase, options.create) : fromFile(options.create);
      return current;
    },
    forOpening(id) {
      if (passphrase && !current && !existsSync(kdfFile)) throw new CipherError(this.explainOtherKey(id));
      current ??= passphrase ? fromPassphrase(passphrase, false) : fromFile(false);
      return current;
    },
    legacy() {
      if (legacy !== undefined) return legacy;
      if (passphrase) legacy = scryptSync(passphrase, LEGACY_SALT, 32, { ...LEGACY_SCRYPT, maxmem: MAXMEM });
      else legacy = existsSync(keyFile) ? readKeyFile(keyFile, platform) : null;
      return legacy;
    },
    explainOtherKey(id) {
      if (passphrase) {
        if (fileKeyId() === id)
          return `It was sealed with ${keyFile}, but FORGEBELL_SECRET_KEY is set, so that file is not used. Unset FORGEBELL_SECRET_KEY and restart, or ${REENTER}.`;
        return `FORGEBELL_SECRET_KEY is not the key it was sealed with (was FORGEBELL_SECRET_KEY changed?). Set FORGEBELL_SECRET_KEY to the value used when it was saved and restart, or ${REENTER}.`;
      }
      return `It was sealed with another key than ${keyFile} (probably FORGEBELL_SECRET_KEY, which is not set now, or the key file was replaced). Set FORGEBELL_SECRET_KEY to the value used when it was saved (or restore the key file) and restart, or ${REENTER}.`;
    },
    explainLegacyFailure() {
      return passphrase
        ? `FORGEBELL_SECRET_KEY does not open it (was it changed?). Set FORGEBELL_SECRET_KEY to the value used when it was saved and restart, or ${REENTER}.`
        : `${keyFile} does not open it (was FORGEBELL_SECRET_KEY used when it was saved, or the key file replaced?). Set FORGEBELL_SECRET_KEY to the value used when it was saved (or restore the key file) and restart, or ${REENTER}.`;
    },
  };
}

/** A fixed key (tests, benchmarks): sealed and opened with that key only. */
export function fixedKey(key: Buffer): KeySource {
  const sealKey = { key, id: keyId(key) };
  return {
    forSealing: () => sealKey,
    forOpening: () => sealKey,
    legacy: () => key,
    explainOtherKey: () => `It was sealed with another key. ${REENTER[0]!.toUpperCase()}${REENTER.slice(1)}.`,
    explainLegacyFailure: () => `It was sealed with another key. ${REENTER[0]!.toUpperCase()}${REENTER.slice(1)}.`,
  };
}
