import type { Clock } from '../../electron/core/runtime/clock.js';

/**
 * Virtual time whose wall clock can step (NTP, a VM resumed) while the monotonic clock and the timers go on
 * undisturbed, as Node's timers do. `advance` moves both; `stepWall` moves only what `now()` reads.
 */
export class SteppingClock implements Clock {
  private wall: number;
  private mono = 0;
  private timers: { at: number; id: number; fn: () => void }[] = [];
  private nextId = 0;

  constructor(start = Date.parse('2025-06-02T09:00:00Z')) {
    this.wall = start;
  }

  now(): number {
    return this.wall;
  }

  monotonic(): number {
    return this.mono;
  }

  setTimeout(fn: () => void, ms: number): { cancel(): void } {
    const timer = { at: this.mono + Math.max(0, ms), id: ++this.nextId, fn };
    this.timers.push(timer);
    return { cancel: () => void (this.timers = this.timers.filter((t) => t !== timer)) };
  }

  /** Real time passing: both clocks move, due timers fire in order. */
  advance(ms: number): void {
    const target = this.mono + ms;
    for (;;) {
      const due = this.timers.filter((t) => t.at <= target).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.wall += due.at - this.mono;
      this.mono = due.at;
      due.fn();
    }
    this.wall += target - this.mono;
    this.mono = target;
  }

  /** The wall clock is set: `now()` jumps by `ms` (either way); nothing else changes. */
  stepWall(ms: number): void {
    this.wall += ms;
  }
}

/** Runs virtual time for `ms` in small slices, yielding to real I/O (the fakes answer over loopback) between them. */
export async function runVirtual(clock: SteppingClock, ms: number, slice = 50): Promise<void> {
  for (let done = 0; done < ms; done += slice) {
    clock.advance(Math.min(slice, ms - done));
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Runs virtual time until `done()` holds; fails after `budgetMs` of virtual time. Returns the virtual time it took. */
export async function runVirtualUntil(
  clock: SteppingClock,
  done: () => boolean,
  what: string,
  budgetMs: number,
  slice = 50,
): Promise<number> {
  const started = clock.monotonic();
  while (!done()) {
    if (clock.monotonic() - started > budgetMs) throw new Error(`${what}: not within ${budgetMs} ms of virtual time`);
    clock.advance(slice);
    await new Promise((r) => setTimeout(r, 5));
  }
  return clock.monotonic() - started;
}
