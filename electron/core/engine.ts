import type { EngineHost } from './engine-host.js';
import type { EngineOptions } from './engine-options.js';
import { Engine } from './engine/engine.js';

/** Builds the engine from its settings store; call start() to connect and poll. */
export async function createEngine(options: EngineOptions): Promise<EngineHost> {
  return new Engine(options);
}
