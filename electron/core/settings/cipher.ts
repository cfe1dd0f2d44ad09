/**
 * Encrypts secrets before they touch disk. The desktop app implements it with Electron safeStorage
 * (electron/main), the headless commands with AES-256-GCM (aes-cipher.ts). Ciphertexts are strings so they fit in
 * JSON. Every secret is bound to its field (`slack.botToken`, `accounts.<id>.token`, `proxy.url`…): a ciphertext
 * moved to another field does not open.
 */
export interface Cipher {
  /** A short name stored beside each ciphertext, e.g. "aes-256-gcm" or "safeStorage". */
  readonly kind: string;
  encrypt(plaintext: string, field: string): string;
  /** Throws CipherError when the ciphertext cannot be opened (wrong key, tampered data, another field). */
  decrypt(ciphertext: string, field: string): string;
  /** True for a ciphertext in an older format that the next save should seal again. */
  outdated?(ciphertext: string): boolean;
}

export class CipherError extends Error {
  override readonly name = 'CipherError';
}
