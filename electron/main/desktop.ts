import { homedir } from 'node:os';
import { app, dialog, ipcMain, powerMonitor, session, shell } from 'electron';
import type { ApiHandlers } from '../contract/api.js';
import { IPC_PUSH_CHANNEL } from '../contract/channels.js';
import type { RedactedSettings } from '../contract/schemas.js';
import { createEngine } from '../core/engine.js';
import type { EngineHost } from '../core/engine-host.js';
import type { Logger, LogLine } from '../core/runtime/logger.js';
import { acquireDataDirLock, type DataDirLock, DataDirLockedError } from '../core/state/data-dir-lock.js';
import { secureDataDir } from '../core/state/data-dir-permissions.js';
import { appPaths } from './storage/app-paths.js';
import { serveRenderer } from './window/app-protocol.js';
import { showFeedNotification, showPersonalNotification } from './system/desktop-notifications.js';
import { watchAccounts, withDesktopEffects } from './storage/desktop-settings.js';
import { openDesktopStores } from './storage/desktop-stores.js';
import { allowedExternalHosts, ALWAYS_ALLOWED_HOSTS, isAllowedExternalUrl } from './security/external-url.js';
import { startupRoute } from './system/first-run.js';
import { registerFeedShortcut } from './system/global-shortcut.js';
import { bindIpc } from './ipc/ipc-binding.js';
import { applyLaunchAtLogin, autostartDir } from './system/login-item.js';
import { NotificationPlanner } from './system/notification-planner.js';
import { PushGate, toPushMessage } from './ipc/push-gate.js';
import { createQuitCoordinator } from './system/quit-coordinator.js';
import type { AppRoute } from './window/routes.js';
import { guardWebContents, hardenSession } from './security/security.js';
import { TEST_HOOK_ARG, testHooksEnabled } from './test-hooks/test-hook-contract.js';
import { bindTestHooks } from './test-hooks/test-hooks.js';
import { TrayView } from './tray/tray.js';
import { runTrayAction } from './tray/tray-actions.js';
import { TrayStateHolder } from './tray/tray-state.js';
import { MainWindow } from './window/window.js';

export interface DesktopOptions {
  /** The process environment. FORGEBELL_TEST_HOOKS / FORGEBELL_TEST_WEAK_STORAGE count only in an unpackaged build. */
  env: NodeJS.ProcessEnv;
  logger: Logger;
  logSink: (line: LogLine) => void;
}

export interface Desktop {
  showWindow(route: AppRoute | null): void;
}

/** How long a quit waits for the engine to finish in-flight work. */
const STOP_TIMEOUT_MS = 10_000;

function lockDataDir(userData: string): DataDirLock | null {
  try {
    return acquireDataDirLock(userData, 'desktop');
  } catch (error) {
    const message =
      error instanceof DataDirLockedError ? error.message : `Could not lock ${userData}: ${String(error)}`;
    dialog.showErrorBox('Forgebell is already running', message);
    return null;
  }
}

/**
 * Composition root of the desktop shell (runs once `app` is ready): data-dir lock, stores and
 * safeStorage cipher, engine, window, tray, IPC, OS integration, graceful quit.
 */
export async function startDesktop(options: DesktopOptions): Promise<Desktop | null> {
  const { logger, env } = options;
  const testHooks = testHooksEnabled(env, app.isPackaged);
  const userData = app.getPath('userData');
  const paths = appPaths(app.getAppPath());
  const lock = lockDataDir(userData);
  if (!lock) {
    app.exit(1);
    return null;
  }
  for (const path of secureDataDir(userData)) logger.info(`made ${path} readable by its owner only`);
  const stores = await openDesktopStores(userData, { env, testHooks, logger });

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
  app.on('web-contents-created', (_event, contents) =>
    guardWebContents(contents, { allowedHosts: () => allowedHosts, launchBrowser, logger }),
  );

  // ---- quit, window, tray ---------------------------------------------------------------
  const quit = createQuitCoordinator({
    stop: async () => {
      unbind();
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
    savedState: stores.prefs.get().window,
    saveState: (window) => stores.prefs.update({ window }),
    additionalArguments: testHooks ? [TEST_HOOK_ARG] : [],
    devTools: !app.isPackaged,
    isQuitting: () => quit.quitting,
    logger,
    onPageReset: () => gate.reset(),
  });
  const showWindow = (route: AppRoute | null): void => mainWindow.show(route);

  const trayView = new TrayView(
    paths.trayIcons,
    (id) => void clickTray(id).catch((error: unknown) => logger.warn('A tray action failed', { id, error })),
    () => showWindow(null),
  );
  const trayState = new TrayStateHolder((model) => trayView.render(model));

  // ---- desktop settings: launch at login, notifications, allowed link hosts -------------
  const applyLaunchAtLoginToOs = async (enabled: boolean): Promise<void> => {
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
    accountWatch.applied(settings.accounts);
    allowedHosts = allowedExternalHosts(settings.accounts);
    notificationsOn = settings.desktop.notifications;
    const wanted = settings.desktop.launchAtLogin;
    if (wanted !== launchAtLogin || (initial && app.isPackaged)) {
      applyLaunchAtLoginToOs(wanted).catch((error: unknown) =>
        logger.warn('Could not change launch at login', { error }),
      );
    }
  };
  const setLaunchAtLogin = async (enabled: boolean): Promise<void> => {
    if (handlers) await handlers['settings.update']({ desktop: { launchAtLogin: enabled } });
    else await applyLaunchAtLoginToOs(enabled);
  };

  const clickTray = (id: string): Promise<void> =>
    runTrayAction(trayState.current, id, {
      handlers,
      showRoute: showWindow,
      setLaunchAtLogin,
      quit: () => app.quit(),
      now: () => new Date(),
    });

  // ---- IPC, test hooks, shortcut, power ------------------------------------------------
  const trustedWebContentsId = (): number | null => mainWindow.webContentsId;
  const unbindIpc = bindIpc({
    ipcMain,
    handlers: () => handlers,
    trustedWebContentsId,
    onReady: () => gate.markReady(),
    logger,
  });
  const unbindTestHooks = testHooks
    ? bindTestHooks({ ipcMain, trustedWebContentsId, trayModel: () => trayState.current, clickTrayItem: clickTray })
    : () => undefined;
  const unregisterShortcut = registerFeedShortcut(stores.prefs.get().globalShortcut, () => showWindow('/feed'), logger);
  const unbind = (): void => {
    unbindIpc();
    unbindTestHooks();
    unregisterShortcut();
  };
  powerMonitor.on('resume', () => engine?.pollNow());

  // Accounts can also change without a call through the shell (a device-flow sign-in finishes in the engine): the
  // links the app may open follow the accounts the engine reports in its status.
  const accountWatch = watchAccounts(() => {
    engine?.handlers['settings.get']({}).then(
      (settings) => applySettings(settings, false),
      (error: unknown) => logger.warn('Could not re-read the settings', { error }),
    );
  });
  const planner = new NotificationPlanner({ now: () => Date.now() });
  const openNotification = (url: string | null): void => {
    if (url && isAllowedExternalUrl(url, allowedHosts)) launchBrowser(url).catch(() => showWindow('/feed'));
    else showWindow('/feed');
  };

  // ---- engine --------------------------------------------------------------------------
  let route: AppRoute | null = null;
  try {
    engine = await createEngine({
      dataDir: userData,
      store: stores.settings,
      cipher: stores.cipher,
      mode: 'desktop',
      logSink: options.logSink,
      version: app.getVersion(),
    });
    engine.onPush((event, payload) => {
      gate.forward(event, payload);
      const message = toPushMessage(event, payload);
      if (message.event === 'status') {
        trayState.setStatus(message.payload);
        accountWatch.reported(message.payload.accounts);
      } else if (message.event === 'subscriptions') trayState.setSubscriptions(message.payload);
      else if (message.event === 'feed.item') {
        const prefs = { enabled: notificationsOn, subscriptions: stores.prefs.get().notifySubscriptions };
        showFeedNotification(planner, message.payload, prefs, openNotification);
      } else if (message.event === 'personal.notice')
        showPersonalNotification(planner, message.payload, notificationsOn, openNotification);
    });
    handlers = withDesktopEffects(engine.handlers, (settings) => applySettings(settings, false));
    applySettings(await engine.handlers['settings.get']({}), true);
    trayState.setSubscriptions(await engine.handlers['subscriptions.list']({}));
    await engine.start();
    trayState.setStatus(engine.status());
    route = startupRoute(engine.status());
  } catch (error) {
    logger.error('The engine could not start', { error });
    trayState.setEngine({ phase: 'failed', error: error instanceof Error ? error.message : String(error) });
  }

  await mainWindow.load(route).catch((error: unknown) => logger.error('Could not load the window', { error }));
  if (route) showWindow(route);
  else if (process.platform === 'darwin') app.dock?.hide();
  return { showWindow };
}
