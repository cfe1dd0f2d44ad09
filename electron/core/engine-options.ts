import type { DispatcherFactory } from './http/dispatcher-cache.js';
import type { Clock } from './runtime/clock.js';
import type { Logger, LogLine } from './runtime/logger.js';
import type { Cipher } from './settings/cipher.js';
import type { SettingsStore } from './settings/settings-store.js';
import type { Db } from './state/database.js';

export interface EngineOptions {
  dataDir: string;
  store: SettingsStore;
  cipher: Cipher;
  mode: 'desktop' | 'serve';
  clock?: Clock;
  /** Receives every (already redacted) log line; the engine keeps a ring buffer for the UI too. */
  logSink?: (line: LogLine) => void;
  logger?: Logger;
  version?: string;
  /** Secrets of the shell to keep out of every log line too (serve's session token). */
  secrets?: readonly string[];
  /** Builds the HTTP dispatchers (proxy, CA) the engine caches; tests count them. */
  createDispatcher?: DispatcherFactory;
  /** Opens the state database (default: state.db in dataDir); tests open the real one themselves to make it fail. */
  openDatabase?: (dataDir: string) => Db;
}
