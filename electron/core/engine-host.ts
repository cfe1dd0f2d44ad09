import type { ApiHandlers, PushEventName, PushPayload } from '../contract/api.js';
import type { Status } from '../contract/schemas.js';
import type { Logger } from './runtime/logger.js';

export type PushListener = <E extends PushEventName>(event: E, payload: PushPayload<E>) => void;

/** What a shell (Electron main, `serve`) needs from the engine. */
export interface EngineHost {
  readonly handlers: ApiHandlers;
  /** The engine's log (redacted, kept for Diagnostics): the shell logs its own events here too. */
  readonly logger: Logger;
  /** The engine's redaction (every secret it knows, and token shapes): the shell's own texts go through it too. */
  redact(text: string): string;
  onPush(listener: PushListener): () => void;
  start(): Promise<void>;
  /** Stops polling and Socket Mode, finishes or persists in-flight deliveries, closes the database. */
  stop(): Promise<void>;
  /** Resume from sleep, "Poll now": poll every account at once. */
  pollNow(): void;
  status(): Status;
}
