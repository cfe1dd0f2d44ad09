import { describe, expect, it } from 'vitest';
import { createIpcTransport, findPreloadBridge, type PreloadBridge } from './ipc-transport.js';

function bridge(
  answer: (method: string, params: unknown) => Promise<unknown>,
): PreloadBridge & { listeners: Map<string, (p: unknown) => void> } {
  const listeners = new Map<string, (p: unknown) => void>();
  return {
    listeners,
    call: answer,
    on: (event, listener) => {
      listeners.set(event, listener);
      return () => listeners.delete(event);
    },
  };
}

describe('IPC transport', () => {
  it('unwraps {result} and throws {error} as an ApiCallError', async () => {
    const t = createIpcTransport(
      bridge(async (m) => (m === 'ok' ? { result: 42 } : { error: { code: 'not_found', message: 'gone' } })),
    );
    await expect(t.request('ok', {})).resolves.toBe(42);
    await expect(t.request('bad', {})).rejects.toMatchObject({
      name: 'ApiCallError',
      code: 'not_found',
      message: 'gone',
    });
  });

  it('times out a call the main process never answers', async () => {
    const t = createIpcTransport(
      bridge(() => new Promise(() => {})),
      30,
    );
    await expect(t.request('hang', {})).rejects.toMatchObject({ code: 'timeout' });
  });

  it('finds the bridge only when it has call and on', () => {
    expect(findPreloadBridge({ forgebell: { call: () => {}, on: () => {} } })).not.toBeNull();
    expect(findPreloadBridge({ forgebell: { call: () => {} } })).toBeNull();
    expect(findPreloadBridge({})).toBeNull();
  });

  it('passes pushes through by event name', () => {
    const b = bridge(async () => ({ result: null }));
    const t = createIpcTransport(b);
    const got: unknown[] = [];
    const off = t.subscribe('status', (p) => got.push(p));
    b.listeners.get('status')?.({ a: 1 });
    off();
    expect(got).toEqual([{ a: 1 }]);
    expect(b.listeners.has('status')).toBe(false);
  });
});
