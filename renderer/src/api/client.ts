import type {
  ForgebellApi,
  MethodName,
  Params,
  PushEventName,
  PushPayload,
  Result,
} from '../../../electron/contract/api.js';
import { pushEvents } from '../../../electron/contract/push-events.js';
import type { ConnectionState, Transport } from './transport.js';

export interface ApiClient extends ForgebellApi {
  readonly state: ConnectionState;
  onState(listener: (state: ConnectionState) => void): () => void;
  close(): void;
}

export interface ApiClientOptions {
  /** Called when the engine pushes a payload that does not match the contract (it is dropped). */
  onInvalidPush?: (event: PushEventName, problem: string) => void;
}

/**
 * The one typed entry point to the engine. Calls go out as-is (the engine validates them and answers
 * `unknown_method` / `invalid_params`); pushed payloads are checked against the contract before any screen sees them.
 */
export function createApiClient(transport: Transport, options: ApiClientOptions = {}): ApiClient {
  return {
    get state() {
      return transport.state;
    },
    call<M extends MethodName>(method: M, params: Params<M>): Promise<Result<M>> {
      return transport.request(method, params) as Promise<Result<M>>;
    },
    on<E extends PushEventName>(event: E, listener: (payload: PushPayload<E>) => void): () => void {
      const schema = pushEvents[event];
      return transport.subscribe(event, (raw) => {
        const parsed = schema.safeParse(raw);
        if (parsed.success) listener(parsed.data as PushPayload<E>);
        else
          options.onInvalidPush?.(
            event,
            parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
          );
      });
    },
    onState: (listener) => transport.onState(listener),
    close: () => transport.close(),
  };
}
