import type { Clock } from '../../../electron/core/runtime/clock.js';

/** Virtual time shared by the fake and the code under test: timers fire only when the clock is moved. */
export class ManualClock implements Clock {
  private current: number;
  private timers: { at: number; fn: () => void }[] = [];

  constructor(start: number | string) {
    this.current = typeof start === 'string' ? Date.parse(start) : start;
  }

  now(): number {
    return this.current;
  }

  setTimeout(fn: () => void, ms: number): { cancel(): void } {
    const timer = { at: this.current + Math.max(0, ms), fn };
    this.timers.push(timer);
    return { cancel: () => void (this.timers = this.timers.filter((t) => t !== timer)) };
  }

  /** Moves time forward, firing due timers in order. */
  advance(ms: number): void {
    this.set(this.current + ms);
  }

  set(time: number | string): void {
    const target = typeof time === 'string' ? Date.parse(time) : time;
    for (;;) {
      const due = this.timers.filter((t) => t.at <= target).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.current = Math.max(this.current, due.at);
      due.fn();
    }
    this.current = target;
  }
}
