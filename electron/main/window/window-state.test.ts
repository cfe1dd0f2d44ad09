import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SIZE,
  MIN_HEIGHT,
  MIN_WIDTH,
  restoreBounds,
  type WindowState,
  WindowStateTracker,
} from './window-state.js';

const laptop = { x: 0, y: 0, width: 1440, height: 875 };
const external = { x: 1440, y: -200, width: 2560, height: 1415 };

describe('restoreBounds', () => {
  it('opens at the default size, centred, without a saved state or with a bad one', () => {
    for (const saved of [null, undefined, {}, { x: 1, y: 2, width: 'wide', height: 3, maximized: false }, 'garbage']) {
      expect(restoreBounds(saved, [laptop])).toEqual({ bounds: { ...DEFAULT_SIZE }, maximized: false });
    }
  });

  it('restores a position on a present display, including a second monitor at negative y', () => {
    expect(restoreBounds({ x: 100, y: 80, width: 900, height: 600, maximized: false }, [laptop])).toEqual({
      bounds: { x: 100, y: 80, width: 900, height: 600 },
      maximized: false,
    });
    expect(restoreBounds({ x: 2000, y: -150, width: 1200, height: 800, maximized: true }, [laptop, external])).toEqual({
      bounds: { x: 2000, y: -150, width: 1200, height: 800 },
      maximized: true,
    });
  });

  it('centres the window when its monitor is gone', () => {
    expect(restoreBounds({ x: 2000, y: 100, width: 1200, height: 800, maximized: false }, [laptop])).toEqual({
      bounds: { width: 1200, height: 800 },
      maximized: false,
    });
  });

  it('centres the window when only a sliver of the title bar would be visible', () => {
    expect(restoreBounds({ x: 1400, y: 10, width: 900, height: 600, maximized: false }, [laptop]).bounds).toEqual({
      width: 900,
      height: 600,
    });
    expect(restoreBounds({ x: 100, y: 860, width: 900, height: 600, maximized: false }, [laptop]).bounds).toEqual({
      width: 900,
      height: 600,
    });
  });

  it('keeps sizes between the minimum and the largest display', () => {
    expect(restoreBounds({ x: 0, y: 0, width: 100, height: 50, maximized: false }, [laptop]).bounds).toMatchObject({
      width: MIN_WIDTH,
      height: MIN_HEIGHT,
    });
    expect(restoreBounds({ x: 0, y: 0, width: 5000, height: 4000, maximized: false }, [laptop]).bounds).toMatchObject({
      width: 1440,
      height: 875,
    });
  });
});

describe('WindowStateTracker', () => {
  function tracker() {
    let bounds = { x: 10, y: 20, width: 800, height: 600 };
    let maximized = false;
    const saved: WindowState[] = [];
    const timers: { fn: () => void; cancelled: boolean }[] = [];
    const t = new WindowStateTracker({
      source: { normalBounds: () => bounds, isMaximized: () => maximized },
      save: (s) => saved.push(s),
      setTimer: (fn) => {
        const timer = { fn, cancelled: false };
        timers.push(timer);
        return { cancel: () => void (timer.cancelled = true) };
      },
    });
    const fire = (): void => timers.filter((x) => !x.cancelled).forEach((x) => ((x.cancelled = true), x.fn()));
    return {
      t,
      saved,
      fire,
      move: (b: typeof bounds, m = false) => {
        bounds = b;
        maximized = m;
      },
    };
  }

  it('saves once after a burst of moves, with the normal bounds when maximized', () => {
    const { t, saved, fire, move } = tracker();
    move({ x: 1, y: 2, width: 900, height: 700 });
    t.changed();
    t.changed();
    t.changed();
    expect(saved).toHaveLength(0);
    fire();
    expect(saved).toEqual([{ x: 1, y: 2, width: 900, height: 700, maximized: false }]);
    move({ x: 1, y: 2, width: 900, height: 700 }, true);
    t.changed();
    fire();
    expect(saved.at(-1)).toEqual({ x: 1, y: 2, width: 900, height: 700, maximized: true });
  });

  it('saves at once on flush (window close) and skips unchanged states', () => {
    const { t, saved } = tracker();
    t.changed();
    t.flush();
    t.flush();
    expect(saved).toHaveLength(1);
  });
});
