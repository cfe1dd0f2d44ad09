import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine } from '../../electron/core/engine.js';
import type { EngineHost } from '../../electron/core/engine-host.js';
import type { EngineOptions } from '../../electron/core/engine-options.js';
import type { Clock } from '../../electron/core/runtime/clock.js';
import type { LogLine } from '../../electron/core/runtime/logger.js';
import { AesGcmCipher } from '../../electron/core/settings/aes-cipher.js';
import { configFileSchema, type ConfigFileInput } from '../../electron/core/settings/config-schema.js';
import { applyConfigFile } from '../../electron/core/settings/config-transfer.js';
import { openConfStore } from '../../electron/core/settings/json-file-store.js';
import type { Settings } from '../../electron/core/settings/settings-model.js';
import { SettingsRepository } from '../../electron/core/settings/settings-repository.js';
import type { SettingsStore } from '../../electron/core/settings/settings-store.js';
import { type Db, openDatabase } from '../../electron/core/state/database.js';
import { FeedStore } from '../../electron/core/state/feed-store.js';
import { OutboxStore } from '../../electron/core/state/outbox-store.js';

export interface EngineHarness {
  /** The engine as the shells see it: createEngine → EngineHost. */
  engine: EngineHost;
  dataDir: string;
  /** Every log line the engine wrote (already redacted), oldest first. */
  logs: LogLine[];
  /** The settings as the engine saved them (read back from its file with its key): what survives a restart. */
  saved(): Settings;
  /** The engine's durable state through a second SQLite connection with the real stores (read, or seed before start). */
  state: EngineState;
  stop(): Promise<void>;
}

export interface EngineState {
  db: Db;
  feed: FeedStore;
  outbox: OutboxStore;
}

export interface EngineHarnessOptions {
  clock?: Clock;
  start?: boolean;
  /** An existing data dir (kept on stop); pass the same `key` to restart on it. */
  dataDir?: string;
  key?: Buffer;
  createDispatcher?: EngineOptions['createDispatcher'];
  openDatabase?: EngineOptions['openDatabase'];
  /** Wraps the settings store the engine gets (after the config is imported): e.g. to make its writes fail. */
  wrapStore?: (store: SettingsStore) => SettingsStore;
}

/** The real engine in-process on a temp data dir, configured from a config-file object (null: keep what the data dir holds). */
export async function startEngine(
  config: ConfigFileInput | null,
  options: EngineHarnessOptions = {},
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
  const logs: LogLine[] = [];
  const engine = await createEngine({
    dataDir,
    store: options.wrapStore ? options.wrapStore(store) : store,
    cipher,
    mode: 'serve',
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.createDispatcher ? { createDispatcher: options.createDispatcher } : {}),
    ...(options.openDatabase ? { openDatabase: options.openDatabase } : {}),
    logSink: (l) => {
      logs.push(l);
      if (process.env.FORGEBELL_TEST_LOG) console.error(l.level, l.message, JSON.stringify(l.fields ?? {}));
    },
  });
  let db: Db | null = null;
  const state = (): EngineState => {
    db ??= openDatabase(dataDir);
    return { db, feed: new FeedStore(db, () => Date.now()), outbox: new OutboxStore(db) };
  };
  if (options.start !== false) await engine.start();
  return {
    engine,
    dataDir,
    logs,
    saved: () => repo.load(),
    get state() {
      return state();
    },
    stop: async () => {
      await engine.stop();
      db?.close();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
