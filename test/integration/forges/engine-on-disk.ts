import type { EngineHost } from '../../../electron/core/engine-host.js';
import type { Clock } from '../../../electron/core/runtime/clock.js';
import type { LogLine } from '../../../electron/core/runtime/logger.js';
import type { ConfigFileInput } from '../../../electron/core/settings/config-schema.js';
import type { FeedStore } from '../../../electron/core/state/feed-store.js';
import { startEngine } from '../../support/engine-harness.js';

/** The engine as the shells see it, plus what these tests read: the feed on disk and the log. */
export interface EngineOnDisk extends EngineHost {
  readonly feed: Pick<FeedStore, 'page'>;
  readonly logs: LogLine[];
}

/**
 * Starts the real engine on `dataDir` with a fixed secret key, so a second engine can be started on the same data
 * dir after the first stopped (a restart). `config` is imported first when given; null keeps what is stored.
 */
export async function startEngineOnDisk(
  dataDir: string,
  key: Buffer,
  config: ConfigFileInput | null,
  options: { clock?: Clock } = {},
): Promise<EngineOnDisk> {
  const h = await startEngine(config, { dataDir, key, ...(options.clock ? { clock: options.clock } : {}) });
  const { engine } = h;
  return {
    handlers: engine.handlers,
    logger: engine.logger,
    redact: (text) => engine.redact(text),
    onPush: (listener) => engine.onPush(listener),
    start: () => engine.start(),
    stop: () => h.stop(),
    pollNow: () => engine.pollNow(),
    status: () => engine.status(),
    feed: { page: (q) => h.state.feed.page(q) },
    logs: h.logs,
  };
}
