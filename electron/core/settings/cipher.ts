/**
 * Encrypts secrets before they touch disk. The desktop app implements it with Electron safeStorage
 * (electron/main), `serve` with AES-256-GCM (aes-cipher.ts). Ciphertexts are strings so they fit in JSON.
 */
export interface Cipher {
  /** A short name stored beside each ciphertext, e.g. "aes-256-gcm" or "safeStorage". */
  readonly kind: string;
  encrypt(plaintext: string): string;
  /** Throws CipherError when the ciphertext cannot be opened (wrong key, tampered data). */
  decrypt(ciphertext: string): string;
}

export class CipherError extends Error {
  override readonly name = 'CipherError';
}
