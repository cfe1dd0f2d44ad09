import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { Status } from '../contract/schemas.js';
import { createEngine } from '../core/engine.js';
import type { EngineHost, PushListener } from '../core/engine-host.js';
import type { LogLine } from '../core/runtime/logger.js';
import { type ProcessEventsPort, ProcessFaults } from '../core/runtime/process-faults.js';
import { acquireDataDirLock, DataDirLockedError } from '../core/state/data-dir-lock.js';
import { CliError } from './cli-error.js';
import { openHeadless } from './headless-context.js';
import { type HealthWord, startWebTransport, type WebTransport } from './web-transport.js';

export interface ServeOptions {
  dataDir: string;
  host: string;
  port: number;
  staticDir?: string;
  out: (line: string) => void;
  err: (line: string) => void;
  /** Where signals and uncaught errors are heard: `process`, or a stand-in in tests. */
  events?: ServeEventsPort;
}

/** The part of `process` serve listens on. */
export interface ServeEventsPort extends ProcessEventsPort {
  once(event: 'SIGINT' | 'SIGTERM', listener: () => void): unknown;
}

/** How long a stop may take before serve gives up waiting (in-flight sends stay in the outbox either way). */
const STOP_TIMEOUT_MS = 15_000;

export function defaultStaticDir(): string {
  return process.env.FORGEBELL_UI_DIR ?? fileURLToPath(new URL('../../dist/renderer', import.meta.url));
}

/**
 * The engine as serve's transport shows it: its status (the `status.get` answer and every status push) also carries
 * the errors nobody caught in this process, and a new one pushes the status at once.
 */
function withProcessFaults(
  engine: EngineHost,
  faults: ProcessFaults,
): Pick<EngineHost, 'handlers' | 'onPush'> & { faultRecorded(): void } {
  const listeners = new Set<PushListener>();
  const decorate = (status: Status): Status => ({ ...status, processFaults: faults.summary() });
  engine.onPush((event, payload) => {
    for (const listener of listeners)
      if (event === 'status') listener('status', decorate(payload as Status));
      else listener(event, payload);
  });
  return {
    handlers: { ...engine.handlers, 'status.get': async () => decorate(engine.status()) },
    onPush: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    faultRecorded: () => {
      const status = decorate(engine.status());
      for (const listener of listeners) listener('status', status);
    },
  };
}

/**
 * `forgebell serve`: the engine headless plus the UI on a loopback port. Prints exactly one line
 * `Forgebell UI: http://HOST:PORT/#token=…` on stdout when ready; logs go to stderr.
 * SIGINT/SIGTERM: stop polling, finish in-flight sends, close the database, release the lock; exit code 0.
 * An error nobody caught is logged and shown in the status; only where going on is unsafe does serve stop (exit 1).
 */
export async function serveCommand(o: ServeOptions): Promise<number> {
  const events = o.events ?? process;
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
    const ctx = openHeadless(o.dataDir, { createKey: true, onNotice: (n) => o.err(`note: ${n}`) });
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
  let phase: HealthWord = 'starting';
  let finish: (code: number) => void = () => undefined;
  const finished = new Promise<number>((resolveFinished) => (finish = resolveFinished));
  let view: ReturnType<typeof withProcessFaults> | null = null;
  const faults = new ProcessFaults({
    logger: engine.logger,
    redact: (text) => engine.redact(text),
    now: () => Date.now(),
    onFatal: () => void stop('a fatal error', 1),
    onChange: () => view?.faultRecorded(),
  });
  const uninstallGuards = faults.install(events);
  view = withProcessFaults(engine, faults);
  let transport: WebTransport | null = null;
  try {
    transport = await startWebTransport({
      host: o.host,
      port: o.port,
      token,
      staticDir: o.staticDir ?? defaultStaticDir(),
      handlers: view.handlers,
      onPush: (l) => view.onPush(l),
      log: (m) => engine.logger.warn(m),
      health: () => phase,
    });
  } catch (error) {
    uninstallGuards();
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

  let stopping = false;
  const stop = async (why: string, code: number): Promise<void> => {
    if (stopping) return;
    stopping = true;
    phase = code === 0 ? 'stopping' : 'failed';
    engine.logger.info(`${why}; stopping`);
    const bounded = (work: Promise<unknown>): Promise<unknown> =>
      Promise.race([work.catch(() => undefined), new Promise((r) => setTimeout(r, STOP_TIMEOUT_MS).unref())]);
    await bounded(transport?.close() ?? Promise.resolve());
    await bounded(engine.stop());
    uninstallGuards();
    lock.release();
    finish(code);
  };
  events.once('SIGINT', () => void stop('SIGINT received', 0));
  events.once('SIGTERM', () => void stop('SIGTERM received', 0));

  try {
    await engine.start();
  } catch (error) {
    engine.logger.error('the engine could not start', { error });
    o.err(`Cannot start: ${(error as Error).message}`);
    await stop('the engine could not start', 1);
    return finished;
  }
  if (!stopping) {
    phase = 'ok';
    o.out(`Forgebell UI: ${transport.url}#token=${token}`);
  }
  return finished;
}
