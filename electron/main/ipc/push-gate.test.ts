import { describe, expect, it, vi } from 'vitest';
import { PushGate, toPushMessage } from './push-gate.js';
import { makeStatus } from '../../../test/support/electron/status-fixtures.js';

describe('PushGate', () => {
  it('drops pushes until the renderer is ready, and again after a reload', () => {
    const send = vi.fn();
    const gate = new PushGate(send);
    const status = makeStatus();
    expect(gate.forward('status', status)).toBe(false);
    gate.markReady();
    expect(gate.forward('status', status)).toBe(true);
    gate.reset();
    expect(gate.forward('pairing.paired', { userId: 'U1' })).toBe(false);
    expect(send.mock.calls).toEqual([[{ event: 'status', payload: status }]]);
  });

  it('turns a push into a discriminated message', () => {
    const message = toPushMessage('pairing.paired', { userId: 'U1' });
    expect(message.event === 'pairing.paired' && message.payload.userId).toBe('U1');
  });
});
