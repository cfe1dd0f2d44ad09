import { describe, expect, it } from 'vitest';
import { isTrustedSender } from './ipc-sender.js';
import { senderEvent } from '../../../test/support/electron/ipc-fakes.js';

describe('isTrustedSender', () => {
  it('accepts the main frame of our window showing our renderer', () => {
    expect(isTrustedSender(senderEvent(7), 7)).toBe(true);
    expect(isTrustedSender(senderEvent(7, 'app://forgebell/index.html#/feed'), 7)).toBe(true);
  });

  it.each([
    ['another webContents', senderEvent(8), 7],
    ['no window yet', senderEvent(7), null],
    ['a subframe', senderEvent(7, 'app://forgebell/index.html', { url: 'app://forgebell/' }), 7],
    ['a frame that is gone', { sender: { id: 7 }, senderFrame: null }, 7],
    ['a page navigated to the web', senderEvent(7, 'https://evil.example/'), 7],
    ['a file:// page', senderEvent(7, 'file:///tmp/index.html'), 7],
    ['another app:// host', senderEvent(7, 'app://other/index.html'), 7],
  ] as const)('refuses %s', (_name, event, trusted) => {
    expect(isTrustedSender(event, trusted)).toBe(false);
  });
});
