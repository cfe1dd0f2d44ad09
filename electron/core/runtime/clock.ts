/**
 * Injected time source, so tests and benchmarks can run on virtual time.
 *
 * Two readings: `now()` is the wall clock (timestamps, "since" instants, deadlines a server gave as a date), and
 * `monotonic()` only ever moves forward at the pace of real time (durations: token buckets, backoff, Retry-After).
 * The wall clock can step either way (NTP, a VM resumed, the user fixing the time); a duration measured with it
 * would stall delivery for the length of a backward step or release a burst after a forward one.
 */
export interface Clock {
  /** Wall-clock milliseconds since the epoch. */
  now(): number;
  /** Milliseconds on a clock that never steps: only differences between two readings mean anything. */
  monotonic(): number;
  setTimeout(fn: () => void, ms: number): { cancel(): void };
}

export const systemClock: Clock = {
  now: () => Date.now(),
  monotonic: () => performance.now(),
  setTimeout(fn, ms) {
    const handle = setTimeout(fn, ms);
    handle.unref?.();
    return { cancel: () => clearTimeout(handle) };
  },
};

export function sleep(clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = clock.setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      timer.cancel();
      resolve();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
