/**
 * What the bundled app gives a dependency that imports 'undici' (@slack/socket-mode: its WebSocket, events, Agent,
 * connector, ping and fetch): those parts alone, by path, instead of the package's index, which loads all of undici
 * and Node's own copy with it (see undici-parts.ts). The CLI and Electron bundles resolve 'undici' to this module
 * (build/build-cli.mjs, build/build-main.mjs); build/build-cli.test.ts checks it exports every name socket-mode uses,
 * as the very values the index exports. Unbundled runs (tests, tsx) use the package itself.
 */
import buildConnector from 'undici/lib/core/connect.js';
import { CloseEvent, ErrorEvent, MessageEvent } from 'undici/lib/web/websocket/events.js';
import { WebSocket, ping } from 'undici/lib/web/websocket/websocket.js';

export { Agent, ProxyAgent, fetch } from './undici-parts.js';
export { CloseEvent, ErrorEvent, MessageEvent, WebSocket, buildConnector, ping };
