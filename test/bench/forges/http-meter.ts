import type { Dispatcher } from 'undici';
// By path, as the engine loads undici (electron/core/http/undici-parts.ts): the package's index would load all of
// undici, and Node's own copy with it, into the engine's process and count in its RSS.
import { getGlobalDispatcher, setGlobalDispatcher } from 'undici/lib/global.js';
import { Agent } from '../../../electron/core/http/undici-parts.js';
import type { SkipClock } from './skip-clock.js';

export type Service = 'github' | 'gitlab' | 'slack' | 'other';

export interface RequestRecord {
  service: Service;
  method: string;
  /** Path and query as sent. */
  path: string;
  /** Virtual time the request reached the network (after the simulated round-trip delay). */
  at: number;
  /** 0 while in flight; the HTTP status when answered; -1 on a network error. */
  status: number;
}

/**
 * Sees every HTTP request the engine makes: the engine's forge and Slack clients use undici without a
 * dispatcher of their own (no proxy, no custom CA), so they go through undici's global dispatcher, which this
 * replaces with a plain Agent plus an interceptor. The interceptor
 *  - logs each request (service, path, virtual time, status),
 *  - counts requests in flight, so the benchmark's clock knows when the engine is idle,
 *  - delays each request by a simulated network round-trip, in virtual time (a timer on the SkipClock),
 *  - stamps it with the virtual time it was sent (the fakes set their clock from it).
 */
export class HttpMeter {
  inFlight = 0;
  private waiters: (() => void)[] = [];

  constructor(
    private readonly clock: SkipClock,
    private readonly services: { origin: string; service: Service }[],
    private readonly rttMs: number,
    /** Header carrying the sender's virtual time, so the fakes' process keeps its clock in step without a round-trip of its own. */
    private readonly stampHeader: string,
    /** Gets each request's record once it is answered (or failed); the meter keeps none. */
    private readonly sink: (record: RequestRecord) => void,
  ) {}

  install(): () => Promise<void> {
    const previous = getGlobalDispatcher();
    const agent = new Agent({ keepAliveTimeout: 60_000 });
    setGlobalDispatcher(agent.compose((dispatch) => (opts, handler) => this.dispatch(dispatch, opts, handler)));
    return async () => {
      setGlobalDispatcher(previous);
      await agent.close();
    };
  }

  /** Resolves the next time a request finishes. */
  changed(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  private dispatch(
    next: Dispatcher.Dispatch,
    opts: Dispatcher.DispatchOptions,
    handler: Dispatcher.DispatchHandler,
  ): boolean {
    const origin = String(opts.origin ?? '').replace(/\/+$/, '');
    const service = this.services.find((s) => s.origin === origin)?.service ?? 'other';
    const record: RequestRecord = { service, method: opts.method, path: opts.path, at: 0, status: 0 };
    const send = (): void => {
      this.clock.noteWork();
      this.inFlight++;
      record.at = this.clock.now();
      let done = false;
      const finish = (status: number): void => {
        if (done) return;
        done = true;
        if (record.status === 0 || status < 0) record.status = status;
        this.inFlight--;
        this.sink(record);
        this.notify();
      };
      const metered: Dispatcher.DispatchHandler = {
        onRequestStart: (controller, context) => handler.onRequestStart?.(controller, context),
        onRequestUpgrade: (controller, statusCode, headers, socket) =>
          handler.onRequestUpgrade?.(controller, statusCode, headers, socket),
        onResponseStart: (controller, statusCode, headers, statusMessage) => {
          record.status = statusCode;
          return handler.onResponseStart?.(controller, statusCode, headers, statusMessage);
        },
        onResponseData: (controller, chunk) => handler.onResponseData?.(controller, chunk),
        onResponseEnd: (controller, trailers) => {
          try {
            handler.onResponseEnd?.(controller, trailers);
          } finally {
            finish(record.status);
          }
        },
        onResponseError: (controller, error) => {
          try {
            handler.onResponseError?.(controller, error);
          } finally {
            finish(-1);
          }
        },
      };
      try {
        next({ ...opts, headers: withHeader(opts.headers, this.stampHeader, String(this.clock.now())) }, metered);
      } catch (error) {
        finish(-1);
        throw error;
      }
    };
    if (this.rttMs > 0 && service !== 'other') this.clock.setTimeout(send, this.rttMs);
    else send();
    return true;
  }
}

function withHeader(
  headers: Dispatcher.DispatchOptions['headers'],
  name: string,
  value: string,
): Dispatcher.DispatchOptions['headers'] {
  if (!headers) return { [name]: value };
  if (Array.isArray(headers)) return [...(headers as string[]), name, value];
  if (Symbol.iterator in headers)
    return [...(headers as Iterable<[string, string | string[] | undefined]>), [name, value] as [string, string]];
  return { ...headers, [name]: value };
}
