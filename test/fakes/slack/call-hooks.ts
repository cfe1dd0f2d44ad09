import type { CallHook, CallHookOptions, HookedCall } from './fake-types.js';

/**
 * Hooks on Web API calls, for tests of what happens while a call is in flight: Slack may accept a post and its
 * answer never arrive (a reset or timeout after the message was stored, a 5xx from a proxy in front), or the
 * process may be killed while it waits. A hook holds, drops or replaces the answer of the next matching call(s),
 * either before the method runs (nothing stored) or after (the message exists in Slack).
 */
class ArmedHook implements CallHook {
  hits = 0;
  readonly arrived: Promise<HookedCall>;
  private resolveArrived!: (call: HookedCall) => void;
  private outcome: 'release' | 'drop' | null = null;
  private waiters: ((outcome: 'release' | 'drop') => void)[] = [];
  disarmed = false;

  constructor(
    readonly method: string,
    readonly options: CallHookOptions,
  ) {
    this.arrived = new Promise((resolve) => (this.resolveArrived = resolve));
  }

  matches(method: string, params: Record<string, unknown>): boolean {
    if (this.disarmed || method !== this.method) return false;
    if (this.hits >= (this.options.times ?? 1)) return false;
    return this.options.match ? this.options.match(params) : true;
  }

  hit(call: HookedCall): void {
    this.hits += 1;
    if (this.hits === 1) this.resolveArrived(call);
  }

  /** Resolves once release() or drop() is called (the fake closing drops). */
  settled(): Promise<'release' | 'drop'> {
    if (this.outcome) return Promise.resolve(this.outcome);
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private settle(outcome: 'release' | 'drop'): void {
    this.outcome = outcome;
    for (const w of this.waiters.splice(0)) w(outcome);
  }

  release(): void {
    this.settle('release');
  }

  drop(): void {
    this.settle('drop');
  }

  cancel(): void {
    this.disarmed = true;
    this.release();
  }
}

export class CallHooks {
  private readonly hooks: ArmedHook[] = [];
  private closed = false;
  private readonly closeWaiters: (() => void)[] = [];

  add(method: string, options: CallHookOptions): CallHook {
    const hook = new ArmedHook(method, options);
    this.hooks.push(hook);
    return hook;
  }

  /** The hook that takes this call, counting it as hit. */
  take(method: string, params: Record<string, unknown>): ArmedHook | undefined {
    const hook = this.hooks.find((h) => h.matches(method, params));
    if (hook) hook.hit({ method, params });
    return hook;
  }

  /** Resolves when the fake closes: a 'hang' lasts until then. */
  untilClosed(): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => this.closeWaiters.push(resolve));
  }

  close(): void {
    this.closed = true;
    for (const h of this.hooks) h.drop();
    for (const w of this.closeWaiters.splice(0)) w();
  }
}

export type { ArmedHook };
