import { describe, expect, it, vi } from 'vitest';
import type { ApiHandlers } from '../../contract/api.js';
import { IPC_INVOKE_CHANNEL, IPC_READY_CHANNEL } from '../../contract/channels.js';
import { ApiError } from '../../contract/wire.js';
import { silentLogger } from '../../core/runtime/logger.js';
import { bindIpc } from './ipc-binding.js';
import { FakeIpcMain, senderEvent } from '../../../test/support/electron/ipc-fakes.js';
import { makeStatus, makeSubscription } from '../../../test/support/electron/status-fixtures.js';

function handlers(): ApiHandlers {
  const partial: Partial<ApiHandlers> = {
    'status.get': async () => makeStatus(),
    'subscriptions.setEnabled': async ({ id, enabled }) => {
      if (id === 'missing') throw new ApiError('not_found', `No subscription ${id}.`);
      return makeSubscription(id, 'octo/hello', { enabled });
    },
  };
  return partial as ApiHandlers;
}

function bind(engineHandlers: ApiHandlers | null = handlers()) {
  const ipc = new FakeIpcMain();
  const onReady = vi.fn();
  const unbind = bindIpc({
    ipcMain: ipc,
    handlers: () => engineHandlers,
    trustedWebContentsId: () => 7,
    onReady,
    logger: silentLogger,
  });
  return { ipc, onReady, unbind };
}

describe('bindIpc', () => {
  it('runs a valid call from our window and returns the result envelope', async () => {
    const { ipc } = bind();
    const reply = await ipc.invoke(senderEvent(7), IPC_INVOKE_CHANNEL, {
      method: 'subscriptions.setEnabled',
      params: { id: 's1', enabled: false },
    });
    expect(reply).toMatchObject({ result: { id: 's1', enabled: false, repo: 'octo/hello' } });
  });

  it('refuses calls from any other sender without running them', async () => {
    const spy = vi.fn(async () => makeStatus());
    const h = { ...handlers(), 'status.get': spy };
    const { ipc } = bind(h);
    for (const event of [
      senderEvent(8),
      senderEvent(7, 'https://evil.example/'),
      senderEvent(7, 'app://forgebell/index.html', {}),
    ]) {
      expect(await ipc.invoke(event, IPC_INVOKE_CHANNEL, { method: 'status.get', params: {} })).toEqual({
        error: { code: 'bad_frame', message: 'Refused: the call did not come from the Forgebell window.' },
      });
    }
    expect(spy).not.toHaveBeenCalled();
  });

  it('validates frames and params at the boundary with typed errors', async () => {
    const { ipc } = bind();
    const ev = senderEvent(7);
    expect(await ipc.invoke(ev, IPC_INVOKE_CHANNEL, 'status.get')).toMatchObject({ error: { code: 'bad_frame' } });
    expect(await ipc.invoke(ev, IPC_INVOKE_CHANNEL, { method: 'status.get', params: {}, extra: 1 })).toMatchObject({
      error: { code: 'bad_frame' },
    });
    expect(await ipc.invoke(ev, IPC_INVOKE_CHANNEL, { method: 'fs.readFile', params: {} })).toMatchObject({
      error: { code: 'unknown_method' },
    });
    expect(
      await ipc.invoke(ev, IPC_INVOKE_CHANNEL, {
        method: 'subscriptions.setEnabled',
        params: { id: 's1', enabled: 'yes' },
      }),
    ).toMatchObject({
      error: { code: 'invalid_params', issues: [{ path: 'enabled' }] },
    });
    expect(
      await ipc.invoke(ev, IPC_INVOKE_CHANNEL, {
        method: 'subscriptions.setEnabled',
        params: { id: 'missing', enabled: true },
      }),
    ).toEqual({
      error: { code: 'not_found', message: 'No subscription missing.' },
    });
  });

  it('answers with a clear error while the engine is not running', async () => {
    const { ipc } = bind(null);
    expect(await ipc.invoke(senderEvent(7), IPC_INVOKE_CHANNEL, { method: 'status.get', params: {} })).toEqual({
      error: { code: 'failed', message: 'The Forgebell engine is not running.' },
    });
  });

  it('marks the renderer ready only for our own window', () => {
    const { ipc, onReady } = bind();
    ipc.emit(senderEvent(9), IPC_READY_CHANNEL);
    expect(onReady).not.toHaveBeenCalled();
    ipc.emit(senderEvent(7), IPC_READY_CHANNEL);
    expect(onReady).toHaveBeenCalledOnce();
  });

  it('unbinds both channels', () => {
    const { ipc, unbind } = bind();
    unbind();
    expect(ipc.handlers.size).toBe(0);
    expect(ipc.listeners.get(IPC_READY_CHANNEL)?.size).toBe(0);
  });
});
