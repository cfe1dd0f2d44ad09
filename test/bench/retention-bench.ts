/**
 * `npm run bench:retention`: does the state database stop growing once retention applies, and does the engine's
 * memory? The real Engine (test/support/engine-harness.ts) polls 20 GitHub repositories on the fake through 30
 * simulated days of activity (2,000 forge actions a day: issues opened, closed, commented, pushes, pull requests,
 * reviews, releases), delivering to the Slack fake, with `retentionDays` 7 so pruning starts within the run. The
 * engine's own retention service runs on its own hourly timer; nothing here prunes.
 * Per simulated day it prints the database size (state.db plus its WAL), the rows of each table and the engine's
 * RSS and heap (after a GC when run with --expose-gc). Measures and prints; asserts nothing.
 *
 * Time: the skip-idle virtual clock of the forges benchmark; the fakes run in a child process (their memory is not
 * counted). BENCH_DAYS, BENCH_EVENTS_PER_DAY, BENCH_RETENTION_DAYS, BENCH_REPOS, BENCH_POLL_SECONDS change the run.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { ConfigFileInput } from '../../electron/core/settings/config-schema.js';
import { startEngine } from '../support/engine-harness.js';
import { FakesClient } from './forges/fakes-client.js';
import { HttpMeter } from './forges/http-meter.js';
import { VIRTUAL_NOW_HEADER, type OpKind } from './forges/protocol.js';
import { Random } from './forges/random.js';
import { SkipClock } from './forges/skip-clock.js';

const env = (name: string, fallback: number): number =>
  process.env[name] !== undefined ? Number(process.env[name]) : fallback;
const DAYS = env('BENCH_DAYS', 30);
const PER_DAY = env('BENCH_EVENTS_PER_DAY', 2000);
const RETENTION_DAYS = env('BENCH_RETENTION_DAYS', 7);
const REPOS = env('BENCH_REPOS', 20);
const POLL_SECONDS = env('BENCH_POLL_SECONDS', 600);
const SEED = env('BENCH_SEED', 7);
const DAY = 86_400_000;
const START = Date.parse('2026-01-05T00:00:00Z');

/** What happens on a forge in a day, by share. Comments are filtered by the default events (feed rows, no post). */
const MIX: [OpKind, number][] = [
  ['openIssue', 0.22],
  ['comment', 0.22],
  ['closeIssue', 0.14],
  ['pushMain', 0.16],
  ['openPull', 0.08],
  ['mergePull', 0.06],
  ['review', 0.06],
  ['reopenIssue', 0.04],
  ['release', 0.02],
];

interface DaySample {
  day: number;
  dbBytes: number;
  walBytes: number;
  rows: Record<string, number>;
  rssMb: number;
  heapMb: number;
  wallS: number;
}

function pickKind(rnd: Random): OpKind {
  let x = rnd.next();
  for (const [kind, share] of MIX) {
    x -= share;
    if (x < 0) return kind;
  }
  return 'openIssue';
}

async function main(): Promise<void> {
  process.env.NO_PROXY = ['127.0.0.1', 'localhost', process.env.NO_PROXY].filter(Boolean).join(',');
  const gc = (globalThis as { gc?: () => void }).gc;
  const repos = Array.from({ length: REPOS }, (_, i) => `org-${i % 4}/service-${String(i).padStart(2, '0')}`);
  const clock = new SkipClock(START - 3600_000);
  const fakes = FakesClient.start();
  const setup = await fakes.call('setup', {
    githubRepos: repos,
    gitlabProjects: [],
    channels: ['dev'],
    seed: SEED,
    offset: clock.currentOffset,
    slackRateLimit: null,
  });
  const meter = new HttpMeter(
    clock,
    [
      { origin: setup.github.origin, service: 'github' },
      { origin: setup.slack.origin, service: 'slack' },
    ],
    0,
    VIRTUAL_NOW_HEADER,
    () => undefined, // requests are not what this benchmark measures
  );
  const uninstall = meter.install();
  clock.skipTo(START - 60_000);
  const config: ConfigFileInput = {
    version: 1,
    pollIntervalSeconds: POLL_SECONDS,
    retentionDays: RETENTION_DAYS,
    slack: { botToken: setup.slack.botToken, apiUrl: setup.slack.apiUrl, defaultChannel: 'dev' },
    accounts: [{ id: 'github', forge: 'github', apiUrl: setup.github.apiUrl, token: setup.github.token }],
    subscriptions: repos.map((repo) => ({ account: 'github', repo })),
  };
  const h = await startEngine(config, { clock });
  const db = h.state.db; // a second connection to the engine's database, for counting rows

  let pendingOps = 0;
  let waiters: (() => void)[] = [];
  const runOp = (repo: string, kind: OpKind, seed: number): void => {
    pendingOps++;
    fakes
      .call('op', { op: { forge: 'github', repo, kind, seed }, now: clock.now() })
      .catch((error: unknown) => console.error('activity op failed', kind, error))
      .finally(() => {
        pendingOps--;
        const w = waiters;
        waiters = [];
        for (const f of w) f();
      });
  };
  const rnd = new Random(SEED);
  const planDay = (day: number): void => {
    const dayStart = START + day * DAY;
    for (let i = 0; i < PER_DAY; i++) {
      const repo = repos[rnd.int(0, repos.length - 1)] as string;
      const kind = pickKind(rnd);
      const seed = rnd.int(1, 2 ** 30);
      clock.setTimeout(() => runOp(repo, kind, seed), dayStart + Math.floor((i * DAY) / PER_DAY) - clock.now());
    }
  };

  const busy = (): boolean => meter.inFlight > 0 || pendingOps > 0;
  const settle = async (): Promise<void> => {
    let quiet = 0;
    while (quiet < 3) {
      clock.fireDue();
      if (busy()) {
        quiet = 0;
        const waits: Promise<void>[] = [new Promise((r) => setTimeout(r, 20))];
        if (meter.inFlight > 0) waits.push(meter.changed());
        if (pendingOps > 0) waits.push(new Promise<void>((r) => waiters.push(r)));
        await Promise.race(waits);
        continue;
      }
      await new Promise((r) => setImmediate(r));
      quiet = busy() || clock.hasDue() ? 0 : quiet + 1;
    }
  };
  const pumpUntil = async (limit: number): Promise<void> => {
    for (;;) {
      await settle();
      const next = clock.nextAt();
      if (next === null || next > limit) {
        clock.skipTo(limit);
        await settle();
        return;
      }
      clock.skipTo(next);
    }
  };

  const count = (table: string): number => (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
  const size = (file: string): number => {
    try {
      return statSync(join(h.dataDir, file)).size;
    } catch {
      return 0;
    }
  };
  const samples: DaySample[] = [];
  const wall0 = performance.now();
  process.stderr.write(
    `retention bench: ${DAYS} days × ${PER_DAY} forge actions over ${REPOS} repositories, retentionDays ${RETENTION_DAYS}, poll ${POLL_SECONDS} s\n`,
  );
  for (let day = 0; day < DAYS; day++) {
    planDay(day);
    await pumpUntil(START + (day + 1) * DAY);
    gc?.();
    const memory = process.memoryUsage();
    const sample: DaySample = {
      day: day + 1,
      dbBytes: size('state.db'),
      walBytes: size('state.db-wal'),
      rows: Object.fromEntries(
        ['feed', 'feed_destinations', 'outbox', 'seen_events', 'threads', 'pipeline_status'].map((t) => [t, count(t)]),
      ),
      rssMb: memory.rss / 1048576,
      heapMb: memory.heapUsed / 1048576,
      wallS: (performance.now() - wall0) / 1000,
    };
    samples.push(sample);
    process.stderr.write(
      `  day ${sample.day}: db ${(sample.dbBytes / 1048576).toFixed(1)} MB + wal ${(sample.walBytes / 1048576).toFixed(1)} MB, rss ${sample.rssMb.toFixed(0)} MB, ${sample.wallS.toFixed(0)} s\n`,
    );
  }
  const collected = await fakes.call('collect', null);
  const posted = collected.slack.posts.map((p) => p.deliveryId).filter((id): id is string => id !== null);
  const duplicates = posted.length - new Set(posted).size;

  const stopping = h.stop();
  await pumpUntil(clock.now() + 600_000);
  await stopping;
  await uninstall();
  await fakes.close();

  const mb = (b: number): string => (b / 1048576).toFixed(1).padStart(6);
  console.log(
    [
      `Retention benchmark — ${DAYS} simulated days, ${PER_DAY} forge actions a day on ${REPOS} GitHub repositories (fake), default events, retentionDays ${RETENTION_DAYS}, poll every ${POLL_SECONDS} s; the engine's own hourly retention`,
      `${gc ? 'RSS and heap after a full GC' : 'RSS and heap without a forced GC (run with NODE_OPTIONS=--expose-gc for steadier figures)'}; db = state.db, wal = state.db-wal`,
      '',
      ' day |  db MB | wal MB |   feed |  dests | outbox |  seen | threads | pipes | RSS MB | heap MB',
      '-----|--------|--------|--------|--------|--------|-------|---------|-------|--------|--------',
      ...samples.map(
        (s) =>
          `${String(s.day).padStart(4)} | ${mb(s.dbBytes)} | ${mb(s.walBytes)} | ${String(s.rows.feed).padStart(6)} | ${String(s.rows.feed_destinations).padStart(6)} | ${String(s.rows.outbox).padStart(6)} | ${String(s.rows.seen_events).padStart(5)} | ${String(s.rows.threads).padStart(7)} | ${String(s.rows.pipeline_status).padStart(5)} | ${s.rssMb.toFixed(1).padStart(6)} | ${s.heapMb.toFixed(1).padStart(6)}`,
      ),
      '',
      `Messages posted to Slack: ${posted.length} (${duplicates} duplicated delivery ids); wall time ${((performance.now() - wall0) / 1000).toFixed(0)} s; skipped ${(clock.skippedMs / DAY).toFixed(1)} idle days`,
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
