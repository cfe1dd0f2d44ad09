import { Engine } from '../../../electron/core/engine/engine.js';
import type { Clock } from '../../../electron/core/runtime/clock.js';
import { AesGcmCipher } from '../../../electron/core/settings/aes-cipher.js';
import { configFileSchema, type ConfigFileInput } from '../../../electron/core/settings/config-schema.js';
import { applyConfigFile } from '../../../electron/core/settings/config-transfer.js';
import { openConfStore } from '../../../electron/core/settings/json-file-store.js';
import { SettingsRepository } from '../../../electron/core/settings/settings-repository.js';

/**
 * Starts the real engine on `dataDir` with a fixed secret key, so a second engine can be started on the same data
 * dir after the first stopped (a restart). `config` is imported first when given; null keeps what is stored.
 * (test/support/engine-harness.ts makes a new random key per start, which cannot read the secrets of a previous run.)
 */
export async function startEngineOnDisk(
  dataDir: string,
  key: Buffer,
  config: ConfigFileInput | null,
  options: { clock?: Clock } = {},
): Promise<Engine> {
  const { store } = openConfStore(dataDir);
  const cipher = new AesGcmCipher(key);
  if (config) {
    const repo = new SettingsRepository(store, cipher);
    repo.save(
      applyConfigFile(repo.load(), configFileSchema.parse(config), new Date(options.clock?.now() ?? Date.now()))
        .settings,
    );
  }
  const engine = new Engine({
    dataDir,
    store,
    cipher,
    mode: 'serve',
    ...(options.clock ? { clock: options.clock } : {}),
    logSink: () => undefined,
  });
  await engine.start();
  return engine;
}
