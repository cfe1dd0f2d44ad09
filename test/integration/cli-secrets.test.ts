import { createCipheriv, randomBytes, scryptSync } from 'node:crypto';
import { chmodSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Conf from 'conf';
import { afterEach, describe, expect, it } from 'vitest';
import type { Status } from '../../electron/contract/schemas.js';
import { configFileSchema } from '../../electron/core/settings/config-schema.js';
import { applyConfigFile } from '../../electron/core/settings/config-transfer.js';
import { emptySettings } from '../../electron/core/settings/settings-model.js';
import { SettingsRepository } from '../../electron/core/settings/settings-repository.js';
import { createSafeStorageCipher } from '../../electron/main/storage/safe-storage-cipher.js';
import { openDocumentFile, STORE_OPTIONS } from '../../electron/main/storage/document-file.js';
import { fakeSafeStorage } from '../support/electron/fake-electron.js';
import { openApiSocket } from '../support/api-socket.js';
import { runCli, runCliAsync, type ServeProcess, startServe } from '../support/cli-process.js';
import { startTestWorld, type TestWorld } from '../support/world.js';

// The headless commands as processes, on data dirs whose secrets they cannot open: a wrong FORGEBELL_SECRET_KEY
// (#10.12), and a settings file the desktop app sealed with the OS keychain (#10.13). Nothing refuses to run:
// serve starts without them and names them in its status, doctor and export name them, import with new tokens
// replaces them; the message names the variable and the options; no stray key file appears.

let world: TestWorld;
const serves: ServeProcess[] = [];
afterEach(async () => {
  for (const s of serves.splice(0)) await s.stop('SIGKILL');
  await world?.close();
});

describe('a wrong FORGEBELL_SECRET_KEY', () => {
  it('serve, doctor and import still run, name the secrets, and a new import replaces them', async () => {
    world = await startTestWorld();
    const right = { FORGEBELL_SECRET_KEY: 'the right pass phrase' };
    const wrong = { FORGEBELL_SECRET_KEY: 'a mistyped pass phrase' };
    expect(runCli(['import', world.configPath, '--data-dir', world.dataDir], right).code).toBe(0);

    const serve = await startServe(['--data-dir', world.dataDir], wrong);
    serves.push(serve);
    const api = await openApiSocket(serve.url, serve.token);
    const status = (await api.call('status.get')) as Status;
    api.close();
    expect(status.unreadableSecrets?.map((s) => s.field)).toEqual(['slack.botToken', 'accounts.github.token']);
    expect(status.unreadableSecrets?.[0]?.message).toMatch(
      /FORGEBELL_SECRET_KEY is not the key it was sealed with.*Set FORGEBELL_SECRET_KEY to the value used.*forgebell import/,
    );
    expect(status.slack.mode).toBe('none');
    expect(serve.stderr()).toMatch(/slack\.botToken cannot be opened/);
    expect(await serve.stop('SIGTERM')).toBe(0);
    serves.pop();

    const doctor = await runCliAsync(['doctor', '--data-dir', world.dataDir], wrong);
    expect(doctor.code).toBe(1);
    expect(doctor.stdout).toMatch(
      /FAIL Stored secret slack\.botToken: slack\.botToken cannot be opened\. FORGEBELL_SECRET_KEY/,
    );
    expect(doctor.stdout).toMatch(/FAIL Stored secret accounts\.github\.token/);

    // The stored secrets survived serve (it never overwrote them): the right key still opens them.
    const withRight = await runCliAsync(['doctor', '--data-dir', world.dataDir], right);
    expect(withRight.stdout).not.toMatch(/Stored secret/);

    // Or: import the tokens again under the new key; they replace the ones that could not be opened.
    const reimport = runCli(['import', world.configPath, '--data-dir', world.dataDir], wrong);
    expect(reimport.code).toBe(0);
    expect(reimport.stdout).toMatch(
      /Replaced stored secrets that could not be opened .*slack\.botToken, accounts\.github\.token/,
    );
    const after = await runCliAsync(['doctor', '--data-dir', world.dataDir], wrong);
    expect(after.stdout).not.toMatch(/Stored secret/);
    expect(after.code).toBe(0);
  }, 120_000);
});

describe('a settings file written before secrets were bound to their field', () => {
  it('serve opens it and seals every secret again with the per-data-dir salt at start', async () => {
    world = await startTestWorld();
    const passphrase = 'an older pass phrase';
    // What version 1 wrote: scrypt with one salt for every install (N=2^15), AES-GCM without associated data.
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
      return `enc:aes-256-gcm:v1.${[iv, c.getAuthTag(), data].map((b) => b.toString('base64url')).join('.')}`;
    };
    const settings = applyConfigFile(emptySettings(), configFileSchema.parse(world.config), new Date()).settings;
    const document = {
      ...settings,
      slack: { ...settings.slack, botToken: v1(settings.slack.botToken!) },
      accounts: settings.accounts.map((a) => ({ ...a, token: v1(a.token!) })),
    };
    writeFileSync(join(world.dataDir, 'settings.json'), JSON.stringify({ document }));
    const env = { FORGEBELL_SECRET_KEY: passphrase };

    const serve = await startServe(['--data-dir', world.dataDir], env);
    serves.push(serve);
    const api = await openApiSocket(serve.url, serve.token);
    const status = (await api.call('status.get')) as Status;
    api.close();
    expect(status.unreadableSecrets ?? []).toEqual([]);
    expect(status.slack.mode).toBe('bot');
    expect(await serve.stop('SIGTERM')).toBe(0);
    serves.pop();

    const stored = readFileSync(join(world.dataDir, 'settings.json'), 'utf8');
    expect(stored).not.toContain('aes-256-gcm:v1.');
    expect(stored.match(/enc:aes-256-gcm:v2\./g)).toHaveLength(2);
    expect(existsSync(join(world.dataDir, 'secret.kdf'))).toBe(true);
    const doctor = await runCliAsync(['doctor', '--data-dir', world.dataDir], env);
    expect(doctor.stdout).not.toMatch(/Stored secret/);
  }, 60_000);
});

describe('a key file other users can read', () => {
  it('is refused by serve and import with the command that fixes it, and works once fixed', async () => {
    world = await startTestWorld();
    expect(runCli(['import', world.configPath, '--data-dir', world.dataDir]).code).toBe(0);
    const keyFile = join(world.dataDir, 'secret.key');
    chmodSync(keyFile, 0o644);
    const attempt = await startServe(['--data-dir', world.dataDir]).then(
      (started) => {
        serves.push(started);
        return 'serve started';
      },
      (error: Error) => error.message,
    );
    expect(attempt).toContain('serve exited with 1 before it was ready');
    expect(attempt).toContain(`${keyFile} is readable by other users (mode 0644)`);
    expect(attempt).toContain(`chmod 600 ${keyFile}`);
    expect(runCli(['import', world.configPath, '--data-dir', world.dataDir]).stderr).toContain(`chmod 600 ${keyFile}`);
    expect(statSync(keyFile).mode & 0o777).toBe(0o644); // never changed behind the user's back
    chmodSync(keyFile, 0o600);
    expect(runCli(['import', world.configPath, '--data-dir', world.dataDir]).code).toBe(0);
  }, 60_000);
});

describe('a settings file the desktop app sealed with the OS keychain', () => {
  function writeAsDesktop(): void {
    const store = openDocumentFile(world.dataDir, 'settings', () => {
      const conf = new Conf<{ document?: unknown }>({ configName: 'settings', cwd: world.dataDir, ...STORE_OPTIONS });
      return { get: () => conf.get('document'), set: (d) => conf.set('document', d) };
    }).store;
    const cipher = createSafeStorageCipher(fakeSafeStorage(), { isAccepted: () => true, ask: () => true }, 'linux');
    const repo = new SettingsRepository(store, cipher);
    repo.save(applyConfigFile(emptySettings(), configFileSchema.parse(world.config), new Date()).settings);
  }

  it('doctor and export run, name what they cannot open and create no key file', async () => {
    world = await startTestWorld();
    writeAsDesktop();
    const before = readdirSync(world.dataDir).sort();

    const doctor = await runCliAsync(['doctor', '--data-dir', world.dataDir]);
    expect(doctor.stdout).toMatch(
      /FAIL Stored secret slack\.botToken: .*saved by the Forgebell desktop app, sealed with the operating system keychain \(safeStorage\).*forgebell import/,
    );
    expect(doctor.stdout).not.toMatch(/Not a Forgebell ciphertext/i);

    const exported = runCli(['export', '--data-dir', world.dataDir]);
    expect(exported.code).toBe(0);
    expect((JSON.parse(exported.stdout) as { subscriptions: unknown[] }).subscriptions).toHaveLength(1);
    expect(exported.stderr).toMatch(
      /note: accounts\.github\.token cannot be opened\. It was saved by the Forgebell desktop app/,
    );

    expect(readdirSync(world.dataDir).sort()).toEqual(before);
    expect(existsSync(join(world.dataDir, 'secret.key'))).toBe(false);
  }, 60_000);

  it('serve starts without those secrets, says why in its status, and writes no key file', async () => {
    world = await startTestWorld();
    writeAsDesktop();
    const serve = await startServe(['--data-dir', world.dataDir]);
    serves.push(serve);
    const api = await openApiSocket(serve.url, serve.token);
    const status = (await api.call('status.get')) as Status;
    api.close();
    expect(status.unreadableSecrets?.map((s) => s.field)).toEqual(['slack.botToken', 'accounts.github.token']);
    expect(status.unreadableSecrets?.[0]?.message).toMatch(/desktop app/);
    expect(await serve.stop('SIGTERM')).toBe(0);
    serves.pop();
    expect(existsSync(join(world.dataDir, 'secret.key'))).toBe(false);
    expect(serve.stderr()).not.toMatch(/new random key/);

    // Importing the tokens gives the command line its own copy.
    writeFileSync(world.configPath, JSON.stringify(world.config));
    const imported = runCli(['import', world.configPath, '--data-dir', world.dataDir]);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(/new random key/);
    expect(imported.stdout).toMatch(/Replaced stored secrets that could not be opened/);
  }, 60_000);
});
