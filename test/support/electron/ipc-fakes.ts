import type { IpcMainLike } from '../../../electron/main/ipc/ipc-binding.js';
import type { IpcEventLike } from '../../../electron/main/security/ipc-sender.js';

type Listener = (event: IpcEventLike, ...args: unknown[]) => unknown;

/** An in-memory ipcMain for the shell's unit tests: invoke/emit as a given sender. */
export class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, Listener>();
  readonly listeners = new Map<string, Set<Listener>>();

  handle(channel: string, listener: Listener): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  on(channel: string, listener: Listener): this {
    const set = this.listeners.get(channel) ?? new Set();
    set.add(listener);
    this.listeners.set(channel, set);
    return this;
  }
  removeListener(channel: string, listener: Listener): this {
    this.listeners.get(channel)?.delete(listener);
    return this;
  }
  async invoke(event: IpcEventLike, channel: string, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return handler(event, ...args);
  }
  emit(event: IpcEventLike, channel: string, ...args: unknown[]): void {
    for (const listener of this.listeners.get(channel) ?? []) listener(event, ...args);
  }
}

export function senderEvent(id: number, url = 'app://forgebell/index.html', parent: unknown = null): IpcEventLike {
  return { sender: { id }, senderFrame: { url, parent } };
}
