import type { ProcessFault } from '../../contract/schemas.js';
import type { Logger } from './logger.js';

/**
 * The last line of defence of a long-running engine process (`forgebell serve`): an error nobody caught
 * (`uncaughtException`) or a promise rejection nobody handled (`unhandledRejection`) is logged (through the
 * redacting logger), kept for the status (the UI shows it) and — only where going on would be unsafe — ends the
 * process through `onFatal`. Durable state lives in SQLite transactions, which roll back when a throw interrupts
 * them, so one stray error leaves nothing half-written; going on is unsafe when the database itself is gone or
 * damaged, or when errors keep coming (a loop that would only fill the log).
 */

export type FaultKind = ProcessFault['kind'];

/** The part of `process` the guard listens on. */
export interface ProcessEventsPort {
  on(event: 'unhandledRejection' | 'uncaughtException', listener: (reason: unknown) => void): unknown;
  off(event: 'unhandledRejection' | 'uncaughtException', listener: (reason: unknown) => void): unknown;
}

export interface ProcessFaultsOptions {
  logger: Logger;
  redact: (text: string) => string;
  now: () => number;
  /** Called once, with the fault that makes going on unsafe. */
  onFatal: (fault: ProcessFault) => void;
  /** Called after each fault is recorded (push a status). */
  onChange?: () => void;
}

const KEEP = 5;
const STORM_WINDOW_MS = 60_000;
const STORM_COUNT = 20;
const DATABASE_GONE = /database connection is not open|SQLITE_(CORRUPT|NOTADB)/;

function describe(reason: unknown): { message: string; code: string | null } {
  if (reason instanceof Error) {
    const code = (reason as { code?: unknown }).code;
    return { message: `${reason.name}: ${reason.message}`, code: typeof code === 'string' ? code : null };
  }
  return { message: `non-Error value: ${String(reason)}`, code: null };
}

/** Why going on after this fault would be unsafe, or null when the process can carry on. */
export function unsafeToContinue(kind: FaultKind, reason: unknown, recentUncaught: number): string | null {
  const { message, code } = describe(reason);
  if (DATABASE_GONE.test(`${code ?? ''} ${message}`))
    return 'the state database is closed or damaged, so nothing could be recorded safely';
  if (kind === 'uncaughtException' && recentUncaught >= STORM_COUNT)
    return `${recentUncaught} uncaught errors within a minute: something keeps failing`;
  return null;
}

export class ProcessFaults {
  private readonly recent: ProcessFault[] = [];
  private readonly uncaughtTimes: number[] = [];
  private total = 0;
  private fatal = false;

  constructor(private readonly o: ProcessFaultsOptions) {}

  /** Listens on `proc`; returns the function that stops listening. */
  install(proc: ProcessEventsPort): () => void {
    const onRejection = (reason: unknown): void => void this.record('unhandledRejection', reason);
    const onException = (reason: unknown): void => void this.record('uncaughtException', reason);
    proc.on('unhandledRejection', onRejection);
    proc.on('uncaughtException', onException);
    return () => {
      proc.off('unhandledRejection', onRejection);
      proc.off('uncaughtException', onException);
    };
  }

  record(kind: FaultKind, reason: unknown): ProcessFault {
    const now = this.o.now();
    if (kind === 'uncaughtException') {
      this.uncaughtTimes.push(now);
      while ((this.uncaughtTimes[0] ?? now) < now - STORM_WINDOW_MS) this.uncaughtTimes.shift();
    }
    const unsafe = unsafeToContinue(kind, reason, this.uncaughtTimes.length);
    const fault: ProcessFault = {
      at: new Date(now).toISOString(),
      kind,
      message: this.o.redact(describe(reason).message).slice(0, 500),
      fatal: unsafe !== null,
    };
    this.total++;
    this.recent.push(fault);
    if (this.recent.length > KEEP) this.recent.shift();
    this.o.logger.error(
      kind === 'unhandledRejection'
        ? 'a promise was rejected and nothing handled it'
        : 'an error was thrown and nothing caught it',
      {
        error: reason instanceof Error ? reason : String(reason),
        stack: reason instanceof Error ? reason.stack : null,
      },
    );
    if (unsafe !== null && !this.fatal) {
      this.fatal = true;
      this.o.logger.error(`stopping: ${unsafe}`);
      this.o.onFatal(fault);
    } else if (unsafe === null) {
      this.o.logger.warn('carrying on: the error was recorded and durable state is transactional');
    }
    this.o.onChange?.();
    return fault;
  }

  /** What the status shows (contract field `processFaults`). */
  summary(): { total: number; recent: ProcessFault[] } {
    return { total: this.total, recent: [...this.recent] };
  }
}
