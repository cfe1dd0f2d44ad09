import { describe, expect, it, vi } from 'vitest';
import { TEST_HOOK_CHANNEL, testHooksEnabled } from './test-hook-contract.js';
import { bindTestHooks } from './test-hooks.js';
import { FakeIpcMain, senderEvent } from '../../../test/support/electron/ipc-fakes.js';
import { buildTrayModel } from '../tray/tray-model.js';

describe('test hooks', () => {
  it('are enabled only by FORGEBELL_TEST_HOOKS=1', () => {
    expect(testHooksEnabled({ FORGEBELL_TEST_HOOKS: '1' }, false)).toBe(true);
    expect(testHooksEnabled({ FORGEBELL_TEST_HOOKS: '1' }, true)).toBe(false);
    expect(testHooksEnabled({ FORGEBELL_TEST_HOOKS: 'true' }, false)).toBe(false);
    expect(testHooksEnabled({}, false)).toBe(false);
  });

  it('expose the tray model and clicks to our window only', async () => {
    const ipc = new FakeIpcMain();
    const model = buildTrayModel({ engine: { phase: 'starting' }, subscriptions: [], launchAtLogin: false });
    const click = vi.fn(async (id: string) => {
      if (id === 'bad') throw new Error('No tray item "bad".');
    });
    const unbind = bindTestHooks({
      ipcMain: ipc,
      trustedWebContentsId: () => 3,
      trayModel: () => model,
      clickTrayItem: click,
    });
    expect(await ipc.invoke(senderEvent(3), TEST_HOOK_CHANNEL, { op: 'trayModel' })).toEqual({ result: model });
    expect(await ipc.invoke(senderEvent(3), TEST_HOOK_CHANNEL, { op: 'clickTrayItem', id: 'open' })).toEqual({
      result: { ok: true },
    });
    expect(await ipc.invoke(senderEvent(3), TEST_HOOK_CHANNEL, { op: 'clickTrayItem', id: 'bad' })).toEqual({
      error: 'No tray item "bad".',
    });
    expect(await ipc.invoke(senderEvent(3), TEST_HOOK_CHANNEL, { op: 'eval', code: '1' })).toEqual({
      error: 'Malformed test hook request.',
    });
    expect(await ipc.invoke(senderEvent(4), TEST_HOOK_CHANNEL, { op: 'clickTrayItem', id: 'quit' })).toEqual({
      error: 'Refused: not the Forgebell window.',
    });
    expect(click.mock.calls).toEqual([['open'], ['bad']]);
    unbind();
    expect(ipc.handlers.size).toBe(0);
  });
});
