import { isAppUrl } from '../window/app-url.js';

/** The parts of an IPC event the trust decision looks at (Electron's IpcMainEvent / IpcMainInvokeEvent fit). */
export interface IpcEventLike {
  sender: { id: number };
  senderFrame: { url: string; parent: unknown } | null;
}

/**
 * IPC is accepted only from the main frame of our own window showing our own renderer:
 * not from another window or webContents, not from a subframe, not after the page navigated away,
 * and not from a frame that is already gone (`senderFrame` null).
 */
export function isTrustedSender(event: IpcEventLike, trustedWebContentsId: number | null): boolean {
  if (trustedWebContentsId === null || event.sender.id !== trustedWebContentsId) return false;
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null) return false;
  return isAppUrl(frame.url);
}
