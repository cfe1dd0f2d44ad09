import { describe, expect, it, vi } from 'vitest';
import { CipherError } from '../../core/settings/cipher.js';
import { createSafeStorageCipher, SAFE_STORAGE_KIND, SecretStorageRefusedError } from './safe-storage-cipher.js';
import { fakeSafeStorage } from '../../../test/support/electron/fake-electron.js';

const acceptAll = { isAccepted: () => true, ask: () => true };
const SECRET = 'xoxb-1234-5678-abcdefghijklmnop';
const F = 'slack.botToken';

describe('safeStorage cipher', () => {
  it('round-trips secrets as base64 ciphertext that does not contain the plaintext', () => {
    for (const platform of ['darwin', 'win32', 'linux'] as const) {
      const cipher = createSafeStorageCipher(fakeSafeStorage(), acceptAll, platform);
      const ciphertext = cipher.encrypt(SECRET, F);
      expect(cipher.kind).toBe(SAFE_STORAGE_KIND);
      expect(ciphertext).toMatch(/^[A-Za-z0-9+/]+={0,2}$/);
      expect(ciphertext).not.toContain(SECRET);
      expect(Buffer.from(ciphertext, 'base64').toString('latin1')).not.toContain('xoxb-');
      expect(cipher.decrypt(ciphertext, F)).toBe(SECRET);
    }
  });

  it('refuses to save when encryption is unavailable', () => {
    const storage = fakeSafeStorage({ available: false });
    const spy = vi.spyOn(storage, 'encryptString');
    const cipher = createSafeStorageCipher(storage, acceptAll, 'darwin');
    expect(() => cipher.encrypt(SECRET, F)).toThrow(SecretStorageRefusedError);
    expect(() => cipher.encrypt(SECRET, F)).toThrow(/Nothing was saved/);
    expect(spy).not.toHaveBeenCalled();
  });

  it('refuses on Linux before the backend is known', () => {
    const cipher = createSafeStorageCipher(fakeSafeStorage({ backend: 'unknown' }), acceptAll, 'linux');
    expect(() => cipher.encrypt(SECRET, F)).toThrow(expect.objectContaining({ reason: 'unavailable' }));
  });

  it('asks before using the weak Linux fallback and refuses when declined', () => {
    const ask = vi.fn(() => false);
    const cipher = createSafeStorageCipher(
      fakeSafeStorage({ backend: 'basic_text' }),
      { isAccepted: () => false, ask },
      'linux',
    );
    expect(() => cipher.encrypt(SECRET, F)).toThrow(expect.objectContaining({ reason: 'weak-declined' }));
    expect(ask).toHaveBeenCalledOnce();
  });

  it('uses the weak fallback once the user accepted it, without asking again', () => {
    let accepted = false;
    const ask = vi.fn(() => (accepted = true));
    const cipher = createSafeStorageCipher(
      fakeSafeStorage({ backend: 'basic_text' }),
      { isAccepted: () => accepted, ask },
      'linux',
    );
    const first = cipher.encrypt(SECRET, F);
    cipher.encrypt('glpat-abcdefghijklmnop', F);
    expect(ask).toHaveBeenCalledOnce();
    expect(cipher.decrypt(first, F)).toBe(SECRET);
  });

  it('does not ask on Linux with a real keyring, nor on macOS/Windows', () => {
    const ask = vi.fn(() => false);
    createSafeStorageCipher(
      fakeSafeStorage({ backend: 'kwallet6' }),
      { isAccepted: () => false, ask },
      'linux',
    ).encrypt(SECRET, F);
    createSafeStorageCipher(
      fakeSafeStorage({ backend: 'basic_text' }),
      { isAccepted: () => false, ask },
      'darwin',
    ).encrypt(SECRET, F);
    expect(ask).not.toHaveBeenCalled();
  });

  it('reports tampered, foreign or unreadable ciphertexts as CipherError', () => {
    const storage = fakeSafeStorage();
    const cipher = createSafeStorageCipher(storage, acceptAll, 'darwin');
    const good = cipher.encrypt(SECRET, F);
    const bytes = Buffer.from(good, 'base64');
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 0xff;
    expect(() => cipher.decrypt(bytes.toString('base64'), F)).toThrow(CipherError);
    expect(() => cipher.decrypt('not base64 at all!', F)).toThrow(CipherError);
    expect(() => createSafeStorageCipher(fakeSafeStorage(), acceptAll, 'darwin').decrypt(good, F)).toThrow(
      /enter the token again/,
    );
    storage.available = false;
    expect(() => cipher.decrypt(good, F)).toThrow(CipherError);
  });

  it('binds each secret to its field, and still opens what was sealed before fields were bound', () => {
    const storage = fakeSafeStorage();
    const cipher = createSafeStorageCipher(storage, acceptAll, 'darwin');
    const sealed = cipher.encrypt(SECRET, 'slack.botToken');
    expect(() => cipher.decrypt(sealed, 'accounts.github.token')).toThrow(/another field/);
    const older = storage.encryptString(SECRET).toString('base64');
    expect(cipher.decrypt(older, 'accounts.github.token')).toBe(SECRET);
  });
});
