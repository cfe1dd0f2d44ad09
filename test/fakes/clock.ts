import type { Clock } from '../../electron/core/runtime/clock.js';

/**
 * Virtual time for tests and benchmarks, shared by the forge fakes and the code under test: `now()` moves only when
 * the test moves it, and timers fire only then. Implements the engine's Clock, so one instance can drive a fake's
 * timestamps and rate-limit windows and the engine's or an adapter's timers together.
 *
 * Moving time fires the timers that fall due in order of their due time (ties in the order they were set), each with
 * `now()` at its own due time, as on a real clock; a timer set by a callback fires in the same move if it falls due
 * within it. `now` is a bound property, so `clock.now` can be handed over on its own. `monotonic()` is the virtual time
 * moved forward so far: setting the clock back does not undo it (a wall-clock step, not elapsed time).
 */
export class ManualClock implements Clock {
  private current: number;
  private elapsed = 0;
  private timers: { at: number; seq: number; fn: () => void }[] = [];
  private seq = 0;

  constructor(start: number | string = '2025-06-02T09:00:00Z') {
    this.current = typeof start === 'string' ? Date.parse(start) : start;
  }

  readonly now = (): number => this.current;

  /** Virtual milliseconds elapsed by moving the clock forward; never steps back. */
  monotonic(): number {
    return this.elapsed;
  }

  setTimeout(fn: () => void, ms: number): { cancel(): void } {
    const timer = { at: this.current + Math.max(0, ms), seq: ++this.seq, fn };
    this.timers.push(timer);
    return { cancel: () => void (this.timers = this.timers.filter((t) => t !== timer)) };
  }

  /** The due times of the timers not yet fired (a test waits for the code under test to arm its next wait). */
  dueTimes(): number[] {
    return this.timers.map((t) => t.at);
  }

  /** Moves time forward by `ms`, firing due timers in order. */
  advance(ms: number): void {
    this.set(this.current + ms);
  }

  /** Moves time to an instant (epoch ms or ISO string), firing due timers in order; moving back fires nothing. */
  set(time: number | string): void {
    const target = typeof time === 'string' ? Date.parse(time) : time;
    for (;;) {
      const due = this.timers.filter((t) => t.at <= target).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.moveTo(Math.max(this.current, due.at));
      due.fn();
    }
    if (target >= this.current) this.moveTo(target);
    else this.current = target;
  }

  private moveTo(time: number): void {
    this.elapsed += time - this.current;
    this.current = time;
  }
}
