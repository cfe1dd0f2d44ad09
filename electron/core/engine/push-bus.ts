import type { PushEventName, PushPayload } from '../../contract/api.js';
import type { PushListener } from '../engine-host.js';

/** The port of anything that tells the UI something happened. */
export interface Pusher {
  push<E extends PushEventName>(event: E, payload: PushPayload<E>): void;
}

/** Fans the engine's pushes out to the shells' listeners (IPC, the loopback WebSocket); one bad listener harms none. */
export class PushBus implements Pusher {
  private readonly listeners = new Set<PushListener>();

  onPush(listener: PushListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  push<E extends PushEventName>(event: E, payload: PushPayload<E>): void {
    for (const listener of this.listeners) {
      try {
        listener(event, payload);
      } catch {
        // A listener's failure is its own (a closed window, a dropped socket).
      }
    }
  }
}
