/** A manual clock for tests and benchmarks: `now()` only moves when `advance()` is called. Implements the engine's Clock. */
export interface VirtualClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): { cancel(): void };
  advance(ms: number): void;
  set(ms: number): void;
}

export function createVirtualClock(start = Date.parse('2025-06-02T09:00:00Z')): VirtualClock {
  let current = start;
  let timers: { at: number; fn: () => void; id: number }[] = [];
  let nextId = 0;
  const runDue = (): void => {
    for (;;) {
      const due = timers.filter((t) => t.at <= current).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) return;
      timers = timers.filter((t) => t !== due);
      due.fn();
    }
  };
  return {
    now: () => current,
    setTimeout(fn, ms) {
      const timer = { at: current + Math.max(0, ms), fn, id: ++nextId };
      timers.push(timer);
      return { cancel: () => void (timers = timers.filter((t) => t !== timer)) };
    },
    advance(ms) {
      current += ms;
      runDue();
    },
    set(ms) {
      current = ms;
      runDue();
    },
  };
}
