import { accessSync, constants } from 'node:fs';

/**
 * `forgebell serve` runs with two settings of glibc's malloc (issue #16, engine memory).
 *
 * - `MALLOC_ARENA_MAX=2`: glibc gives each thread that allocates under contention an arena of its own, up to eight
 *   per core, and memory freed in an arena mostly stays with that arena. Node's helper threads (V8's garbage collector
 *   and compilers, libuv's pool) allocate briskly, so a long-running engine ends up holding several half-empty arenas.
 * - `MALLOC_TRIM_THRESHOLD_=131072`: glibc's own default value, but setting it turns off glibc's sliding thresholds.
 *   By default, each time a large block (one glibc maps on its own) is freed, glibc raises the size from which it
 *   maps blocks on their own to that block's size, and the free space it keeps before giving memory back to twice
 *   that: after V8's compilers free a few megabyte-sized work areas, everything below some megabytes is carved from
 *   the arenas and stays there. Fixed, blocks from 128 KiB are mapped on their own and go back to the system when
 *   freed, and an arena keeps at most 128 KiB free at its top.
 *
 * Measured at 1,000 repositories (`npm run bench:forges -- --size large`, BENCH_DEFAULT_MALLOC=1 for glibc's
 * defaults): peak RSS 133 → 118 MB (148 → 132 MB before the database page cache was bounded), the same CPU.
 * glibc reads these once, as the process starts, so serve sets them and replaces its own program image with a fresh
 * Node (execve: the same process id, standard streams, arguments and Node flags) before it starts anything. A value
 * the user set is kept as it is. Only on Linux (glibc; other C libraries ignore the variables, and macOS and Windows
 * have other allocators), and only where Node has `process.execve` (22.15, 23.11 and later); otherwise serve carries
 * on with the defaults. The desktop app's main process is started by Electron and is not relaunched.
 */
export const SERVE_MALLOC_ENVIRONMENT: Readonly<Record<string, string>> = {
  MALLOC_ARENA_MAX: '2',
  MALLOC_TRIM_THRESHOLD_: '131072',
};

function isRunnable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The part of `process` the relaunch reads (a stand-in in tests). */
export interface RelaunchProcess {
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  execPath: string;
  execArgv: string[];
  argv: string[];
  execve?: (file: string, args?: readonly string[], env?: NodeJS.ProcessEnv) => never;
}

/**
 * What serve's process should be started with on this platform: the environment variables of
 * SERVE_MALLOC_ENVIRONMENT it lacks (none where they mean nothing). The benchmark starts its engine process with these.
 */
export function missingMallocEnvironment(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): Record<string, string> {
  if (platform !== 'linux') return {};
  return Object.fromEntries(Object.entries(SERVE_MALLOC_ENVIRONMENT).filter(([name]) => env[name] === undefined));
}

/**
 * Replaces this process with Node running the same command with the malloc settings, when they are missing and the
 * platform can. Returns only when nothing needed doing or execve refused (serve then runs with the defaults).
 */
export function relaunchWithMallocSettings(p: RelaunchProcess = process, canRun = isRunnable): void {
  const missing = missingMallocEnvironment(p.platform, p.env);
  // Some Node versions abort (rather than throw) when the execve call itself fails, so the program is checked
  // first: Node's binary removed by an upgrade while serve was starting.
  if (Object.keys(missing).length === 0 || !p.execve || !canRun(p.execPath)) return;
  try {
    p.execve(p.execPath, [p.execPath, ...p.execArgv, ...p.argv.slice(1)], { ...p.env, ...missing });
  } catch {
    // Not fatal: serve runs with glibc's default arenas.
  }
}
