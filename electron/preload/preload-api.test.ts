import { describe, expect, it, vi } from 'vitest';
import { IPC_INVOKE_CHANNEL, IPC_PUSH_CHANNEL, IPC_READY_CHANNEL } from '../contract/channels.js';
import { TEST_HOOK_CHANNEL } from '../main/test-hooks/test-hook-contract.js';
import { createPreloadApi, createTestHookApi, type IpcRendererLike, signalReady } from './preload-api.js';

function fakeIpc() {
  const listeners = new Map<string, (event: unknown, ...args: unknown[]) => void>();
  const ipc = {
    invoke: vi.fn(async (_channel: string, ..._args: unknown[]): Promise<unknown> => ({ result: { ok: true } })),
    on: vi.fn((channel: string, listener: (event: unknown, ...args: unknown[]) => void) =>
      listeners.set(channel, listener),
    ),
    send: vi.fn(),
  } satisfies IpcRendererLike;
  const push = (frame: unknown): void => listeners.get(IPC_PUSH_CHANNEL)?.({ sender: 'secret ipc event' }, frame);
  return { ipc, push };
}

describe('preload API', () => {
  it('sends calls as { method, params } on the invoke channel and returns the envelope', async () => {
    const { ipc } = fakeIpc();
    const api = createPreloadApi(ipc);
    await expect(api.call('engine.pollNow', {})).resolves.toEqual({ result: { ok: true } });
    expect(ipc.invoke).toHaveBeenCalledWith(IPC_INVOKE_CHANNEL, { method: 'engine.pollNow', params: {} });
  });

  it('delivers pushes by event name, without the IPC event, until unsubscribed', () => {
    const { ipc, push } = fakeIpc();
    const api = createPreloadApi(ipc);
    const paired = vi.fn();
    const other = vi.fn();
    const off = api.on('pairing.paired', paired);
    api.on('log', other);
    push({ event: 'pairing.paired', payload: { userId: 'U1' } });
    push('garbage');
    push({ event: 'pairing.paired' });
    off();
    push({ event: 'pairing.paired', payload: { userId: 'U2' } });
    expect(paired.mock.calls).toEqual([[{ userId: 'U1' }]]);
    expect(other).not.toHaveBeenCalled();
  });

  it('keeps delivering to other listeners when one throws', () => {
    const { ipc, push } = fakeIpc();
    const api = createPreloadApi(ipc);
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const good = vi.fn();
    api.on('pairing.paired', () => {
      throw new Error('listener bug');
    });
    api.on('pairing.paired', good);
    push({ event: 'pairing.paired', payload: { userId: 'U1' } });
    expect(good).toHaveBeenCalledOnce();
    error.mockRestore();
  });

  it('signals ready and exposes only functions', () => {
    const { ipc } = fakeIpc();
    signalReady(ipc);
    expect(ipc.send).toHaveBeenCalledWith(IPC_READY_CHANNEL);
    const api = createPreloadApi(ipc);
    expect(Object.values(api).every((v) => typeof v === 'function')).toBe(true);
  });

  it('test hook API talks on its own channel', async () => {
    const { ipc } = fakeIpc();
    const hooks = createTestHookApi(ipc);
    await hooks.trayModel();
    await hooks.clickTrayItem('sub:s1');
    expect(ipc.invoke.mock.calls).toEqual([
      [TEST_HOOK_CHANNEL, { op: 'trayModel' }],
      [TEST_HOOK_CHANNEL, { op: 'clickTrayItem', id: 'sub:s1' }],
    ]);
  });
});
