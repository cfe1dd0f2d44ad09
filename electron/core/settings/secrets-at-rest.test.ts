import { createCipheriv, randomBytes, scryptSync } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AesGcmCipher } from './aes-cipher.js';
import { configFileSchema } from './config-schema.js';
import { applyConfigFile } from './config-transfer.js';
import { headlessKeys, KeyFileExposedError } from './headless-keys.js';
import { openConfStore } from './json-file-store.js';
import { emptySettings, type Settings } from './settings-model.js';
import { SettingsRepository } from './settings-repository.js';

const BOT = 'xoxb-111-222-secretbottoken';
const GH = 'ghp_secretsecretsecret0001';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'forgebell-secrets-'));
  dirs.push(dir);
  return dir;
}

function settingsWithSecrets(): Settings {
  return applyConfigFile(
    emptySettings(),
    configFileSchema.parse({
      version: 1,
      slack: { botToken: BOT, defaultChannel: 'dev' },
      accounts: [{ id: 'github', forge: 'github', apiUrl: 'https://api.github.com', token: GH }],
    }),
    new Date('2026-01-01T00:00:00Z'),
  ).settings;
}

function repoFor(dir: string, env: NodeJS.ProcessEnv, create = true): SettingsRepository {
  return new SettingsRepository(openConfStore(dir).store, new AesGcmCipher(headlessKeys(dir, env, { create })));
}

const stored = (dir: string): { slack: { botToken: string }; accounts: { token: string }[] } =>
  (JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8')) as { document: never }).document;

describe('headless key derivation', () => {
  it('derives the FORGEBELL_SECRET_KEY key with scrypt, a random salt per data dir and N=2^17', () => {
    const a = dataDir();
    const b = dataDir();
    const env = { FORGEBELL_SECRET_KEY: 'the same pass phrase' };
    repoFor(a, env).save(settingsWithSecrets());
    repoFor(b, env).save(settingsWithSecrets());
    const kdfA = JSON.parse(readFileSync(join(a, 'secret.kdf'), 'utf8')) as { salt: string; N: number };
    const kdfB = JSON.parse(readFileSync(join(b, 'secret.kdf'), 'utf8')) as { salt: string; N: number };
    expect(kdfA.N).toBe(1 << 17);
    expect(Buffer.from(kdfA.salt, 'base64')).toHaveLength(16);
    expect(kdfA.salt).not.toBe(kdfB.salt);
    // Same pass phrase, different data dirs: different keys (the key id in each ciphertext differs).
    const keyIdOf = (dir: string): string => stored(dir).slack.botToken.split(':')[2]!.split('.')[1]!;
    expect(keyIdOf(a)).not.toBe(keyIdOf(b));
    expect(statSync(join(a, 'secret.kdf')).mode & 0o777).toBe(0o600);
    expect(repoFor(a, env).load().slack.botToken).toBe(BOT);
  });

  it('binds every ciphertext to its field: moved to another field, it does not open', () => {
    const dir = dataDir();
    const repo = repoFor(dir, {});
    repo.save(settingsWithSecrets());
    const doc = JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8')) as {
      document: { slack: { botToken: string; appToken: string | null }; accounts: { token: string }[] };
    };
    doc.document.slack.appToken = doc.document.slack.botToken;
    doc.document.accounts[0]!.token = doc.document.slack.botToken;
    writeFileSync(join(dir, 'settings.json'), JSON.stringify(doc));
    const again = repoFor(dir, {});
    const loaded = again.load();
    expect(loaded.slack.botToken).toBe(BOT);
    expect(loaded.slack.appToken).toBeNull();
    expect(loaded.accounts[0]!.token).toBeNull();
    expect(again.unreadable().map((u) => u.field)).toEqual(['slack.appToken', 'accounts.github.token']);
    expect(again.unreadable()[0]!.message).toMatch(/moved from another field/);
  });

  it('opens files written with the old fixed-salt key and seals them again on the next save', () => {
    const dir = dataDir();
    const passphrase = 'legacy pass phrase';
    // Version 1: scrypt with one salt for every install, N=2^15, no associated data.
    const legacyKey = scryptSync(passphrase, Buffer.from('forgebell.secret-key.v1'), 32, {
      N: 1 << 15,
      r: 8,
      p: 1,
      maxmem: 64 * 1024 * 1024,
    });
    const v1 = (plaintext: string): string => {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', legacyKey, iv);
      const data = Buffer.concat([c.update(plaintext, 'utf8'), c.final()]);
      return `enc:aes-256-gcm:${['v1', iv, c.getAuthTag(), data].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.')}`;
    };
    const settings = settingsWithSecrets();
    writeFileSync(
      join(dir, 'settings.json'),
      JSON.stringify({
        document: {
          ...settings,
          slack: { ...settings.slack, botToken: v1(BOT) },
          accounts: [{ ...settings.accounts[0], token: v1(GH) }],
        },
      }),
    );
    const env = { FORGEBELL_SECRET_KEY: passphrase };
    const repo = repoFor(dir, env);
    const loaded = repo.load();
    expect([loaded.slack.botToken, loaded.accounts[0]!.token]).toEqual([BOT, GH]);
    expect(repo.needsReseal()).toBe(true);
    repo.save(loaded);
    expect(stored(dir).slack.botToken).toMatch(/^enc:aes-256-gcm:v2\./);
    expect(stored(dir).accounts[0]!.token).toMatch(/^enc:aes-256-gcm:v2\./);
    const reopened = repoFor(dir, env);
    expect(reopened.load().accounts[0]!.token).toBe(GH);
    expect(reopened.needsReseal()).toBe(false);
  });

  it('refuses a key file other users can read, saying how to fix it', () => {
    const dir = dataDir();
    repoFor(dir, {}).save(settingsWithSecrets());
    chmodSync(join(dir, 'secret.key'), 0o644);
    expect(() => repoFor(dir, {}).load()).toThrow(KeyFileExposedError);
    expect(() => repoFor(dir, {}).load()).toThrow(`chmod 600 ${join(dir, 'secret.key')}`);
    chmodSync(join(dir, 'secret.key'), 0o600);
    expect(repoFor(dir, {}).load().slack.botToken).toBe(BOT);
  });

  it('creates no key before a secret is sealed, and none at all when reading', () => {
    const dir = dataDir();
    const readOnly = repoFor(dir, {}, false);
    expect(readOnly.load().slack.botToken).toBeNull();
    expect(readdirSync(dir)).toEqual([]);
    const repo = repoFor(dir, {});
    repo.save(emptySettings());
    expect(existsSync(join(dir, 'secret.key'))).toBe(false);
    repo.save(settingsWithSecrets());
    expect(statSync(join(dir, 'secret.key')).mode & 0o777).toBe(0o600);
  });
});

describe('secrets that cannot be opened', () => {
  it('count as not set, name the variable and the ways out, and are kept for the right key', () => {
    const dir = dataDir();
    repoFor(dir, { FORGEBELL_SECRET_KEY: 'right' }).save(settingsWithSecrets());
    const wrong = repoFor(dir, { FORGEBELL_SECRET_KEY: 'wrong' });
    const loaded = wrong.load();
    expect(loaded.slack.botToken).toBeNull();
    expect(loaded.accounts[0]!.token).toBeNull();
    expect(wrong.unreadable().map((u) => u.field)).toEqual(['slack.botToken', 'accounts.github.token']);
    const message = wrong.unreadable()[0]!.message;
    expect(message).toContain('FORGEBELL_SECRET_KEY is not the key it was sealed with');
    expect(message).toContain('forgebell import');
    // Saving other changes keeps them as they were; a new token replaces one of them.
    wrong.save({ ...loaded, pollIntervalSeconds: 30, slack: { ...loaded.slack, botToken: 'xoxb-new-token-0000' } });
    expect(wrong.unreadable().map((u) => u.field)).toEqual(['accounts.github.token']);
    const right = repoFor(dir, { FORGEBELL_SECRET_KEY: 'right' });
    expect(right.load().accounts[0]!.token).toBe(GH);
    expect(right.unreadable().map((u) => u.field)).toEqual(['slack.botToken']);
  });

  it('forgets a kept secret whose API URL changed: it is never sent to another host', () => {
    const dir = dataDir();
    repoFor(dir, { FORGEBELL_SECRET_KEY: 'right' }).save(settingsWithSecrets());
    const wrong = repoFor(dir, { FORGEBELL_SECRET_KEY: 'wrong' });
    const loaded = wrong.load();
    wrong.save({
      ...loaded,
      accounts: [{ ...loaded.accounts[0]!, apiUrl: 'https://ghes.example.com/api/v3' }],
    });
    expect(stored(dir).accounts[0]!.token).toBeNull();
    expect(repoFor(dir, { FORGEBELL_SECRET_KEY: 'right' }).load().accounts[0]!.token).toBeNull();
  });

  it('says a key-file secret is not opened while FORGEBELL_SECRET_KEY is set, and the reverse', () => {
    const dir = dataDir();
    repoFor(dir, {}).save(settingsWithSecrets());
    const withEnv = repoFor(dir, { FORGEBELL_SECRET_KEY: 'anything' });
    withEnv.load();
    expect(withEnv.unreadable()[0]!.message).toContain(
      `It was sealed with ${join(dir, 'secret.key')}, but FORGEBELL_SECRET_KEY is set`,
    );
    const other = dataDir();
    repoFor(other, { FORGEBELL_SECRET_KEY: 'x' }).save(settingsWithSecrets());
    const noEnv = repoFor(other, {});
    noEnv.load();
    expect(noEnv.unreadable()[0]!.message).toMatch(/FORGEBELL_SECRET_KEY is not set and .*secret\.key does not exist/);
  });

  it('recognises the desktop app’s keychain ciphertexts and says what to do', () => {
    const dir = dataDir();
    const settings = settingsWithSecrets();
    // What the desktop app writes on Linux/macOS: safeStorage output ("v11" + data) in base64, under its own marker.
    const desktop = `enc:safeStorage:${Buffer.concat([Buffer.from('v11'), randomBytes(40)]).toString('base64')}`;
    writeFileSync(
      join(dir, 'settings.json'),
      JSON.stringify({ document: { ...settings, slack: { ...settings.slack, botToken: desktop } } }),
    );
    const repo = repoFor(dir, {}, false);
    repo.load();
    expect(repo.unreadable()[0]!.message).toMatch(/saved by the Forgebell desktop app.*keychain \(safeStorage\)/);
    expect(readdirSync(dir)).toEqual(['settings.json']);
  });
});
