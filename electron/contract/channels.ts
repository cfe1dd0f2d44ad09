/**
 * Electron IPC channel names. Kept apart from api.ts (which builds zod schemas at import time)
 * so the sandboxed preload can import them without bundling the schemas.
 */
export const IPC_INVOKE_CHANNEL = 'forgebell:call';
export const IPC_PUSH_CHANNEL = 'forgebell:push';
export const IPC_READY_CHANNEL = 'forgebell:ready';
