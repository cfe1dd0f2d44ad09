import { app, BrowserWindow, screen } from 'electron';
import type { Logger } from '../../core/runtime/logger.js';
import { APP_INDEX_URL } from './app-url.js';
import { type AppRoute, urlForRoute } from './routes.js';
import { MIN_HEIGHT, MIN_WIDTH, restoreBounds, type WindowState, WindowStateTracker } from './window-state.js';

export interface MainWindowOptions {
  preloadPath: string;
  savedState: unknown;
  saveState(state: WindowState): void;
  additionalArguments: string[];
  devTools: boolean;
  isQuitting(): boolean;
  logger: Logger;
  /** Called when the page starts loading anew (reload, crash): pushes wait for a new ready signal. */
  onPageReset(): void;
}

/**
 * The one main window: created hidden at start, shown from the tray, hidden (not closed) by its
 * close button. On macOS the Dock icon is shown only while the window is visible.
 */
export class MainWindow {
  private readonly window: BrowserWindow;
  private readonly tracker: WindowStateTracker;

  constructor(private readonly options: MainWindowOptions) {
    const restored = restoreBounds(
      options.savedState,
      screen.getAllDisplays().map((d) => d.workArea),
    );
    this.window = new BrowserWindow({
      ...restored.bounds,
      minWidth: MIN_WIDTH,
      minHeight: MIN_HEIGHT,
      show: false,
      title: 'Forgebell',
      backgroundColor: '#ffffff',
      autoHideMenuBar: true,
      // Hardened (Electron security checklist), written out here so static checkers
      // (electronegativity) can see every flag: isolated, sandboxed, no Node in the page,
      // web security on, no webviews, no middle-click new windows.
      webPreferences: {
        preload: options.preloadPath,
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
        devTools: options.devTools,
        additionalArguments: options.additionalArguments,
      },
    });
    if (restored.maximized) this.window.maximize();
    this.window.removeMenu();

    const win = this.window;
    this.tracker = new WindowStateTracker({
      source: { normalBounds: () => win.getNormalBounds(), isMaximized: () => win.isMaximized() },
      save: (state) => options.saveState(state),
      setTimer: (fn, ms) => {
        const handle = setTimeout(fn, ms);
        return { cancel: () => clearTimeout(handle) };
      },
    });
    const changed = (): void => this.tracker.changed();
    win.on('resize', changed);
    win.on('move', changed);
    win.on('maximize', changed);
    win.on('unmaximize', changed);
    win.on('close', (event) => {
      this.tracker.flush();
      if (!options.isQuitting()) {
        event.preventDefault();
        this.hide();
      }
    });
    win.on('closed', () => this.tracker.dispose());
    win.webContents.on('did-start-navigation', (details) => {
      if (details.isMainFrame && !details.isSameDocument) options.onPageReset();
    });
    win.webContents.on('render-process-gone', (_event, details) => {
      options.logger.error('The window renderer stopped', { reason: details.reason });
      options.onPageReset();
    });
  }

  get webContentsId(): number | null {
    return this.window.isDestroyed() ? null : this.window.webContents.id;
  }

  get visible(): boolean {
    return !this.window.isDestroyed() && this.window.isVisible();
  }

  load(route: AppRoute | null): Promise<void> {
    return this.window.loadURL(route ? urlForRoute(APP_INDEX_URL, route) : APP_INDEX_URL);
  }

  /** Shows and focuses the window, at `route` when given (a same-document hash navigation). */
  show(route: AppRoute | null): void {
    if (this.window.isDestroyed()) return;
    if (route) {
      const current = this.window.webContents.getURL();
      const target = urlForRoute(current || APP_INDEX_URL, route);
      if (target !== current)
        this.window
          .loadURL(target)
          .catch((error: unknown) => this.options.logger.warn('Could not open a page', { route, error }));
    }
    if (process.platform === 'darwin') app.dock?.show().catch(() => undefined);
    if (this.window.isMinimized()) this.window.restore();
    this.window.show();
    this.window.focus();
  }

  hide(): void {
    if (this.window.isDestroyed()) return;
    this.window.hide();
    if (process.platform === 'darwin') app.dock?.hide();
  }

  send(channel: string, payload: unknown): void {
    if (!this.window.isDestroyed() && !this.window.webContents.isDestroyed())
      this.window.webContents.send(channel, payload);
  }

  destroy(): void {
    if (!this.window.isDestroyed()) this.window.destroy();
  }
}
