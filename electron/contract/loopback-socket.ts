/**
 * The `forgebell serve` WebSocket on the loopback port, as both ends speak it (electron/cli/web-transport.ts and
 * renderer/src/api/ws-transport.ts). The session token travels as a subprotocol so it never sits in a URL or a log.
 */

/** The subprotocol the server selects; a client offering anything else is refused. */
export const WS_PROTOCOL = 'forgebell.v1';

/** Offered next to WS_PROTOCOL: `forgebell.token.<session token>`. */
export const TOKEN_PROTOCOL_PREFIX = 'forgebell.token.';

/** Close code for a missing or wrong session token: the client stops reconnecting and asks for the token. */
export const CLOSE_BAD_TOKEN = 4401;
