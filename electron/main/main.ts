import { app, dialog } from 'electron';
import { createLogger, type LogLine, Redactor } from '../core/runtime/logger.js';
import { favourSmallHeap } from '../core/runtime/memory-profile.js';
import { registerAppSchemePrivileges } from './window/app-protocol.js';
import { type Desktop, startDesktop } from './desktop.js';
import { userDataOverride } from './storage/user-data.js';

/**
 * Entry point of the Electron main process (bundled to dist/main/main.cjs). Everything that must
 * happen before `ready` is here: the user-data folder, the app:// scheme, sandboxing every renderer
 * and the single-instance lock. The rest is startDesktop().
 */
function logToConsole(line: LogLine): void {
  if (line.level === 'debug') return;
  const text = `${line.time} ${line.level} ${line.message}${line.fields ? ` ${JSON.stringify(line.fields)}` : ''}`;
  if (line.level === 'error' || line.level === 'warn') console.error(text);
  else console.log(text);
}

function main(): void {
  favourSmallHeap();
  const override = userDataOverride(process.env, process.argv, process.cwd());
  if (override) app.setPath('userData', override);
  registerAppSchemePrivileges();
  app.enableSandbox();

  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }

  const logger = createLogger(logToConsole, new Redactor());
  let desktop: Desktop | null = null;
  let showWhenReady = false;
  app.on('second-instance', () => {
    if (desktop) desktop.showWindow(null);
    else showWhenReady = true;
  });
  app.on('activate', () => desktop?.showWindow(null));
  // The app lives in the tray: closing (hiding) the window never quits it.
  app.on('window-all-closed', () => undefined);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => app.quit());

  app
    .whenReady()
    .then(async () => {
      if (process.platform === 'darwin') app.dock?.hide();
      desktop = await startDesktop({
        env: process.env,
        logger,
        logSink: logToConsole,
      });
      if (desktop && showWhenReady) desktop.showWindow(null);
    })
    .catch((error: unknown) => {
      dialog.showErrorBox('Forgebell could not start', error instanceof Error ? error.message : String(error));
      app.exit(1);
    });
}

main();
