/** How the UI reaches the engine: Electron IPC or the `serve` WebSocket. Both look like this. */
export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'unauthorized';

export interface Transport {
  readonly state: ConnectionState;
  /** Resolves with the result or rejects with an ApiCallError. */
  request(method: string, params: unknown): Promise<unknown>;
  /** Raw pushed payloads for one event name (validated by the client). */
  subscribe(event: string, listener: (payload: unknown) => void): () => void;
  onState(listener: (state: ConnectionState) => void): () => void;
  close(): void;
}
