/**
 * The engine side of `npm run bench:forges`, run in its own process (bundled with esbuild and started with plain node
 * by forges-bench.ts) so the CPU and memory figures are the engine's alone: the real Engine (wired as in production by
 * test/support/engine-harness.ts) polls the fakes through one simulated hour of activity. Every request record and
 * every notification the oracle expects is streamed to the parent as it happens (this process keeps none of them);
 * the parent computes and prints the report.
 *
 * Time: a skip-idle virtual clock (see skip-clock.ts) drives the engine and the fakes: it runs at real speed while
 * any work or loopback I/O is in flight and jumps to the next timer when everything is idle. Every HTTP request also
 * waits a simulated network round-trip (BENCH_RTT_MS, virtual time) before it is sent.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { getHeapSpaceStatistics, writeHeapSnapshot } from 'node:v8';
import type { PushEventName, PushPayload } from '../../../electron/contract/api.js';
import type { ConfigFileInput } from '../../../electron/core/settings/config-schema.js';
import { startEngine, type EngineHarness } from '../../support/engine-harness.js';
import { planActivity } from './activity-plan.js';
import { FakesClient } from './fakes-client.js';
import { HttpMeter, type RequestRecord } from './http-meter.js';
import { VIRTUAL_NOW_HEADER, type Expected, type Op } from './protocol.js';
import { patternOf, type EngineMessage, type EngineRun } from './engine-protocol.js';
import { SkipClock } from './skip-clock.js';
import { favourSmallHeap } from '../../../electron/core/runtime/memory-profile.js';

const env = (name: string, fallback: number): number =>
  process.env[name] !== undefined ? Number(process.env[name]) : fallback;
const SEED = env('BENCH_SEED', 1);
/**
 * `--size large` (or BENCH_SIZE=large): 1,000 GitHub repositories in 10 organisations and 500 GitLab projects in 5
 * groups, subscribed as patterns (`org-N/*`, `group-N/**`). The default is today's 200 + 50, one subscription each.
 */
const argSize = process.argv.indexOf('--size');
const SIZE = (argSize >= 0 ? process.argv[argSize + 1] : undefined) ?? process.env.BENCH_SIZE ?? 'today';
const LARGE = SIZE === 'large';
const GITHUB_REPOS = env('BENCH_GITHUB_REPOS', LARGE ? 1000 : 200);
const GITLAB_PROJECTS = env('BENCH_GITLAB_PROJECTS', LARGE ? 500 : 50);
/** Subscribe with one pattern per organisation / top group instead of one subscription per repository. */
const PATTERNS = (process.env.BENCH_PATTERNS ?? (LARGE ? '1' : '0')) === '1';
const MINUTES = env('BENCH_MINUTES', 60);
/** After the hour: polling continues (no new activity) so the last events can arrive; not counted in the hour's requests. */
const DRAIN_MINUTES = env('BENCH_DRAIN_MINUTES', 4);
const RTT_MS = env('BENCH_RTT_MS', 150);
const POLL_SECONDS = 60;
const CHANNELS = 25;
/** Crosses midnight UTC: GitLab's events filter works on whole days. */
const START = Date.parse('2025-06-02T23:20:00Z');

/**
 * Diagnostics (change the figures, so never in a measured run): BENCH_HEAP_SNAPSHOTS="30,60" writes a V8 heap snapshot
 * at those simulated minutes (into the working directory; run with BENCH_ENGINE_FLAGS=--expose-gc to collect garbage
 * first, so the snapshot holds only what is alive).
 */
const SNAPSHOT_MINUTES = (process.env.BENCH_HEAP_SNAPSHOTS ?? '').split(',').filter(Boolean).map(Number);

const IMPORT_LEAD_MS = 10_000;
const IDLE_GITHUB = Math.round(GITHUB_REPOS * 0.15);
const IDLE_GITLAB = Math.round(GITLAB_PROJECTS * 0.1);

async function main(): Promise<void> {
  // As `forgebell serve` and the desktop app start the engine (see electron/core/runtime/memory-profile.ts).
  if (process.env.BENCH_DEFAULT_HEAP !== '1') favourSmallHeap();
  // Loopback only: never route the fakes through a proxy the environment may name.
  process.env.NO_PROXY = ['127.0.0.1', 'localhost', process.env.NO_PROXY].filter(Boolean).join(',');
  const wallStart = performance.now();
  const githubRepos = Array.from(
    { length: GITHUB_REPOS },
    (_, i) => `org-${i % 10}/service-${String(i).padStart(3, '0')}`,
  );
  const gitlabProjects = Array.from(
    { length: GITLAB_PROJECTS },
    (_, i) => `group-${i % 5}/team-${i % 3}/app-${String(i).padStart(2, '0')}`,
  );
  const channels = Array.from({ length: CHANNELS }, (_, i) => `team-${String(i).padStart(2, '0')}`);

  const clock = new SkipClock(START - 2 * 3600_000);
  const fakes = FakesClient.start({
    viaTsx: true,
    ...(process.env.BENCH_FAKES_ENTRY ? { entry: process.env.BENCH_FAKES_ENTRY } : {}),
  });
  // Records and expectations leave for the parent in batches: this process keeps none of them.
  let outgoingRecords: RequestRecord[] = [];
  let outgoingExpected: Expected[] = [];
  let requestCount = 0;
  const flush = (): void => {
    if (outgoingRecords.length > 0) send({ type: 'records', records: outgoingRecords });
    if (outgoingExpected.length > 0) send({ type: 'expected', expected: outgoingExpected });
    outgoingRecords = [];
    outgoingExpected = [];
  };
  const setup = await fakes.call('setup', {
    githubRepos,
    gitlabProjects,
    channels,
    seed: SEED,
    offset: clock.currentOffset,
    slackRateLimit: { perSecond: 1, burst: 3 },
  });
  const meter = new HttpMeter(
    clock,
    [
      { origin: setup.github.origin, service: 'github' },
      { origin: setup.gitlab.origin, service: 'gitlab' },
      { origin: setup.slack.origin, service: 'slack' },
    ],
    RTT_MS,
    VIRTUAL_NOW_HEADER,
    (record) => {
      requestCount++;
      outgoingRecords.push(record);
      if (outgoingRecords.length >= 500) flush();
    },
  );
  const uninstall = meter.install();
  // The subscriptions are imported and the engine starts a little before the first activity: a subscription hears
  // what happens after it was created, and GitHub stamps whole seconds (an import and an event in the same second
  // cannot be told apart). The first poll counts in the hour's figures.
  clock.skipTo(START - IMPORT_LEAD_MS);

  const config: ConfigFileInput = {
    version: 1,
    pollIntervalSeconds: POLL_SECONDS,
    slack: { botToken: setup.slack.botToken, apiUrl: setup.slack.apiUrl, defaultChannel: channels[0] as string },
    accounts: [
      { id: 'github', forge: 'github', apiUrl: setup.github.apiUrl, token: setup.github.token },
      { id: 'gitlab', forge: 'gitlab', apiUrl: setup.gitlab.apiUrl, token: setup.gitlab.token },
    ],
    subscriptions: PATTERNS
      ? [
          ...[...new Set(githubRepos.map(patternOf.github))].map((repo, i) => ({
            account: 'github',
            repo,
            channel: channels[i % CHANNELS] as string,
          })),
          ...[...new Set(gitlabProjects.map(patternOf.gitlab))].map((repo, i) => ({
            account: 'gitlab',
            repo,
            channel: channels[(10 + i) % CHANNELS] as string,
          })),
        ]
      : [
          ...githubRepos.map((repo, i) => ({ account: 'github', repo, channel: channels[i % CHANNELS] as string })),
          ...gitlabProjects.map((repo, i) => ({
            account: 'gitlab',
            repo,
            channel: channels[(GITHUB_REPOS + i) % CHANNELS] as string,
          })),
        ],
  };

  const usageBefore = process.resourceUsage();
  const wallBefore = performance.now();
  // The engine's RSS is sampled at every clock step while it runs the hour and the drain (`sampling`); not after, when
  // this process takes the fakes' whole record of Slack posts for the report (bookkeeping, not the engine's memory).
  // The kernel's max RSS (getrusage, also reported) is read at the end of the drain too.
  const memory = {
    start: process.memoryUsage().rss,
    peak: 0,
    peakMinute: 0,
    sampling: true,
    samples: [] as { minute: number; rss: number }[],
  };
  const h: EngineHarness = await startEngine(config, { clock });
  const warnings = new Map<string, number>();
  h.engine.onPush(<E extends PushEventName>(event: E, payload: PushPayload<E>) => {
    if (event !== 'log') return;
    const line = payload as PushPayload<'log'>;
    if (line.level === 'warn' || line.level === 'error')
      warnings.set(line.message, (warnings.get(line.message) ?? 0) + 1);
  });
  const subscriptionIds = new Map(
    h.saved().subscriptions.map((s) => [`${s.account}\u0000${s.repo.toLowerCase()}`, s.id]),
  );

  // ---- activity --------------------------------------------------------------------------------
  const end = START + MINUTES * 60_000;
  const stopAt = end + DRAIN_MINUTES * 60_000;
  const performed = new Map<string, number>();
  let actions = 0;
  let opsDone = 0;
  let pendingOps = 0;
  let opWaiters: (() => void)[] = [];
  const runOp = (op: Op): void => {
    pendingOps++;
    fakes
      .call('op', { op, now: clock.now() })
      .then((result) => {
        opsDone++;
        actions += result.actions;
        const key = `${op.forge} ${result.performed}`;
        performed.set(key, (performed.get(key) ?? 0) + 1);
        outgoingExpected.push(...result.expected);
        for (const f of result.followUps)
          if (clock.now() + f.delayMs < end) clock.setTimeout(() => runOp(f.op), f.delayMs);
      })
      .catch((error: unknown) => {
        console.error('activity op failed', op, error);
      })
      .finally(() => {
        pendingOps--;
        const waiters = opWaiters;
        opWaiters = [];
        for (const w of waiters) w();
      });
  };
  const plan = planActivity({
    github: githubRepos,
    gitlab: gitlabProjects,
    idleGithub: IDLE_GITHUB,
    idleGitlab: IDLE_GITLAB,
    durationMs: MINUTES * 60_000,
    perRepoPer10Min: 1,
    burstShare: 0.2,
    seed: SEED,
  });
  for (const p of plan)
    clock.setTimeout(
      () => runOp({ forge: p.forge, repo: p.repo, kind: p.kind, seed: p.seed }),
      START + p.offsetMs - clock.now(),
    );

  // ---- the driver: run work at real speed, skip idle time --------------------------------------
  const busy = (): boolean => meter.inFlight > 0 || pendingOps > 0;
  const settle = async (): Promise<void> => {
    let quiet = 0;
    while (quiet < 3) {
      clock.fireDue();
      if (busy()) {
        quiet = 0;
        const next = clock.nextAt();
        const wait = next === null ? 20 : Math.max(0, Math.min(20, next - clock.now()));
        let timer: NodeJS.Timeout | undefined;
        const waits: Promise<void>[] = [new Promise<void>((resolve) => (timer = setTimeout(resolve, wait)))];
        if (meter.inFlight > 0) waits.push(meter.changed());
        if (pendingOps > 0) waits.push(new Promise<void>((resolve) => opWaiters.push(resolve)));
        await Promise.race(waits);
        clearTimeout(timer);
        continue;
      }
      await new Promise((resolve) => setImmediate(resolve));
      quiet = busy() || clock.hasDue() ? 0 : quiet + 1;
    }
  };
  const pumpUntil = async (limit: number, done: () => boolean = () => false): Promise<void> => {
    let nextProgress = START + 10 * 60_000;
    for (;;) {
      await settle();
      if (done()) return;
      const next = clock.nextAt();
      if (next === null || next > limit) return;
      clock.skipTo(next);
      if (memory.sampling) {
        const rss = process.memoryUsage().rss;
        if (rss > memory.peak) {
          memory.peak = rss;
          memory.peakMinute = (clock.now() - START) / 60_000;
        }
      }
      if (memory.sampling && clock.now() >= nextProgress) {
        memory.samples.push({ minute: Math.round((clock.now() - START) / 60_000), rss: process.memoryUsage().rss });
        const m = process.memoryUsage();
        const mb = (n: number): string => `${Math.round(n / 1048576)}`;
        const space = (name: string): string => {
          const s = getHeapSpaceStatistics().find((x) => x.space_name === name);
          return s ? `${mb(s.space_used_size)}/${mb(s.space_size)}` : '?';
        };
        process.stderr.write(
          `  … ${Math.round((clock.now() - START) / 60_000)} simulated min, ${((performance.now() - wallBefore) / 1000).toFixed(0)} s real, ${requestCount} requests; engine RSS ${mb(m.rss)} MB (peak so far ${mb(memory.peak)} at +${memory.peakMinute.toFixed(1)} min, kernel max ${mb(process.resourceUsage().maxRSS * 1024)}; heap ${mb(m.heapUsed)}/${mb(m.heapTotal)}: new ${space('new_space')}, old ${space('old_space')}, code ${space('code_space')}, large ${space('large_object_space')}; external ${mb(m.external)}, array buffers ${mb(m.arrayBuffers)})\n`,
        );
        if (process.env.BENCH_SMAPS === '1') process.stderr.write(`    smaps: ${smapsSummary()}\n`);
        nextProgress += 10 * 60_000;
      }
      const minute = (clock.now() - START) / 60_000;
      while (SNAPSHOT_MINUTES.length > 0 && minute >= (SNAPSHOT_MINUTES[0] as number)) {
        const at = SNAPSHOT_MINUTES.shift() as number;
        (globalThis as { gc?: () => void }).gc?.();
        const file = writeHeapSnapshot(`engine-${at}min.heapsnapshot`);
        process.stderr.write(`  heap snapshot at ${at} simulated min: ${file}\n`);
      }
    }
  };
  process.stderr.write(
    `forges bench: ${GITHUB_REPOS} GitHub repos + ${GITLAB_PROJECTS} GitLab projects, ${plan.length} planned actions, seed ${SEED}\n`,
  );
  await pumpUntil(stopAt);
  const usageAfter = process.resourceUsage();
  const wallAfter = performance.now();
  const memoryEnd = process.memoryUsage();
  memory.peak = Math.max(memory.peak, memoryEnd.rss);
  memory.sampling = false;
  const collected = await fakes.call('collect', null);
  const outbox = h.engine.status().outbox;

  // Stop while still driving the clock (in-flight polls may be waiting on a simulated round-trip).
  let stopped = false;
  const stopping = h.stop().finally(() => void (stopped = true));
  await pumpUntil(stopAt + 10 * 60_000, () => stopped);
  await stopping;
  await uninstall();
  await fakes.close();
  flush();

  const run: EngineRun = {
    config: {
      githubRepos,
      gitlabProjects,
      idleGithub: IDLE_GITHUB,
      idleGitlab: IDLE_GITLAB,
      minutes: MINUTES,
      drainMinutes: DRAIN_MINUTES,
      rttMs: RTT_MS,
      pollSeconds: POLL_SECONDS,
      channels: CHANNELS,
      seed: SEED,
      start: START,
      importLeadMs: IMPORT_LEAD_MS,
      patterns: PATTERNS,
      size: LARGE ? 'large' : 'today',
    },
    activity: {
      planned: plan.length,
      burst: plan.filter((p) => p.burst).length,
      ops: opsDone,
      actions,
      performed: [...performed],
    },
    collected,
    subscriptionIds: [...subscriptionIds],
    engine: {
      cpuMicros:
        usageAfter.userCPUTime + usageAfter.systemCPUTime - (usageBefore.userCPUTime + usageBefore.systemCPUTime),
      wallMs: wallAfter - wallBefore,
      rssStart: memory.start,
      rssPeak: memory.peak,
      rssEnd: memoryEnd.rss,
      rssSamples: memory.samples,
      heapUsedEnd: memoryEnd.heapUsed,
      maxRssKb: usageAfter.maxRSS,
      outbox,
      warnings: [...warnings],
    },
    clock: {
      skippedMs: clock.skippedMs,
      skips: clock.skips,
      violations: clock.violations,
      totalWallMs: performance.now() - wallStart,
    },
  };
  // The last message must leave before the channel closes.
  await new Promise<void>((resolve) => process.send?.({ type: 'done', run } satisfies EngineMessage, () => resolve()));
}

/** BENCH_SMAPS=1 (diagnostics): resident memory by mapping (Linux), to tell V8's heap from malloc's and program pages. */
function smapsSummary(): string {
  const by = new Map<string, number>();
  let name = '';
  for (const line of readFileSync('/proc/self/smaps', 'utf8').split('\n')) {
    const head = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (head) {
      name = (head[1] || '[anon]').replace(/.*\//, '');
      continue;
    }
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    if (rss) by.set(name, (by.get(name) ?? 0) + Number(rss[1]));
  }
  return [...by]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 6)
    .map(([k, kb]) => `${k} ${(kb / 1024).toFixed(1)}`)
    .join(', ');
}

function send(message: EngineMessage): void {
  process.send?.(message);
}

main().then(
  () => process.disconnect?.(),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
