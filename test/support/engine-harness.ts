import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../../electron/core/engine/engine.js';
import type { Clock } from '../../electron/core/runtime/clock.js';
import { AesGcmCipher } from '../../electron/core/settings/aes-cipher.js';
import { configFileSchema, type ConfigFileInput } from '../../electron/core/settings/config-schema.js';
import { applyConfigFile } from '../../electron/core/settings/config-transfer.js';
import { openConfStore } from '../../electron/core/settings/json-file-store.js';
import { SettingsRepository } from '../../electron/core/settings/settings-repository.js';

export interface EngineHarness {
  engine: Engine;
  dataDir: string;
  stop(): Promise<void>;
}

/** The real engine in-process on a temp data dir, configured from a config-file object (null: keep what the data dir holds; pass the same `key` to restart). */
export async function startEngine(
  config: ConfigFileInput | null,
  options: { clock?: Clock; start?: boolean; dataDir?: string; key?: Buffer } = {},
): Promise<EngineHarness> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'forgebell-engine-'));
  const { store } = openConfStore(dataDir);
  const cipher = new AesGcmCipher(options.key ?? randomBytes(32));
  const repo = new SettingsRepository(store, cipher);
  if (config)
    repo.save(
      applyConfigFile(repo.load(), configFileSchema.parse(config), new Date(options.clock?.now() ?? Date.now()))
        .settings,
    );
  const engine = new Engine({
    dataDir,
    store,
    cipher,
    mode: 'serve',
    ...(options.clock ? { clock: options.clock } : {}),
    logSink: process.env.FORGEBELL_TEST_LOG
      ? (l) => console.error(l.level, l.message, JSON.stringify(l.fields ?? {}))
      : () => undefined,
  });
  if (options.start !== false) await engine.start();
  return {
    engine,
    dataDir,
    stop: async () => {
      await engine.stop();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
