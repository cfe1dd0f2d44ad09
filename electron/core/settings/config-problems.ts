import { existsSync } from 'node:fs';
import {
  type ConfigFile,
  type ConfigProblem,
  configFileSchema,
  crossFieldProblems,
  problemsOf,
} from './config-schema.js';
import { describeJsonSyntaxError, withoutByteOrderMark } from './json-syntax.js';

/** A config file read from text: the config, or every problem with its JSON path (docs/cli-and-config.md §2). */
export type ConfigReading =
  { ok: true; config: ConfigFile } | { ok: false; problems: ConfigProblem[]; summary: string };

/**
 * Reads a config file the one way `forgebell import` and the app's Settings → Import do, so both list the same
 * problems: JSON syntax (with line and column), every schema problem, the cross-field rules on what could be read, and
 * CA files that do not exist on this machine — all in one round. `name` is how the file is called in the summary.
 */
export function readConfigText(text: string, name: string): ConfigReading {
  let json: unknown;
  text = withoutByteOrderMark(text);
  try {
    json = JSON.parse(text);
  } catch {
    // Never the parser's message: it quotes the text around the error, which can be part of a token.
    const problem = describeJsonSyntaxError(text);
    return {
      ok: false,
      problems: [{ path: '(root)', message: `not valid JSON: ${problem}` }],
      summary: `${name} is not valid JSON: ${problem}. Nothing was changed.`,
    };
  }
  const parsed = configFileSchema.safeParse(json);
  const problems: ConfigProblem[] = [];
  const add = (p: ConfigProblem) => {
    if (!problems.some((q) => q.path === p.path && q.message === p.message)) problems.push(p);
  };
  if (!parsed.success) {
    problemsOf(parsed.error).forEach(add);
    // zod skips the cross-field rules while other fields are invalid: run them on the raw JSON.
    if (json && typeof json === 'object')
      for (const p of crossFieldProblems(json as Parameters<typeof crossFieldProblems>[0]))
        add({ path: formatPath(p.path), message: p.message });
  }
  const accounts = parsed.success ? parsed.data.accounts : rawAccounts(json);
  accounts.forEach((a, i) => {
    if (typeof a.caFile === 'string' && a.caFile && !existsSync(a.caFile))
      add({ path: `accounts[${i}].caFile`, message: `file not found: ${a.caFile}` });
  });
  if (parsed.success && problems.length === 0) return { ok: true, config: parsed.data };
  problems.sort((a, b) => comparePaths(a.path, b.path));
  return {
    ok: false,
    problems,
    summary: `${name} is not a valid Forgebell config (${problems.length} problem${problems.length === 1 ? '' : 's'}); nothing was changed.`,
  };
}

function rawAccounts(json: unknown): { caFile?: unknown }[] {
  const accounts = (json as { accounts?: unknown } | null)?.accounts;
  return Array.isArray(accounts)
    ? accounts.map((a) => (a && typeof a === 'object' ? (a as { caFile?: unknown }) : {}))
    : [];
}

function formatPath(path: (string | number)[]): string {
  return path.reduce<string>(
    (out, part) => (typeof part === 'number' ? `${out}[${part}]` : out ? `${out}.${part}` : part),
    '',
  );
}

/** Problems in file order: `accounts[2]` before `accounts[10]`, then by key. */
function comparePaths(a: string, b: string): number {
  const split = (p: string) => p.split(/[.[\]]+/).filter(Boolean);
  const [x, y] = [split(a), split(b)];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const [p, q] = [x[i] as string, y[i] as string];
    if (p === q) continue;
    const [np, nq] = [Number(p), Number(q)];
    if (Number.isInteger(np) && Number.isInteger(nq)) return np - nq;
    return p.localeCompare(q);
  }
  return x.length - y.length;
}
