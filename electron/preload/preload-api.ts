import type { MethodName, Params, PushEventName, PushPayload, Result } from '../contract/api.js';
import { IPC_INVOKE_CHANNEL, IPC_PUSH_CHANNEL, IPC_READY_CHANNEL } from '../contract/channels.js';
import type { ApiErrorBody } from '../contract/wire.js';
import { TEST_HOOK_CHANNEL } from '../main/test-hooks/test-hook-contract.js';
import type { TrayModel } from '../main/tray/tray-model.js';

/** The reply to every call: the result, or a typed error. Never a thrown IPC error for a refused call. */
export type CallEnvelope<M extends MethodName> = { result: Result<M> } | { error: ApiErrorBody };

/** The slice of Electron's ipcRenderer the preload uses (ipcRenderer fits). */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  send(channel: string, ...args: unknown[]): void;
}

function isPushFrame(value: unknown): value is { event: string; payload: unknown } {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { event?: unknown }).event === 'string' &&
    'payload' in value
  );
}

/**
 * What the preload exposes as `window.forgebell`. Only plain functions and data cross the bridge:
 * no ipcRenderer, no IPC event objects, no channel the page can choose.
 */
export function createPreloadApi(ipc: IpcRendererLike) {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  ipc.on(IPC_PUSH_CHANNEL, (_event, frame) => {
    if (!isPushFrame(frame)) return;
    for (const listener of listeners.get(frame.event) ?? []) {
      try {
        listener(frame.payload);
      } catch (error) {
        console.error(`A listener for "${frame.event}" threw`, error);
      }
    }
  });

  return {
    call<M extends MethodName>(method: M, params: Params<M>): Promise<CallEnvelope<M>> {
      return ipc.invoke(IPC_INVOKE_CHANNEL, { method, params }) as Promise<CallEnvelope<M>>;
    },
    on<E extends PushEventName>(event: E, listener: (payload: PushPayload<E>) => void): () => void {
      const set = listeners.get(event) ?? new Set();
      const wrapped = (payload: unknown): void => listener(payload as PushPayload<E>);
      set.add(wrapped);
      listeners.set(event, set);
      return () => {
        set.delete(wrapped);
      };
    },
  };
}

/** Tells the main process the page is ready for pushes. */
export function signalReady(ipc: IpcRendererLike): void {
  ipc.send(IPC_READY_CHANNEL);
}

export type TestHookReply<T> = { result: T } | { error: string };

/** `window.forgebellTest`, present only when the app runs with FORGEBELL_TEST_HOOKS=1. */
export function createTestHookApi(ipc: IpcRendererLike) {
  return {
    trayModel(): Promise<TestHookReply<TrayModel>> {
      return ipc.invoke(TEST_HOOK_CHANNEL, { op: 'trayModel' }) as Promise<TestHookReply<TrayModel>>;
    },
    clickTrayItem(id: string): Promise<TestHookReply<{ ok: true }>> {
      return ipc.invoke(TEST_HOOK_CHANNEL, { op: 'clickTrayItem', id }) as Promise<TestHookReply<{ ok: true }>>;
    },
  };
}
