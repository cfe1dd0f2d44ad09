import { describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../../core/runtime/logger.js';
import { createQuitCoordinator } from './quit-coordinator.js';

function setup(stop: () => Promise<void>) {
  const exit = vi.fn();
  const timers: (() => void)[] = [];
  const quit = createQuitCoordinator({
    stop,
    exit,
    setTimer: (fn) => void timers.push(fn),
    timeoutMs: 10_000,
    logger: silentLogger,
  });
  return { quit, exit, timers };
}

describe('createQuitCoordinator', () => {
  it('holds the quit until the engine has stopped, then exits once', async () => {
    let finish: () => void = () => undefined;
    const stop = vi.fn(() => new Promise<void>((resolve) => (finish = resolve)));
    const { quit, exit } = setup(stop);
    const first = { preventDefault: vi.fn() };
    quit.onBeforeQuit(first);
    expect(first.preventDefault).toHaveBeenCalled();
    expect(quit.quitting).toBe(true);
    // A second quit request while stopping is held too and does not stop twice.
    const second = { preventDefault: vi.fn() };
    quit.onBeforeQuit(second);
    expect(second.preventDefault).toHaveBeenCalled();
    expect(stop).toHaveBeenCalledOnce();
    expect(exit).not.toHaveBeenCalled();
    finish();
    await vi.waitFor(() => expect(exit).toHaveBeenCalledWith(0));
    // After exit, before-quit is let through.
    const third = { preventDefault: vi.fn() };
    quit.onBeforeQuit(third);
    expect(third.preventDefault).not.toHaveBeenCalled();
  });

  it('exits with 1 when the engine fails to stop', async () => {
    const { quit, exit } = setup(() => Promise.reject(new Error('disk gone')));
    quit.onBeforeQuit({ preventDefault() {} });
    await vi.waitFor(() => expect(exit).toHaveBeenCalledWith(1));
  });

  it('exits after the timeout when stopping hangs, and only once', async () => {
    let finish: () => void = () => undefined;
    const { quit, exit, timers } = setup(() => new Promise<void>((resolve) => (finish = resolve)));
    quit.onBeforeQuit({ preventDefault() {} });
    timers.forEach((t) => t());
    expect(exit).toHaveBeenCalledWith(0);
    finish();
    await new Promise((r) => setTimeout(r, 0));
    expect(exit).toHaveBeenCalledOnce();
  });
});
