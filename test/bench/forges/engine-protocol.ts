import type { RequestRecord } from './http-meter.js';
import type { Collected, Expected, Forge } from './protocol.js';
import type { ReportInput } from './report.js';

/**
 * What the engine's process (engine-process.ts) sends the benchmark's parent: request records and expected
 * notifications as they happen (in batches), then everything else once the run is over.
 */
export type EngineMessage =
  | { type: 'records'; records: RequestRecord[] }
  | { type: 'expected'; expected: Expected[] }
  | { type: 'done'; run: EngineRun };

/** The report's input without what was streamed, in forms that cross Node's IPC (no Maps, no functions). */
export interface EngineRun {
  config: ReportInput['config'];
  activity: Omit<ReportInput['activity'], 'performed'> & { performed: [string, number][] };
  collected: Collected;
  /** `${forge}\u0000${lower-case repo or pattern}` → subscription id. */
  subscriptionIds: [string, string][];
  engine: Omit<ReportInput['engine'], 'warnings'> & { warnings: [string, number][] };
  clock: ReportInput['clock'];
}

/** The pattern subscription a repository belongs to in a pattern run (`org-N/*`, `group-N/**`). */
export const patternOf: Record<Forge, (repo: string) => string> = {
  github: (repo) => `${repo.split('/')[0]}/*`,
  gitlab: (repo) => `${repo.split('/')[0]}/**`,
};

export function isEngineMessage(value: unknown): value is EngineMessage {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}
