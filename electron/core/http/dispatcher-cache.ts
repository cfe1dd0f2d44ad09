import { statSync } from 'node:fs';
import type { Dispatcher } from 'undici';
import { createDispatcher, type DispatcherOptions } from './dispatcher.js';

/** How a request leaves this machine: through which proxy (or none) and trusting which extra CA file (or none). */
export interface NetworkRoute {
  proxyUrl: string | null;
  caFile: string | null;
}

export type DispatcherFactory = (options: DispatcherOptions) => Dispatcher;

/** How long a replaced dispatcher may finish its in-flight requests before its sockets are cut. */
const CLOSE_GRACE_MS = 5_000;

/**
 * One undici dispatcher per network route (proxy, CA file), shared by every client that takes that route: the
 * forge adapters of accounts behind the same proxy, the Slack Web API client, Socket Mode, `response_url` answers.
 * A direct route without a custom CA needs none (undici's global dispatcher). Dispatchers of routes no longer in use
 * are closed when the configuration changes (`retain`) and all of them when the engine stops (`closeAll`), so no
 * keep-alive socket or proxy tunnel outlives the setting that opened it.
 */
export class DispatcherCache {
  private readonly entries = new Map<string, Dispatcher>();

  constructor(private readonly create: DispatcherFactory = createDispatcher) {}

  /** The dispatcher for a route (made on first use; undefined for a direct route without a CA). Throws when the CA file cannot be read. */
  get(route: NetworkRoute): Dispatcher | undefined {
    if (!route.proxyUrl && !route.caFile) return undefined;
    const key = routeKey(route);
    let dispatcher = this.entries.get(key);
    if (!dispatcher) {
      dispatcher = this.create({ proxyUrl: route.proxyUrl, caFile: route.caFile });
      this.entries.set(key, dispatcher);
    }
    return dispatcher;
  }

  /**
   * Runs `work` with a route's dispatcher without keeping a new one: checks of settings not saved yet (verifying a
   * token with another CA file) borrow a cached dispatcher when one exists, else use a temporary one closed after.
   */
  async borrow<T>(route: NetworkRoute, work: (dispatcher: Dispatcher | undefined) => Promise<T>): Promise<T> {
    if (!route.proxyUrl && !route.caFile) return work(undefined);
    const cached = this.entries.get(routeKey(route));
    if (cached) return work(cached);
    const temporary = this.create({ proxyUrl: route.proxyUrl, caFile: route.caFile });
    try {
      return await work(temporary);
    } finally {
      closeSoon(temporary);
    }
  }

  /** Closes the dispatchers of every route not in `inUse` (after a configuration change). */
  retain(inUse: Iterable<NetworkRoute>): void {
    const keep = new Set([...inUse].map(routeKey));
    for (const [key, dispatcher] of this.entries) {
      if (keep.has(key)) continue;
      this.entries.delete(key);
      closeSoon(dispatcher);
    }
  }

  /** Closes everything (engine stop): in-flight requests get a short grace, then sockets are cut. */
  async closeAll(): Promise<void> {
    const all = [...this.entries.values()];
    this.entries.clear();
    await Promise.all(all.map((d) => closeWithin(d, CLOSE_GRACE_MS)));
  }

  /** Number of live dispatchers (for tests and Diagnostics). */
  get size(): number {
    return this.entries.size;
  }
}

/** The CA file's modification time is part of the key: replacing the PEM bundle on disk takes effect at the next change. */
function routeKey(route: NetworkRoute): string {
  let stamp = 0;
  if (route.caFile) {
    try {
      stamp = statSync(route.caFile).mtimeMs;
    } catch {
      stamp = -1;
    }
  }
  return JSON.stringify([route.proxyUrl ?? null, route.caFile ?? null, stamp]);
}

function closeSoon(dispatcher: Dispatcher): void {
  void closeWithin(dispatcher, CLOSE_GRACE_MS);
}

async function closeWithin(dispatcher: Dispatcher, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const cut = new Promise<'cut'>((resolve) => {
    timer = setTimeout(() => resolve('cut'), ms);
    timer.unref();
  });
  const closed = dispatcher.close().then(
    () => 'closed' as const,
    () => 'closed' as const,
  );
  if ((await Promise.race([closed, cut])) === 'cut') await dispatcher.destroy().catch(() => undefined);
  clearTimeout(timer);
}
