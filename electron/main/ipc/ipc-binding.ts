import { z } from 'zod';
import type { ApiHandlers } from '../../contract/api.js';
import { IPC_INVOKE_CHANNEL, IPC_READY_CHANNEL } from '../../contract/channels.js';
import { dispatchCall } from '../../contract/dispatch.js';
import type { ApiErrorBody } from '../../contract/wire.js';
import type { Logger } from '../../core/runtime/logger.js';
import { isTrustedSender, type IpcEventLike } from '../security/ipc-sender.js';

/** The slice of Electron's ipcMain the binding uses (ipcMain itself fits). */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
  on(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => void): unknown;
}

export interface IpcBindingOptions {
  ipcMain: IpcMainLike;
  /** The engine's handlers, or null while it is not running. */
  handlers: () => ApiHandlers | null;
  /** webContents id of our window, or null while there is none. */
  trustedWebContentsId: () => number | null;
  onReady: () => void;
  logger: Logger;
}

const invokeFrameSchema = z.object({ method: z.string(), params: z.unknown() }).strict();

export type InvokeEnvelope = { result: unknown } | { error: ApiErrorBody };

/**
 * Binds the contract to Electron IPC. Every call is checked twice: the sender must be our own
 * window's main frame, and the frame and params must match the contract (dispatchCall).
 * Returns an unbind function.
 */
export function bindIpc(options: IpcBindingOptions): () => void {
  const { ipcMain, logger } = options;
  const trusted = (event: IpcEventLike): boolean => isTrustedSender(event, options.trustedWebContentsId());

  const invoke = async (event: IpcEventLike, frame: unknown): Promise<InvokeEnvelope> => {
    if (!trusted(event)) {
      logger.warn('Refused an IPC call from a sender that is not the Forgebell window', {
        senderId: event.sender.id,
        url: event.senderFrame?.url ?? null,
      });
      return { error: { code: 'bad_frame', message: 'Refused: the call did not come from the Forgebell window.' } };
    }
    const parsed = invokeFrameSchema.safeParse(frame);
    if (!parsed.success)
      return { error: { code: 'bad_frame', message: 'Malformed IPC call: expected { method, params }.' } };
    const handlers = options.handlers();
    if (!handlers) return { error: { code: 'failed', message: 'The Forgebell engine is not running.' } };
    return dispatchCall(handlers, parsed.data.method, parsed.data.params);
  };

  const ready = (event: IpcEventLike): void => {
    if (trusted(event)) options.onReady();
    else
      logger.warn('Ignored a ready signal from a sender that is not the Forgebell window', {
        senderId: event.sender.id,
      });
  };

  ipcMain.handle(IPC_INVOKE_CHANNEL, (event, frame) => invoke(event, frame));
  ipcMain.on(IPC_READY_CHANNEL, ready);
  return () => {
    ipcMain.removeHandler(IPC_INVOKE_CHANNEL);
    ipcMain.removeListener(IPC_READY_CHANNEL, ready);
  };
}
