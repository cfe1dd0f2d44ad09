import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { readConfigText } from '../core/settings/config-problems.js';
import type { ConfigFile } from '../core/settings/config-schema.js';
import { applyConfigFile, formatImportSummary } from '../core/settings/config-transfer.js';
import { readLockOwner } from '../core/state/data-dir-lock.js';
import { CliError } from './cli-error.js';
import { openHeadless } from './headless-context.js';

/** Reads and validates a config file; every problem is listed with its JSON path. */
export function readConfigFile(path: string): ConfigFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new CliError(
      `Cannot read ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`,
      2,
    );
  }
  const reading = readConfigText(text, path);
  if (reading.ok) return reading.config;
  if (reading.problems.length === 1 && reading.problems[0]?.path === '(root)') throw new CliError(reading.summary, 2);
  const lines = reading.problems.map((p) => `  ${p.path}: ${p.message}`);
  throw new CliError(
    `${reading.summary.replace(/; nothing was changed\.$/, '; nothing was changed:')}\n${lines.join('\n')}`,
    2,
  );
}

export function importCommand(file: string, dataDir: string, out: (line: string) => void): void {
  const config = readConfigFile(resolve(file));
  const owner = readLockOwner(dataDir);
  if (owner) {
    throw new CliError(
      `Forgebell is running on ${dataDir} (${owner.kind}, pid ${owner.pid}). Stop it, run the import, and start it again — importing under a running engine would be overwritten by it. Nothing was changed.`,
      1,
    );
  }
  const ctx = openHeadless(dataDir, { createKey: true, onNotice: out });
  for (const n of ctx.notices) out(n);
  let current;
  try {
    current = ctx.repo.load();
  } catch (error) {
    throw new CliError(`Cannot read the current settings: ${(error as Error).message}`, 1);
  }
  const unopened = ctx.repo.unreadable().map((u) => u.field);
  const { settings, summary, forgotten } = applyConfigFile(current, config, new Date());
  ctx.repo.save(settings);
  out(formatImportSummary(summary, ctx.store.path, forgotten));
  const still = new Set(ctx.repo.unreadable().map((u) => u.field));
  const replaced = unopened.filter((field) => !still.has(field));
  if (replaced.length)
    out(`Replaced stored secrets that could not be opened with the ones in the file: ${replaced.join(', ')}.`);
  for (const secret of ctx.repo.unreadable())
    out(`Still not usable (kept as stored; give it in the file to replace it): ${secret.message}`);
}
