/**
 * The parts of undici the engine uses at run time — `fetch`, `Agent`, `ProxyAgent` — loaded from their own modules
 * instead of the package's index. The index loads everything undici has (mock agents, caches, cookies, EventSource,
 * WebSocket, H2…), and its cookies module touches `globalThis.Headers`, which makes Node load its own bundled copy of
 * undici as well: about 9 MB of RSS for code the engine never runs (issue #16). Types still come from 'undici'
 * (undici-modules.d.ts); undici-parts.test.ts checks these are the very classes the index exports, so an undici update
 * that moves them fails there, not in production.
 */
import Agent from 'undici/lib/dispatcher/agent.js';
import ProxyAgent from 'undici/lib/dispatcher/proxy-agent.js';
import { fetch } from 'undici/lib/web/fetch/index.js';

export { Agent, ProxyAgent, fetch };
