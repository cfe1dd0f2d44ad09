import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type ConfigProblem, configFileSchema, problemsOf } from '../core/settings/config-schema.js';
import { applyConfigFile, formatImportSummary } from '../core/settings/config-transfer.js';
import { describeJsonSyntaxError, withoutByteOrderMark } from '../core/settings/json-syntax.js';
import { readLockOwner } from '../core/state/data-dir-lock.js';
import { CliError } from './cli-error.js';
import { openHeadless } from './headless-context.js';

/** Reads and validates a config file; every problem is listed with its JSON path. */
export function readConfigFile(path: string): ReturnType<typeof configFileSchema.parse> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new CliError(
      `Cannot read ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`,
      2,
    );
  }
  let json: unknown;
  text = withoutByteOrderMark(text);
  try {
    json = JSON.parse(text);
  } catch {
    // Never the parser's message: it quotes the file around the error, which can be part of a token.
    throw new CliError(`${path} is not valid JSON: ${describeJsonSyntaxError(text)}. Nothing was changed.`, 2);
  }
  const parsed = configFileSchema.safeParse(json);
  const problems: ConfigProblem[] = parsed.success
    ? []
    : [...problemsOf(parsed.error), ...crossReferenceProblems(json, problemsOf(parsed.error))];
  if (parsed.success) {
    parsed.data.accounts.forEach((a, i) => {
      if (a.caFile && !existsSync(a.caFile))
        problems.push({ path: `accounts[${i}].caFile`, message: `file not found: ${a.caFile}` });
    });
  }
  if (!parsed.success || problems.length > 0) {
    const lines = problems.map((p) => `  ${p.path}: ${p.message}`);
    throw new CliError(
      `${path} is not a valid Forgebell config (${problems.length} problem${problems.length === 1 ? '' : 's'}); nothing was changed:\n${lines.join('\n')}`,
      2,
    );
  }
  return parsed.data;
}

/**
 * zod skips cross-field checks while other fields are invalid; run the account references on the raw JSON
 * too, so every problem is reported at once.
 */
function crossReferenceProblems(json: unknown, already: ConfigProblem[]): ConfigProblem[] {
  if (!json || typeof json !== 'object') return [];
  const doc = json as { accounts?: unknown; subscriptions?: unknown };
  const ids = new Set(
    Array.isArray(doc.accounts)
      ? doc.accounts.map((a: { id?: unknown }) => a?.id).filter((id): id is string => typeof id === 'string')
      : [],
  );
  const out: ConfigProblem[] = [];
  if (Array.isArray(doc.subscriptions)) {
    doc.subscriptions.forEach((s: { account?: unknown }, i: number) => {
      const path = `subscriptions[${i}].account`;
      if (typeof s?.account === 'string' && !ids.has(s.account) && !already.some((p) => p.path === path)) {
        out.push({ path, message: `no account with id "${s.account}" in accounts[]` });
      }
    });
  }
  return out;
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
