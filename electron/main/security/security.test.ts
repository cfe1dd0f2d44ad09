import { EventEmitter } from 'node:events';
import type { Session, WebContents } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../../core/runtime/logger.js';
import { CONTENT_SECURITY_POLICY } from './csp.js';
import { guardWebContents, hardenSession } from './security.js';

/** Minimal stand-ins with the Electron methods security.ts calls (the module imports only Electron's types). */
class FakeSession extends EventEmitter {
  permissionRequest?: (
    wc: unknown,
    permission: string,
    callback: (granted: boolean) => void,
    details: { requestingUrl: string },
  ) => void;
  permissionCheck?: (wc: unknown, permission: string, origin: string) => boolean;
  deviceCheck?: () => boolean;
  headers?: (
    details: { responseHeaders?: Record<string, string[]> },
    callback: (r: { responseHeaders: unknown }) => void,
  ) => void;
  setPermissionRequestHandler(h: FakeSession['permissionRequest']) {
    this.permissionRequest = h;
  }
  setPermissionCheckHandler(h: (wc: unknown, permission: string, origin: string) => boolean) {
    this.permissionCheck = h;
  }
  setDevicePermissionHandler(h: () => boolean) {
    this.deviceCheck = h;
  }
  webRequest = { onHeadersReceived: (h: FakeSession['headers']) => void (this.headers = h) };
}

class FakeContents extends EventEmitter {
  openHandler?: (details: { url: string }) => { action: string };
  setWindowOpenHandler(h: (details: { url: string }) => { action: string }) {
    this.openHandler = h;
  }
}

function preventable() {
  return { preventDefault: vi.fn() };
}

describe('hardenSession', () => {
  it('denies every permission but clipboard writes from our renderer, and adds the CSP to every response', () => {
    const session = new FakeSession();
    hardenSession(session as unknown as Session);
    for (const permission of [
      'media',
      'geolocation',
      'notifications',
      'clipboard-read',
      'openExternal',
      'fullscreen',
      'hid',
    ]) {
      const callback = vi.fn();
      session.permissionRequest?.({}, permission, callback, { requestingUrl: 'app://forgebell/index.html' });
      expect(callback).toHaveBeenCalledWith(false);
      expect(session.permissionCheck?.({}, permission, 'app://forgebell')).toBe(false);
    }
    const copy = vi.fn();
    session.permissionRequest?.({}, 'clipboard-sanitized-write', copy, {
      requestingUrl: 'app://forgebell/index.html#/setup/slack',
    });
    expect(copy).toHaveBeenCalledWith(true);
    expect(session.permissionCheck?.({}, 'clipboard-sanitized-write', 'app://forgebell')).toBe(true);
    const foreign = vi.fn();
    session.permissionRequest?.({}, 'clipboard-sanitized-write', foreign, { requestingUrl: 'https://evil.example/' });
    expect(foreign).toHaveBeenCalledWith(false);
    expect(session.permissionCheck?.({}, 'clipboard-sanitized-write', 'https://evil.example')).toBe(false);
    expect(session.deviceCheck?.()).toBe(false);
    const callback = vi.fn();
    session.headers?.({ responseHeaders: { 'Content-Type': ['text/html'] } }, callback);
    expect(callback.mock.calls[0]?.[0].responseHeaders['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY]);
    const download = preventable();
    session.emit('will-download', download);
    expect(download.preventDefault).toHaveBeenCalled();
  });
});

describe('guardWebContents', () => {
  function guarded() {
    const contents = new FakeContents();
    const launchBrowser = vi.fn(async () => undefined);
    guardWebContents(contents as unknown as WebContents, {
      allowedHosts: () => ['github.com', 'slack.com'],
      launchBrowser,
      logger: silentLogger,
    });
    return { contents, launchBrowser };
  }

  it('denies every navigation, opening only allowed https links in the browser', () => {
    const { contents, launchBrowser } = guarded();
    const allowed = preventable();
    contents.emit('will-navigate', allowed, 'https://github.com/octo/hello');
    const refused = preventable();
    contents.emit('will-navigate', refused, 'https://evil.example/phish');
    expect(allowed.preventDefault).toHaveBeenCalled();
    expect(refused.preventDefault).toHaveBeenCalled();
    expect(launchBrowser.mock.calls).toEqual([['https://github.com/octo/hello']]);
  });

  it('denies every new window, handing allowed links to the browser', () => {
    const { contents, launchBrowser } = guarded();
    expect(contents.openHandler?.({ url: 'https://acme.slack.com/archives/C1' })).toEqual({ action: 'deny' });
    expect(contents.openHandler?.({ url: 'http://github.com/insecure' })).toEqual({ action: 'deny' });
    expect(contents.openHandler?.({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(launchBrowser.mock.calls).toEqual([['https://acme.slack.com/archives/C1']]);
  });

  it('refuses webviews and redirects', () => {
    const { contents } = guarded();
    const webview = preventable();
    contents.emit('will-attach-webview', webview);
    const redirect = preventable();
    contents.emit('will-redirect', redirect);
    expect(webview.preventDefault).toHaveBeenCalled();
    expect(redirect.preventDefault).toHaveBeenCalled();
  });
});
