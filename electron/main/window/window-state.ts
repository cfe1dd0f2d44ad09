import { z } from 'zod';

/** Remembered size and position of the main window, made safe for the displays present now. */
export const MIN_WIDTH = 720;
export const MIN_HEIGHT = 480;
export const DEFAULT_SIZE = { width: 1040, height: 720 } as const;
/** How much of the window (its title bar) must stay on some display to keep the saved position. */
const MIN_VISIBLE = { width: 120, height: 40 } as const;

export const windowStateSchema = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  maximized: z.boolean(),
});

export type WindowState = z.infer<typeof windowStateSchema>;

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface RestoredBounds {
  /** Absent x/y: let the OS centre the window. */
  bounds: { width: number; height: number; x?: number; y?: number };
  maximized: boolean;
}

function overlap(a: Rect, b: Rect): { width: number; height: number } {
  return {
    width: Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)),
    height: Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y)),
  };
}

/**
 * Saved state → bounds to open with. Invalid or missing state gives the default size, centred;
 * a size larger than every display shrinks to the largest; a position whose title bar is on no
 * display (a monitor was unplugged) is dropped so the window is centred instead.
 */
export function restoreBounds(saved: unknown, workAreas: readonly Rect[]): RestoredBounds {
  const parsed = windowStateSchema.safeParse(saved);
  if (!parsed.success) return { bounds: { ...DEFAULT_SIZE }, maximized: false };
  const state = parsed.data;
  const maxWidth = Math.max(MIN_WIDTH, ...workAreas.map((a) => a.width));
  const maxHeight = Math.max(MIN_HEIGHT, ...workAreas.map((a) => a.height));
  const width = Math.min(Math.max(state.width, MIN_WIDTH), maxWidth);
  const height = Math.min(Math.max(state.height, MIN_HEIGHT), maxHeight);
  const titleBar: Rect = { x: state.x, y: state.y, width, height: MIN_VISIBLE.height };
  const visible = workAreas.some((area) => {
    const o = overlap(titleBar, area);
    return o.width >= Math.min(MIN_VISIBLE.width, width) && o.height >= MIN_VISIBLE.height;
  });
  return {
    bounds: visible ? { x: state.x, y: state.y, width, height } : { width, height },
    maximized: state.maximized,
  };
}

export interface WindowStateSource {
  /** Bounds when not maximized (BrowserWindow.getNormalBounds()). */
  normalBounds(): Rect;
  isMaximized(): boolean;
}

export function captureWindowState(source: WindowStateSource): WindowState {
  const b = source.normalBounds();
  return {
    x: Math.round(b.x),
    y: Math.round(b.y),
    width: Math.round(b.width),
    height: Math.round(b.height),
    maximized: source.isMaximized(),
  };
}

export interface WindowStateTrackerOptions {
  source: WindowStateSource;
  save(state: WindowState): void;
  setTimer(fn: () => void, ms: number): { cancel(): void };
  debounceMs?: number;
}

/** Saves the state a moment after the last move/resize, and at once on close. */
export class WindowStateTracker {
  private timer: { cancel(): void } | null = null;
  private last: string | null = null;
  constructor(private readonly options: WindowStateTrackerOptions) {}

  changed(): void {
    this.timer?.cancel();
    this.timer = this.options.setTimer(() => this.flush(), this.options.debounceMs ?? 500);
  }

  flush(): void {
    this.timer?.cancel();
    this.timer = null;
    const state = captureWindowState(this.options.source);
    const json = JSON.stringify(state);
    if (json === this.last) return;
    this.last = json;
    this.options.save(state);
  }

  dispose(): void {
    this.timer?.cancel();
    this.timer = null;
  }
}
