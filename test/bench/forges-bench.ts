/**
 * `npm run bench:forges [-- --size large]`: the real Engine polling GitHub and GitLab fakes through one simulated hour of
 * realistic activity, delivering to the Slack fake. Measures and prints; asserts nothing.
 *
 *   default        200 GitHub repositories + 50 GitLab projects, one subscription each (the figures issue #16 compares to)
 *   --size large   1,000 GitHub repositories in 10 organisations + 500 GitLab projects in 5 groups, one pattern
 *                  subscription per organisation / group (`org-N/*`, `group-N/**`)
 *
 * Three processes: this one (bookkeeping and the report), the engine's (forges/engine-process.ts, bundled with esbuild
 * and run with plain node as the app runs its bundle, so its CPU and memory are the engine's alone) and the fakes'
 * (GitHub, GitLab, Slack). The engine's process runs as `forgebell serve` runs: with serve's malloc settings in its
 * environment (electron/cli/malloc-relaunch.ts) and V8's flags (memory-profile.ts). Environment: BENCH_SIZE,
 * BENCH_SEED, BENCH_GITHUB_REPOS, BENCH_GITLAB_PROJECTS, BENCH_PATTERNS, BENCH_MINUTES, BENCH_DRAIN_MINUTES,
 * BENCH_RTT_MS. To compare settings: BENCH_ENGINE_FLAGS (node flags for the engine), BENCH_DEFAULT_HEAP=1 (V8's
 * defaults, as without memory-profile.ts), BENCH_DEFAULT_MALLOC=1 (glibc's defaults, as the desktop app runs).
 * Diagnostics (they change the figures): BENCH_SMAPS=1 prints the engine's resident memory by mapping every 10
 * minutes (V8's heap and other anonymous memory, malloc's main arena `[heap]`, Node's program), BENCH_WRAP=PROGRAM
 * starts the engine's node under PROGRAM (a script running e.g. `heaptrack -o FILE "$@"`), BENCH_HEAP_SNAPSHOTS.
 */
import { fork } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { CLI_BUNDLE_OPTIONS } from '../../build/build-cli.mjs';
import { missingMallocEnvironment } from '../../electron/cli/malloc-relaunch.js';
import { isEngineMessage, patternOf, type EngineRun } from './forges/engine-protocol.js';
import type { RequestRecord } from './forges/http-meter.js';
import type { Expected, Forge } from './forges/protocol.js';
import { printReport } from './forges/report.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');

async function bundleEngine(): Promise<string> {
  const outfile = join(root, 'dist', 'bench', 'engine-process.mjs');
  // Bundled as the CLI is bundled (build/build-cli.mjs): the engine's memory is measured on the code as it ships.
  await build({ ...CLI_BUNDLE_OPTIONS, entryPoints: [join(here, 'forges', 'engine-process.ts')], outfile });
  return outfile;
}

async function main(): Promise<void> {
  const entry = await bundleEngine();
  const records: RequestRecord[] = [];
  const expected: Expected[] = [];
  const child = fork(entry, process.argv.slice(2), {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    // BENCH_ENGINE_FLAGS: node flags for the engine's process (to compare V8 settings), none by default.
    execArgv: [
      ...(process.env.BENCH_WRAP ? [process.execPath] : []),
      ...(process.env.BENCH_ENGINE_FLAGS ?? '').split(' ').filter(Boolean),
    ],
    ...(process.env.BENCH_WRAP ? { execPath: process.env.BENCH_WRAP } : {}),
    env: {
      ...process.env,
      // As `forgebell serve` runs (electron/cli/malloc-relaunch.ts); BENCH_DEFAULT_MALLOC=1: glibc's defaults.
      ...(process.env.BENCH_DEFAULT_MALLOC === '1' ? {} : missingMallocEnvironment(process.platform, process.env)),
      BENCH_FAKES_ENTRY: join(here, 'forges', 'fakes-process.ts'),
    },
  });
  const run = await new Promise<EngineRun>((resolve, reject) => {
    let done: EngineRun | null = null;
    child.on('message', (message: unknown) => {
      if (!isEngineMessage(message)) return;
      if (message.type === 'records') records.push(...message.records);
      else if (message.type === 'expected') expected.push(...message.expected);
      else done = message.run;
    });
    child.on('exit', (code) =>
      done ? resolve(done) : reject(new Error(`the engine's process exited (${code ?? 'signal'}) before its report`)),
    );
  });
  const ids = new Map(run.subscriptionIds);
  printReport({
    ...run,
    activity: { ...run.activity, performed: new Map(run.activity.performed) },
    engine: { ...run.engine, warnings: new Map(run.engine.warnings) },
    records,
    expected,
    subscriptionId: (forge: Forge, repo: string) =>
      ids.get(`${forge}\u0000${(run.config.patterns ? patternOf[forge](repo) : repo).toLowerCase()}`) ?? '?',
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
