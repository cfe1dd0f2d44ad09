import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AesGcmCipher } from './aes-cipher.js';
import { headlessKeys } from './headless-keys.js';
import { configFileSchema } from './config-schema.js';
import { applyConfigFile, toConfigFile } from './config-transfer.js';
import { openConfStore } from './json-file-store.js';
import { SettingsRepository } from './settings-repository.js';
import { emptySettings } from './settings-model.js';

const file = configFileSchema.parse({
  version: 1,
  slack: { botToken: 'xoxb-secret-bot-token', appToken: 'xapp-secret-app-token', defaultChannel: 'dev' },
  accounts: [{ id: 'gh', forge: 'github', apiUrl: 'https://api.github.com', token: 'ghp_secretsecretsecret' }],
  subscriptions: [{ account: 'gh', repo: 'o/r' }],
});

describe('secrets at rest', () => {
  it('stores no plaintext secret and reads it back', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fb-settings-'));
    const { store } = openConfStore(dir);
    const repo = new SettingsRepository(store, new AesGcmCipher(headlessKeys(dir, {}, { create: true })));
    const { settings } = applyConfigFile(emptySettings(), file, new Date('2026-01-01T00:00:00Z'));
    repo.save(settings);
    const raw = readFileSync(store.path, 'utf8');
    for (const secret of ['xoxb-secret-bot-token', 'xapp-secret-app-token', 'ghp_secretsecretsecret'])
      expect(raw).not.toContain(secret);
    expect(repo.load().slack.botToken).toBe('xoxb-secret-bot-token');
    expect(repo.loadWithoutSecrets().accounts[0]!.token).toBeNull();
  });

  it('moves a corrupted settings file aside instead of crashing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fb-corrupt-'));
    writeFileSync(join(dir, 'settings.json'), '{ not json');
    const opened = openConfStore(dir);
    expect(opened.movedAside).toMatch(/settings\.corrupt-.*\.json$/);
    expect(readFileSync(opened.movedAside!, 'utf8')).toBe('{ not json');
    expect(opened.store.read()).toBeNull();
  });
});

describe('import and export', () => {
  it('is idempotent and keeps ids; export nulls secrets', () => {
    const first = applyConfigFile(emptySettings(), file, new Date('2026-01-01T00:00:00Z'), () => 'id-1');
    const second = applyConfigFile(first.settings, file, new Date('2026-02-01T00:00:00Z'), () => 'id-2');
    expect(second.settings).toEqual(first.settings);
    expect(second.summary.subscriptions.unchanged).toHaveLength(1);
    const exported = toConfigFile(second.settings);
    expect(exported.slack.botToken).toBeNull();
    expect(exported.accounts[0]!.token).toBeNull();
    const reimported = applyConfigFile(second.settings, configFileSchema.parse(exported), new Date());
    expect(reimported.settings.slack.botToken).toBe('xoxb-secret-bot-token');
    expect(reimported.settings.accounts[0]!.token).toBe('ghp_secretsecretsecret');
  });
});
