import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Cipher, CipherError } from './cipher.js';

const SALT = Buffer.from('forgebell.secret-key.v1');

/** AES-256-GCM with a random 96-bit IV per secret; output `v1.<iv>.<tag>.<data>` in base64url. */
export class AesGcmCipher implements Cipher {
  readonly kind = 'aes-256-gcm';
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('AES-256-GCM needs a 32-byte key');
  }

  encrypt(plaintext: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), data.toString('base64url')].join(
      '.',
    );
  }

  decrypt(ciphertext: string): string {
    const [version, iv, tag, data] = ciphertext.split('.');
    if (version !== 'v1' || !iv || !tag || data === undefined) throw new CipherError('Not a Forgebell ciphertext.');
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
    } catch (error) {
      throw new CipherError(
        'A stored secret cannot be decrypted with the current key (was FORGEBELL_SECRET_KEY changed, or secret.key replaced?). Re-enter the token or restore the key.',
        { cause: error },
      );
    }
  }
}

export interface HeadlessKey {
  cipher: AesGcmCipher;
  /** Where the key came from, for the one-time notice `serve` prints. */
  source: 'env' | 'file-created' | 'file';
  keyFile: string | null;
}

/**
 * `serve`'s key: derived with scrypt from FORGEBELL_SECRET_KEY when set (any non-empty string);
 * otherwise a random key kept in `<dataDir>/secret.key` with mode 0600.
 */
export function headlessCipher(dataDir: string, env: NodeJS.ProcessEnv = process.env): HeadlessKey {
  const passphrase = env.FORGEBELL_SECRET_KEY;
  if (passphrase && passphrase.length > 0) {
    return {
      cipher: new AesGcmCipher(scryptSync(passphrase, SALT, 32, { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 })),
      source: 'env',
      keyFile: null,
    };
  }
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const keyFile = join(dataDir, 'secret.key');
  if (existsSync(keyFile)) {
    const key = Buffer.from(readFileSync(keyFile, 'utf8').trim(), 'base64');
    if (key.length !== 32)
      throw new Error(
        `${keyFile} is not a valid Forgebell key (expected 32 bytes in base64). Restore it from a backup or delete it and re-enter your tokens.`,
      );
    return { cipher: new AesGcmCipher(key), source: 'file', keyFile };
  }
  const key = randomBytes(32);
  writeFileSync(keyFile, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(keyFile, 0o600);
  return { cipher: new AesGcmCipher(key), source: 'file-created', keyFile };
}
