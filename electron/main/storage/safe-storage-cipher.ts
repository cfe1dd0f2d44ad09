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
    encrypt(plaintext: string): string {
      if (!safeStorage.isEncryptionAvailable()) throw new SecretStorageRefusedError('unavailable');
      if (platform === 'linux') {
        const backend = safeStorage.getSelectedStorageBackend();
        if (backend === 'unknown') throw new SecretStorageRefusedError('unavailable');
        if (backend === 'basic_text' && !policy.isAccepted() && !policy.ask())
          throw new SecretStorageRefusedError('weak-declined');
      }
      return safeStorage.encryptString(plaintext).toString('base64');
    },
    decrypt(ciphertext: string): string {
      if (!safeStorage.isEncryptionAvailable()) {
        throw new CipherError("A saved secret cannot be read: the operating system's secure storage is not available.");
      }
      if (!/^[A-Za-z0-9+/]+={0,2}$/.test(ciphertext))
        throw new CipherError('A saved secret is not a safeStorage ciphertext.');
      try {
        return safeStorage.decryptString(Buffer.from(ciphertext, 'base64'));
      } catch (error) {
        throw new CipherError(
          `A saved secret could not be decrypted (${error instanceof Error ? error.message : String(error)}). The keychain or keyring may have changed: enter the token again.`,
        );
      }
    },
  };
}
