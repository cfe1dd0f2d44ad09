import type { PushEventName, PushPayload } from '../../contract/api.js';

export type PushSender = (frame: { event: PushEventName; payload: unknown }) => void;

/**
 * Holds engine pushes back until the renderer says it is ready (IPC_READY_CHANNEL), and again
 * after the page reloads. Pushes before that are dropped: the renderer fetches current state
 * through calls once it has loaded.
 */
export class PushGate {
  private ready = false;
  constructor(private readonly send: PushSender) {}

  get isReady(): boolean {
    return this.ready;
  }

  markReady(): void {
    this.ready = true;
  }

  reset(): void {
    this.ready = false;
  }

  forward<E extends PushEventName>(event: E, payload: PushPayload<E>): boolean {
    if (!this.ready) return false;
    this.send({ event, payload });
    return true;
  }
}

/** A push as a discriminated union, so a switch on `event` narrows `payload`. */
export type PushMessage = { [E in PushEventName]: { event: E; payload: PushPayload<E> } }[PushEventName];

export function toPushMessage<E extends PushEventName>(event: E, payload: PushPayload<E>): PushMessage {
  return { event, payload } as PushMessage;
}
