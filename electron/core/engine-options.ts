import type { Clock } from './runtime/clock.js';
import type { Logger, LogLine } from './runtime/logger.js';
import type { Cipher } from './settings/cipher.js';
import type { SettingsStore } from './settings/settings-store.js';

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
}
