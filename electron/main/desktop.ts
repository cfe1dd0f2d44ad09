import { homedir } from 'node:os';
import { app, dialog, ipcMain, powerMonitor, safeStorage, session, shell } from 'electron';
import type { ApiHandlers } from '../contract/api.js';
import { IPC_PUSH_CHANNEL } from '../contract/channels.js';
import type { RedactedSettings } from '../contract/schemas.js';
import { createEngine } from '../core/engine.js';
import type { EngineHost } from '../core/engine-host.js';
import type { Logger, LogLine } from '../core/runtime/logger.js';
import { acquireDataDirLock, type DataDirLock, DataDirLockedError } from '../core/state/data-dir-lock.js';
import { appPaths } from './app-paths.js';
import { serveRenderer } from './app-protocol.js';
import { type DocumentBackend, openDocumentFile, STORE_OPTIONS } from './document-file.js';
import { withDesktopEffects } from './desktop-settings.js';
import { showFeedNotification } from './desktop-notifications.js';
import { allowedExternalHosts, ALWAYS_ALLOWED_HOSTS, isAllowedExternalUrl } from './external-url.js';
import { registerFeedShortcut } from './global-shortcut.js';
import { bindIpc } from './ipc-binding.js';
import { applyLaunchAtLogin, autostartDir } from './login-item.js';
import { NotificationPlanner } from './notification-planner.js';
import { PushGate, toPushMessage } from './push-gate.js';
import { createQuitCoordinator } from './quit-coordinator.js';
import type { AppRoute } from './routes.js';
import { createSafeStorageCipher } from './safe-storage-cipher.js';
import { guardWebContents, hardenSession } from './security.js';
import { ShellPrefs } from './shell-prefs.js';
import { TEST_HOOK_ARG } from './test-hook-contract.js';
import { bindTestHooks } from './test-hooks.js';
import { TrayView } from './tray.js';
import { runTrayAction } from './tray-actions.js';
import { TrayStateHolder } from './tray-state.js';
import { weakStoragePolicy } from './weak-storage-dialog.js';
import { MainWindow } from './window.js';

export interface DesktopOptions {
  env: NodeJS.ProcessEnv;
  testHooks: boolean;
  logger: Logger;
  logSink: (line: LogLine) => void;
}

export interface Desktop {
  showWindow(route: AppRoute | null): void;
}

/** How long a quit waits for the engine to finish in-flight work. */
const STOP_TIMEOUT_MS = 10_000;

/**
 * Composition root of the desktop shell (runs once `app` is ready): data-dir lock, safeStorage
 * cipher, electron-store settings, engine, window, tray, IPC, OS integration, graceful quit.
 */
export async function startDesktop(options: DesktopOptions): Promise<Desktop | null> {
  const { logger, env } = options;
  const userData = app.getPath('userData');
  const paths = appPaths(app.getAppPath());

  let lock: DataDirLock;
  try {
    lock = acquireDataDirLock(userData, 'desktop');
  } catch (error) {
    const message = error instanceof DataDirLockedError ? error.message : `Could not lock ${userData}: ${String(error)}`;
    dialog.showErrorBox('Forgebell is already running', message);
    app.exit(1);
    return null;
  }

  // electron-store is ESM-only; import() loads it from the CommonJS bundle.
  const { default: ElectronStore } = await import('electron-store');
  const backend = (name: string) => (): DocumentBackend => {
    const store = new ElectronStore<{ document?: unknown }>({ name, cwd: userData, ...STORE_OPTIONS });
    return { get: () => store.get('document'), set: (document) => store.set('document', document) };
  };
  const prefs = new ShellPrefs(openDocumentFile(userData, 'desktop-shell', backend('desktop-shell')).store);
  const settingsFile = openDocumentFile(userData, 'settings', backend('settings'));
  const settingsStore = settingsFile.store;
  if (settingsFile.movedAside) {
    const message = `The settings file was corrupted; it was moved aside to ${settingsFile.movedAside} and Forgebell started with empty settings. Connect again, or restore that file while Forgebell is not running.`;
    logger.warn(message);
    void dialog.showMessageBox({ type: 'warning', title: 'Forgebell', message: 'Your settings could not be read', detail: message });
  }
  const weakAnswer = options.testHooks ? env.FORGEBELL_TEST_WEAK_STORAGE : undefined;
  const cipher = createSafeStorageCipher(
    safeStorage,
    weakStoragePolicy({
      accepted: () => prefs.get().weakStorageAccepted,
      remember: () => prefs.update({ weakStorageAccepted: true }),
      testAnswer: weakAnswer === 'accept' || weakAnswer === 'decline' ? weakAnswer : null,
    }),
    process.platform,
  );

  let engine: EngineHost | null = null;
  let handlers: ApiHandlers | null = null;
  let allowedHosts: readonly string[] = ALWAYS_ALLOWED_HOSTS;
  let notificationsOn = false;
  let launchAtLogin = false;

  // The only place the app opens a URL outside itself. Callers check isAllowedExternalUrl first
  // (https, Slack or a configured forge host): guardWebContents and openNotification below.
  const launchBrowser = (url: string): Promise<void> => shell.openExternal(url);
  hardenSession(session.defaultSession);
  serveRenderer(session.defaultSession, paths.renderer);
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, { allowedHosts: () => allowedHosts, launchBrowser, logger }));

  const quit = createQuitCoordinator({
    stop: async () => {
      unbindIpc();
      unbindTestHooks();
      unregisterShortcut();
      try {
        await engine?.stop();
      } finally {
        lock.release();
      }
    },
    exit: (code) => app.exit(code),
    setTimer: (fn, ms) => void setTimeout(fn, ms),
    timeoutMs: STOP_TIMEOUT_MS,
    logger,
  });
  app.on('before-quit', (event) => quit.onBeforeQuit(event));

  const gate = new PushGate((frame) => mainWindow.send(IPC_PUSH_CHANNEL, frame));
  const mainWindow = new MainWindow({
    preloadPath: paths.preload,
    savedState: prefs.get().window,
    saveState: (window) => prefs.update({ window }),
    additionalArguments: options.testHooks ? [TEST_HOOK_ARG] : [],
    devTools: !app.isPackaged,
    isQuitting: () => quit.quitting,
    logger,
    onPageReset: () => gate.reset(),
  });
  const showWindow = (route: AppRoute | null): void => mainWindow.show(route);

  const setLaunchAtLogin = async (enabled: boolean): Promise<void> => {
    if (handlers) await handlers['settings.update']({ desktop: { launchAtLogin: enabled } });
    else await applyDesktopSettingsToOs(enabled);
  };
  const applyDesktopSettingsToOs = async (enabled: boolean): Promise<void> => {
    launchAtLogin = enabled;
    trayState.setLaunchAtLogin(enabled);
    await applyLaunchAtLogin(enabled, {
      platform: process.platform,
      setLoginItemSettings: (s) => app.setLoginItemSettings(s),
      executable: env.APPIMAGE ?? process.execPath,
      autostartDir: autostartDir(env, homedir()),
    });
  };
  const applySettings = (settings: RedactedSettings, initial: boolean): void => {
    allowedHosts = allowedExternalHosts(settings.accounts);
    notificationsOn = settings.desktop.notifications;
    const wanted = settings.desktop.launchAtLogin;
    if (wanted !== launchAtLogin || (initial && app.isPackaged)) {
      applyDesktopSettingsToOs(wanted).catch((error: unknown) => logger.warn('Could not change launch at login', { error }));
    }
  };

  const clickTray = (id: string): Promise<void> =>
    runTrayAction(trayState.current, id, {
      handlers,
      showRoute: showWindow,
      setLaunchAtLogin,
      quit: () => app.quit(),
      now: () => new Date(),
    });
  const trayView = new TrayView(
    paths.trayIcons,
    (id) => void clickTray(id).catch((error: unknown) => logger.warn('A tray action failed', { id, error })),
    () => showWindow(null),
  );
  const trayState = new TrayStateHolder((model) => trayView.render(model));

  const unbindIpc = bindIpc({ ipcMain, handlers: () => handlers, trustedWebContentsId: () => mainWindow.webContentsId, onReady: () => gate.markReady(), logger });
  const unbindTestHooks = options.testHooks
    ? bindTestHooks({ ipcMain, trustedWebContentsId: () => mainWindow.webContentsId, trayModel: () => trayState.current, clickTrayItem: clickTray })
    : () => undefined;
  const unregisterShortcut = registerFeedShortcut(prefs.get().globalShortcut, () => showWindow('/feed'), logger);
  powerMonitor.on('resume', () => engine?.pollNow());

  const planner = new NotificationPlanner({ now: () => Date.now() });
  const openNotification = (url: string | null): void => {
    if (url && isAllowedExternalUrl(url, allowedHosts)) launchBrowser(url).catch(() => showWindow('/feed'));
    else showWindow('/feed');
  };

  let firstRun = false;
  try {
    engine = await createEngine({ dataDir: userData, store: settingsStore, cipher, mode: 'desktop', logSink: options.logSink, version: app.getVersion() });
    engine.onPush((event, payload) => {
      gate.forward(event, payload);
      const message = toPushMessage(event, payload);
      if (message.event === 'status') trayState.setStatus(message.payload);
      else if (message.event === 'subscriptions') trayState.setSubscriptions(message.payload);
      else if (message.event === 'feed.item') {
        const subscriptions = prefs.get().notifySubscriptions;
        showFeedNotification(planner, message.payload, { enabled: notificationsOn, subscriptions }, openNotification);
      }
    });
    handlers = withDesktopEffects(engine.handlers, (settings) => applySettings(settings, false));
    applySettings(await engine.handlers['settings.get']({}), true);
    trayState.setSubscriptions(await engine.handlers['subscriptions.list']({}));
    await engine.start();
    const status = engine.status();
    trayState.setStatus(status);
    firstRun = status.slack.mode === 'none' && status.accounts.length === 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    logger.error('The engine could not start', { error });
    trayState.setEngine({ phase: 'failed', error: message });
  }

  await mainWindow.load(firstRun ? '/setup/welcome' : null).catch((error: unknown) => logger.error('Could not load the window', { error }));
  if (firstRun) showWindow('/setup/welcome');
  else if (process.platform === 'darwin') app.dock?.hide();
  return { showWindow };
}
