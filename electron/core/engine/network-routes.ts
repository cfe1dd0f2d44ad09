import type { Dispatcher } from 'undici';
import { DispatcherCache, type DispatcherFactory, type NetworkRoute } from '../http/dispatcher-cache.js';
import { proxyForUrl } from '../http/proxy-choice.js';
import type { Settings } from '../settings/settings-model.js';

/**
 * How each of the engine's clients reaches the network: the proxy its URL gets under the proxy settings (manual, none,
 * or the environment's HTTPS_PROXY/NO_PROXY in system mode), its CA file, and the one cached dispatcher per route.
 * Also tells which clients' routes changed since they were built, so a settings change rebuilds exactly those.
 */
export class NetworkRoutes {
  private readonly cache: DispatcherCache;
  /** The route each client was last built with: 'slack', 'account:<id>'. */
  private applied = new Map<string, string>();

  constructor(
    private readonly settings: () => Settings,
    createDispatcher?: DispatcherFactory,
  ) {
    this.cache = new DispatcherCache(createDispatcher);
  }

  proxyFor(url: string): string | null {
    return proxyForUrl(this.settings().proxy, url);
  }

  route(url: string, caFile: string | null = null): NetworkRoute {
    return { proxyUrl: this.proxyFor(url), caFile };
  }

  /** The cached dispatcher for a URL (and CA file); throws when the CA file cannot be read. */
  dispatcher(url: string, caFile: string | null = null): Dispatcher | undefined {
    return this.cache.get(this.route(url, caFile));
  }

  /** Work on a route of its own (a proxy being tried before it is saved), without keeping its dispatcher. */
  borrowRoute<T>(route: NetworkRoute, work: (dispatcher: Dispatcher | undefined) => Promise<T>): Promise<T> {
    return this.cache.borrow(route, work);
  }

  dispatcherOf(route: NetworkRoute): Dispatcher | undefined {
    return this.cache.get(route);
  }

  /** Work on a route without keeping a new dispatcher (checks of settings not saved yet). */
  borrow<T>(url: string, caFile: string | null, work: (dispatcher: Dispatcher | undefined) => Promise<T>): Promise<T> {
    return this.cache.borrow(this.route(url, caFile), work);
  }

  /** Which clients' routes differ from the ones they were built with; remembers the current ones. */
  moved(): { slack: boolean; accounts: string[] } {
    const s = this.settings();
    const now = new Map<string, string>([['slack', JSON.stringify(this.route(s.slack.apiUrl))]]);
    for (const a of s.accounts) now.set(`account:${a.id}`, JSON.stringify(this.route(a.apiUrl, a.caFile)));
    const before = this.applied;
    this.applied = now;
    const changed = (key: string): boolean => before.has(key) && before.get(key) !== now.get(key);
    return {
      slack: changed('slack'),
      accounts: s.accounts.map((a) => a.id).filter((id) => changed(`account:${id}`)),
    };
  }

  /** Closes the dispatchers no Slack client or account uses any more. */
  retainInUse(): void {
    const s = this.settings();
    this.cache.retain([
      this.route(s.slack.apiUrl),
      ...s.accounts.filter((a) => a.token).map((a) => this.route(a.apiUrl, a.caFile)),
    ]);
  }

  closeAll(): Promise<void> {
    return this.cache.closeAll();
  }
}
