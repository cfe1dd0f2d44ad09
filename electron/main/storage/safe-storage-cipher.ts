import { type Cipher, CipherError } from '../../core/settings/cipher.js';

/** The part of Electron's safeStorage the cipher uses (the Cipher interface is synchronous). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  getSelectedStorageBackend(): string;
}

/**
 * The user's decision about Linux's weak fallback (`basic_text`: Electron encrypts with a key built
 * into Chromium, because no keyring such as GNOME Keyring or KWallet is running).
 * `ask()` shows the warning and returns true only when the user explicitly accepts.
 */
export interface WeakStoragePolicy {
  isAccepted(): boolean;
  ask(): boolean;
}

export type SecretStorageRefusal = 'unavailable' | 'weak-declined';

/** Thrown by encrypt() when a secret must not be saved; the message says why and what to do. */
export class SecretStorageRefusedError extends Error {
  override readonly name = 'SecretStorageRefusedError';
  constructor(readonly reason: SecretStorageRefusal) {
    super(
      reason === 'unavailable'
        ? "Nothing was saved: the operating system's secure storage (macOS Keychain, Windows DPAPI or a Linux keyring) is not available, so Forgebell cannot encrypt secrets. Unlock or install a keyring and try again."
        : 'Nothing was saved: no keyring (GNOME Keyring, KWallet) is running, and storing secrets with the weaker built-in key was declined. Start a keyring and try again, or accept the weaker storage when asked.',
    );
  }
}

export const SAFE_STORAGE_KIND = 'safeStorage';

/**
 * Cipher over Electron safeStorage. Ciphertexts are base64 strings. Encryption is refused when
 * safeStorage is unavailable, and on Linux with the `basic_text` backend unless the user accepted
 * that weaker protection after a warning. Decryption never asks: data already written can be read.
 */
export function createSafeStorageCipher(
  safeStorage: SafeStorageLike,
  policy: WeakStoragePolicy,
  platform: NodeJS.Platform,
): Cipher {
  return {
    kind: SAFE_STORAGE_KIND,
    encrypt(plaintext: string, field: string): string {
      if (!safeStorage.isEncryptionAvailable()) throw new SecretStorageRefusedError('unavailable');
      if (platform === 'linux') {
        const backend = safeStorage.getSelectedStorageBackend();
        if (backend === 'unknown') throw new SecretStorageRefusedError('unavailable');
        if (backend === 'basic_text' && !policy.isAccepted() && !policy.ask())
          throw new SecretStorageRefusedError('weak-declined');
      }
      return safeStorage.encryptString(`${FIELD_MARK}${field}\u0000${plaintext}`).toString('base64');
    },
    decrypt(ciphertext: string, field: string): string {
      if (!safeStorage.isEncryptionAvailable()) {
        throw new CipherError("The operating system's secure storage is not available to open it.");
      }
      if (!/^[A-Za-z0-9+/]+={0,2}$/.test(ciphertext)) throw new CipherError('It is not a safeStorage ciphertext.');
      let opened: string;
      try {
        opened = safeStorage.decryptString(Buffer.from(ciphertext, 'base64'));
      } catch (error) {
        throw new CipherError(
          `It could not be decrypted (${error instanceof Error ? error.message : String(error)}). The keychain or keyring may have changed: enter the token again.`,
        );
      }
      return openField(opened, field);
    },
  };
}

/** Secrets are sealed as `fb2:<field>\0<secret>`, so a ciphertext moved to another field does not open. */
const FIELD_MARK = 'fb2:';

function openField(opened: string, field: string): string {
  if (!opened.startsWith(FIELD_MARK)) return opened; // sealed before fields were bound: opened, sealed again on save
  const end = opened.indexOf('\u0000');
  if (end < 0 || opened.slice(FIELD_MARK.length, end) !== field)
    throw new CipherError('It belongs to another field (the settings file was altered). Enter the token again.');
  return opened.slice(end + 1);
}
