import type { Logger } from '../runtime/logger.js';

/** Parts of the engine that can fail on their own (a full disk stops all of them; each clears its own report). */
export type HealthSource = 'ingest' | 'delivery' | 'settings' | 'pause' | 'quiet hours' | 'digests';

/** The port of anything that reports a failure of its own durable work. */
export interface HealthReporter {
  report(source: HealthSource, error: unknown): void;
  clear(source: HealthSource): void;
}

/**
 * Storage and internal failures as a degraded status with a sentence, not a crash loop: a full disk or a SQLite I/O
 * error while recording events, delivering or saving settings is shown in the status (app, tray, serve) with what to
 * do, logged once per change, and cleared by the next success of the same part.
 */
export class EngineHealth implements HealthReporter {
  private readonly problems = new Map<HealthSource, string>();

  constructor(
    private readonly dataDir: string,
    private readonly logger: Logger,
    private readonly onChange: () => void,
  ) {}

  report(source: HealthSource, error: unknown): void {
    const sentence = describeEngineFailure(error, this.dataDir, source);
    if (this.problems.get(source) === sentence) return;
    this.problems.set(source, sentence);
    this.logger.error(sentence, { error });
    this.onChange();
  }

  clear(source: HealthSource): void {
    if (!this.problems.delete(source)) return;
    this.logger.info(`${WHAT[source]} works again`);
    this.onChange();
  }

  /** The first problem, or null when all is well. */
  problem(): string | null {
    return this.problems.values().next().value ?? null;
  }
}

const WHAT: Record<HealthSource, string> = {
  ingest: 'recording new events',
  delivery: 'delivering to Slack',
  settings: 'saving settings',
  pause: 'sending the held events',
  'quiet hours': 'sending the DMs held for quiet hours',
  digests: 'queueing the review-queue digests',
};

/** What went wrong and what to do, for storage errors (SQLite codes, Node's errno) and anything else. */
export function describeEngineFailure(error: unknown, dataDir: string, source: HealthSource): string {
  const code = String((error as { code?: unknown })?.code ?? '');
  const message = error instanceof Error ? error.message : String(error);
  const what = WHAT[source];
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || /database or disk is full|no space left/i.test(message))
    return `The disk holding ${dataDir} is full: Forgebell cannot keep ${what}. Free some space; it retries on its own and nothing already recorded is lost.`;
  if (
    code.startsWith('SQLITE_IOERR') ||
    code.startsWith('SQLITE_READONLY') ||
    ['EIO', 'EROFS', 'EACCES', 'EPERM'].includes(code)
  )
    return `Forgebell cannot write to ${dataDir} (${code}): ${what} is stopped. Check the disk and the folder's permissions; it retries on its own.`;
  if (code.startsWith('SQLITE_'))
    return `The database in ${dataDir} failed while ${what} (${code}: ${message}). Forgebell retries; if it keeps failing, restart it.`;
  return `${what.charAt(0).toUpperCase()}${what.slice(1)} failed: ${message}. Forgebell retries on its own.`;
}
