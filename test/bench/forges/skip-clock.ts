import type { Clock } from '../../../electron/core/runtime/clock.js';

interface Timer {
  at: number;
  id: number;
  fn: () => void;
  cancelled: boolean;
}

/**
 * The benchmark's clock: time runs at real speed while anything is happening (engine code, loopback HTTP,
 * the fakes), and jumps straight to the next due timer when everything is idle. Idle waiting (the 60 s between
 * polls, the gaps between simulated user actions, simulated network round-trips) is skipped; work is not.
 *
 * virtual now = Date.now() + offset; `skipTo` only ever increases the offset.
 */
export class SkipClock implements Clock {
  private offset: number;
  private timers: Timer[] = [];
  private nextId = 0;
  /** Total idle time skipped, ms. */
  skippedMs = 0;
  skips = 0;
  /** True between a skip and the first timer fired after it (used to detect work that started without a timer). */
  private awaitingTimer = false;
  /** Work observed right after a skip, before any timer fired: would mean the idle detection skipped busy time. */
  violations = 0;

  constructor(virtualStart: number) {
    this.offset = virtualStart - Date.now();
  }

  now(): number {
    return Date.now() + this.offset;
  }

  /** Real elapsed time plus the idle time skipped: moves with `now()` but never steps back. */
  monotonic(): number {
    return performance.now() + this.skippedMs;
  }

  /** The current offset (virtual − wall clock), shared with the fakes' process. */
  get currentOffset(): number {
    return this.offset;
  }

  setTimeout(fn: () => void, ms: number): { cancel(): void } {
    const timer: Timer = { at: this.now() + Math.max(0, ms), id: ++this.nextId, fn, cancelled: false };
    // Sorted insert (by time, then creation order).
    let lo = 0;
    let hi = this.timers.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const t = this.timers[mid] as Timer;
      if (t.at < timer.at || (t.at === timer.at && t.id < timer.id)) lo = mid + 1;
      else hi = mid;
    }
    this.timers.splice(lo, 0, timer);
    return { cancel: () => void (timer.cancelled = true) };
  }

  private dropCancelled(): void {
    while (this.timers.length > 0 && (this.timers[0] as Timer).cancelled) this.timers.shift();
  }

  /** Time of the next pending timer, or null. */
  nextAt(): number | null {
    this.dropCancelled();
    return this.timers[0]?.at ?? null;
  }

  hasDue(): boolean {
    const next = this.nextAt();
    return next !== null && next <= this.now();
  }

  /** Fires every timer that is due now (including ones they schedule for "now"). Returns how many fired. */
  fireDue(): number {
    let fired = 0;
    for (;;) {
      this.dropCancelled();
      const head = this.timers[0];
      if (!head || head.at > this.now()) return fired;
      this.timers.shift();
      head.cancelled = true;
      fired++;
      this.awaitingTimer = false;
      head.fn();
    }
  }

  /** Jumps forward to `at` (never backwards). */
  skipTo(at: number): void {
    const gap = at - this.now();
    if (gap <= 0) return;
    this.offset += gap;
    this.skippedMs += gap;
    this.skips++;
    this.awaitingTimer = true;
  }

  /** Called when work starts (an HTTP request): counts it if no timer fired since the last skip. */
  noteWork(): void {
    if (this.awaitingTimer) this.violations++;
  }
}
