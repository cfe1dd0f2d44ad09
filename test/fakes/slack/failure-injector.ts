import type { InjectedFailure } from './fake-types.js';

/** Queues of failures to serve instead of the real answer, per key (a method name or 'webhook'). */
export class FailureInjector {
  private readonly queues = new Map<string, InjectedFailure[]>();

  add(key: string, failure: InjectedFailure, times = 1): void {
    const queue = this.queues.get(key) ?? [];
    for (let i = 0; i < times; i += 1) queue.push(failure);
    this.queues.set(key, queue);
  }

  take(key: string): InjectedFailure | undefined {
    return this.queues.get(key)?.shift();
  }
}
