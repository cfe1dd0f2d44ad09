import { globalShortcut } from 'electron';
import type { Logger } from '../../core/runtime/logger.js';

/** The optional global shortcut that opens the live feed (off unless the user set one). */
export function registerFeedShortcut(accelerator: string | null, open: () => void, logger: Logger): () => void {
  if (!accelerator) return () => undefined;
  let registered = false;
  try {
    registered = globalShortcut.register(accelerator, open);
  } catch (error) {
    logger.warn(`The global shortcut "${accelerator}" is not valid`, { error });
    return () => undefined;
  }
  if (!registered) logger.warn(`The global shortcut "${accelerator}" is taken by another application`);
  return () => {
    if (registered) globalShortcut.unregister(accelerator);
  };
}
