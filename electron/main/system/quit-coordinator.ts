import type { Logger } from '../../core/runtime/logger.js';

/**
 * Graceful quit: the first `before-quit` is cancelled, the engine stops (finishing or persisting
 * in-flight deliveries), then the app exits. A stop that hangs is cut off after `timeoutMs`; the
 * outbox makes that safe (work not finished is redone on the next start).
 */
export interface QuitCoordinatorDeps {
  stop(): Promise<void>;
  exit(code: number): void;
  setTimer(fn: () => void, ms: number): void;
  timeoutMs: number;
  logger: Logger;
}

export interface QuitCoordinator {
  readonly quitting: boolean;
  onBeforeQuit(event: { preventDefault(): void }): void;
}

export function createQuitCoordinator(deps: QuitCoordinatorDeps): QuitCoordinator {
  let phase: 'running' | 'stopping' | 'done' = 'running';
  const finish = (code: number): void => {
    if (phase === 'done') return;
    phase = 'done';
    deps.exit(code);
  };
  return {
    get quitting() {
      return phase !== 'running';
    },
    onBeforeQuit(event) {
      if (phase === 'done') return;
      event.preventDefault();
      if (phase === 'stopping') return;
      phase = 'stopping';
      deps.setTimer(() => {
        deps.logger.warn(`The engine did not stop within ${deps.timeoutMs} ms; quitting anyway.`);
        finish(0);
      }, deps.timeoutMs);
      deps.stop().then(
        () => finish(0),
        (error: unknown) => {
          deps.logger.error('The engine failed to stop cleanly', { error });
          finish(1);
        },
      );
    },
  };
}
