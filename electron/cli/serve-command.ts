import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { createEngine } from '../core/engine.js';
import type { EngineHost } from '../core/engine-host.js';
import type { LogLine } from '../core/runtime/logger.js';
import { acquireDataDirLock, DataDirLockedError } from '../core/state/data-dir-lock.js';
import { CliError } from './cli-error.js';
import { openHeadless } from './headless-context.js';
import { startWebTransport } from './web-transport.js';

export interface ServeOptions {
  dataDir: string;
  host: string;
  port: number;
  staticDir?: string;
  out: (line: string) => void;
  err: (line: string) => void;
}

export function defaultStaticDir(): string {
  return process.env.FORGEBELL_UI_DIR ?? fileURLToPath(new URL('../../dist/renderer', import.meta.url));
}

/**
 * `forgebell serve`: the engine headless plus the UI on a loopback port. Prints exactly one line
 * `Forgebell UI: http://HOST:PORT/#token=…` on stdout when ready; logs go to stderr.
 * SIGINT/SIGTERM: stop polling, finish in-flight sends, close the database, release the lock.
 */
export async function serveCommand(o: ServeOptions): Promise<void> {
  let lock;
  try {
    lock = acquireDataDirLock(o.dataDir, 'forgebell serve');
  } catch (error) {
    if (error instanceof DataDirLockedError) throw new CliError(error.message, 1);
    throw error;
  }
  const token = randomBytes(24).toString('hex');
  let engine: EngineHost;
  try {
    const ctx = openHeadless(o.dataDir, { createKey: true });
    for (const n of ctx.notices) o.err(`note: ${n}`);
    const logSink = (line: LogLine): void =>
      o.err(
        `${line.time} ${line.level.padEnd(5)} ${line.message}${line.fields ? ` ${JSON.stringify(line.fields)}` : ''}`,
      );
    engine = await createEngine({
      dataDir: o.dataDir,
      store: ctx.store,
      cipher: ctx.cipher,
      mode: 'serve',
      logSink,
      secrets: [token],
    });
  } catch (error) {
    lock.release();
    throw new CliError(`Cannot start: ${(error as Error).message}`, 1);
  }
  let transport;
  try {
    transport = await startWebTransport({
      host: o.host,
      port: o.port,
      token,
      staticDir: o.staticDir ?? defaultStaticDir(),
      handlers: engine.handlers,
      onPush: (l) => engine.onPush(l),
      log: (m) => engine.logger.warn(m),
    });
  } catch (error) {
    await engine.stop();
    lock.release();
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(
      code === 'EADDRINUSE'
        ? `Port ${o.port} on ${o.host} is in use. Pick another with --port, or --port 0 for any free port.`
        : `Cannot listen on ${o.host}:${o.port}: ${(error as Error).message}`,
      1,
    );
  }
  await engine.start();
  o.out(`Forgebell UI: ${transport.url}#token=${token}`);

  await new Promise<void>((resolveStop) => {
    let stopping = false;
    const stop = (signal: string): void => {
      if (stopping) return;
      stopping = true;
      engine.logger.info(`${signal} received; stopping`);
      void (async () => {
        await transport.close().catch(() => undefined);
        await engine.stop().catch(() => undefined);
        lock.release();
        resolveStop();
      })();
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
}
