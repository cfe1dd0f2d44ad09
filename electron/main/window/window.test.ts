import { beforeEach, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../../core/runtime/logger.js';

// The one shell test that mocks the `electron` module itself (it cannot load under Node).
const electron = await vi.hoisted(async () => {
  const { EventEmitter: Emitter } = await import('node:events');
  class FakeWebContents extends Emitter {
    id = 42;
    url = '';
    sent: unknown[][] = [];
    getURL() {
      return this.url;
    }
    isDestroyed() {
      return false;
    }
    send(...args: unknown[]) {
      this.sent.push(args);
    }
  }
  class FakeBrowserWindow extends Emitter {
    static last: FakeBrowserWindow | null = null;
    options: Record<string, unknown>;
    webContents = new FakeWebContents();
    shown = false;
    loaded: string[] = [];
    bounds = { x: 5, y: 6, width: 900, height: 700 };
    constructor(options: Record<string, unknown>) {
      super();
      this.options = options;
      FakeBrowserWindow.last = this;
    }
    isDestroyed() {
      return false;
    }
    isVisible() {
      return this.shown;
    }
    isMinimized() {
      return false;
    }
    isMaximized() {
      return false;
    }
    getNormalBounds() {
      return this.bounds;
    }
    maximize() {}
    removeMenu() {}
    restore() {}
    focus() {}
    show() {
      this.shown = true;
    }
    hide() {
      this.shown = false;
    }
    destroy() {}
    async loadURL(url: string) {
      this.loaded.push(url);
      this.webContents.url = url;
    }
  }
  const dock = { show: vi.fn(async () => undefined), hide: vi.fn() };
  return { FakeBrowserWindow, dock };
});

vi.mock('electron', () => ({
  app: { dock: electron.dock },
  BrowserWindow: electron.FakeBrowserWindow,
  screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
}));

const { MainWindow } = await import('./window.js');

function create(options: { quitting?: boolean; savedState?: unknown } = {}) {
  const saveState = vi.fn();
  const onPageReset = vi.fn();
  const win = new MainWindow({
    preloadPath: '/app/dist/preload/preload.cjs',
    savedState: options.savedState ?? { x: 100, y: 50, width: 1000, height: 800, maximized: false },
    saveState,
    additionalArguments: [],
    devTools: false,
    isQuitting: () => options.quitting ?? false,
    logger: silentLogger,
    onPageReset,
  });
  const fake = electron.FakeBrowserWindow.last;
  if (!fake) throw new Error('no window');
  return { win, fake, saveState, onPageReset };
}

describe('MainWindow', () => {
  beforeEach(() => vi.clearAllMocks());

  it('is created hidden, at the remembered place, with hardened webPreferences', () => {
    const { fake } = create();
    expect(fake.options).toMatchObject({ show: false, x: 100, y: 50, width: 1000, height: 800 });
    expect(fake.options.webPreferences).toEqual({
      preload: '/app/dist/preload/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      disableBlinkFeatures: 'Auxclick',
      safeDialogs: true,
      spellcheck: false,
      devTools: false,
      additionalArguments: [],
    });
    expect(fake.shown).toBe(false);
  });

  it('hides instead of closing, and saves its place', () => {
    const { fake, saveState } = create();
    const event = { preventDefault: vi.fn() };
    fake.show();
    fake.emit('close', event);
    expect(event.preventDefault).toHaveBeenCalled();
    expect(fake.shown).toBe(false);
    expect(saveState).toHaveBeenCalledWith({ x: 5, y: 6, width: 900, height: 700, maximized: false });
  });

  it('closes for real while quitting', () => {
    const { fake } = create({ quitting: true });
    const event = { preventDefault: vi.fn() };
    fake.emit('close', event);
    expect(event.preventDefault).not.toHaveBeenCalled();
  });

  it('shows at a route with a same-document hash change, and toggles the Dock on macOS', async () => {
    const { win, fake } = create();
    await win.load(null);
    win.show('/setup/slack');
    expect(fake.loaded).toEqual(['app://forgebell/index.html', 'app://forgebell/index.html#/setup/slack']);
    expect(fake.shown).toBe(true);
    win.show('/setup/slack');
    expect(fake.loaded).toHaveLength(2);
    win.hide();
    expect(fake.shown).toBe(false);
    if (process.platform === 'darwin') expect(electron.dock.hide).toHaveBeenCalled();
  });

  it('asks for a new ready signal when the page reloads, not on hash changes', () => {
    const { fake, onPageReset } = create();
    fake.webContents.emit('did-start-navigation', { isMainFrame: true, isSameDocument: true });
    fake.webContents.emit('did-start-navigation', { isMainFrame: false, isSameDocument: false });
    expect(onPageReset).not.toHaveBeenCalled();
    fake.webContents.emit('did-start-navigation', { isMainFrame: true, isSameDocument: false });
    fake.webContents.emit('render-process-gone', {}, { reason: 'crashed' });
    expect(onPageReset).toHaveBeenCalledTimes(2);
  });

  it('sends pushes to its page', () => {
    const { win, fake } = create();
    win.send('forgebell:push', { event: 'log', payload: {} });
    expect(fake.webContents.sent).toEqual([['forgebell:push', { event: 'log', payload: {} }]]);
    expect(win.webContentsId).toBe(42);
  });
});
