import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { type Cipher, CipherError } from './cipher.js';
import { fixedKey, type KeySource } from './headless-keys.js';

const AAD_PREFIX = 'forgebell.secret:';

/**
 * AES-256-GCM with a random 96-bit IV per secret, bound to its field as associated data.
 * Output `v2.<key id>.<iv>.<tag>.<data>` (base64url parts). Version-1 ciphertexts (`v1.<iv>.<tag>.<data>`, no key id,
 * no field binding, the old fixed-salt key) still open; `outdated` tells the repository to seal them again.
 */
export class AesGcmCipher implements Cipher {
  readonly kind = 'aes-256-gcm';
  private readonly keys: KeySource;

  constructor(keys: KeySource | Buffer) {
    if (Buffer.isBuffer(keys) && keys.length !== 32) throw new Error('AES-256-GCM needs a 32-byte key');
    this.keys = Buffer.isBuffer(keys) ? fixedKey(keys) : keys;
  }

  encrypt(plaintext: string, field: string): string {
    const { key, id } = this.keys.forSealing();
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(AAD_PREFIX + field, 'utf8'));
    const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [
      'v2',
      id,
      iv.toString('base64url'),
      cipher.getAuthTag().toString('base64url'),
      data.toString('base64url'),
    ].join('.');
  }

  decrypt(ciphertext: string, field: string): string {
    const parts = ciphertext.split('.');
    if (parts[0] === 'v2' && parts.length === 5) {
      const [, id, iv, tag, data] = parts as [string, string, string, string, string];
      const { key, id: currentId } = this.keys.forOpening(id);
      if (id !== currentId) throw new CipherError(this.keys.explainOtherKey(id));
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
        decipher.setAAD(Buffer.from(AAD_PREFIX + field, 'utf8'));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
      } catch (error) {
        throw new CipherError(
          'It was sealed with this key but does not open: the settings file was altered, or the value was moved from another field. Enter the token again.',
          { cause: error },
        );
      }
    }
    if (parts[0] === 'v1' && parts.length === 4) {
      const [, iv, tag, data] = parts as [string, string, string, string];
      const key = this.keys.legacy();
      if (!key) throw new CipherError(this.keys.explainLegacyFailure());
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
      } catch (error) {
        throw new CipherError(this.keys.explainLegacyFailure(), { cause: error });
      }
    }
    throw new CipherError(
      'It is not a Forgebell ciphertext (the settings file was edited by hand?). Enter the token again.',
    );
  }

  outdated(ciphertext: string): boolean {
    return ciphertext.startsWith('v1.');
  }
}
