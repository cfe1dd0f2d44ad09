import Database from 'better-sqlite3';
import { join } from 'node:path';
import type { CallHook, MessageRecord } from '../fakes/slack/index.js';
import { runCli, type ServeProcess, startServe } from './cli-process.js';
import { sleep, until } from './wait-until.js';
import { REPO, startTestWorld, type TestWorld, waitPastSubscriptionStart } from './world.js';

/**
 * kill -9 of a real `forgebell serve` while a delivery is in flight, many times, then one clean run: every event
 * must exist in Slack exactly once and every thread parent must show its issue's last state.
 *
 * Each round arms a hook in the Slack fake on one kind of call — a top-level post, a thread reply, or the parent
 * update that goes with a reply — taken either before Slack stores it or after (the message exists, the answer is
 * held); or on the permalink asked after a post (by then the row must already be recorded as sent). The forge activity of the round produces that call; when the hook reports it, serve is killed, and the
 * hook drops the call. With one channel (FIFO) exactly one row is in flight at each kill; the next start must look
 * for it in Slack (found after a stored post, absent otherwise), and the round waits for that before it arms the
 * next hook, so that each kill interrupts a fresh send. Seeded, so a failure can be replayed.
 */

export type KillTarget =
  | 'post:before'
  | 'post:after'
  | 'reply:before'
  | 'reply:after'
  | 'parent-update:before'
  | 'parent-update:after'
  | 'permalink:before';

const TARGETS: KillTarget[] = [
  'post:before',
  'post:after',
  'reply:before',
  'reply:after',
  'parent-update:before',
  'parent-update:after',
  'permalink:before',
];

/** Whether a kill at this target leaves the row in flight: the permalink is asked only after `sent` is recorded. */
export const inFlightAt = (target: KillTarget): boolean => !target.startsWith('permalink');

export interface KillRecord {
  round: number;
  target: KillTarget;
  /** Outbox rows in `sending` when serve died (read from its database afterwards). */
  inFlight: number;
  /** Rows still waiting (`pending`) at that moment. */
  pending: number;
}

export interface CrashFigures {
  seed: number;
  kills: KillRecord[];
  /** Events made on the forge that the subscription hears (each must be one Slack message). */
  expected: number;
  messages: number;
  distinctDeliveries: number;
  lost: number;
  duplicated: number;
  /** From serve's log: in-flight rows looked for in Slack at the next start, and what was found. */
  recoveredFound: number;
  recoveredAbsent: number;
  recoveredUnknown: number;
  /** Closed issues whose thread parent does not say so. */
  staleParents: string[];
  /** Delivery ids posted more than once, and titles/comments never posted (for the failure message). */
  problems: string[];
  durationMs: number;
}

export interface CrashScenarioOptions {
  kills: number;
  seed: number;
  /** Progress lines (the soak prints them). */
  log?: (line: string) => void;
  /** Longest wait for the round's hooked call. */
  hookTimeoutMs?: number;
}

/** A small seeded generator (mulberry32): the same seed, the same rounds. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface IssueRecord {
  number: number;
  title: string;
  comments: string[];
  closed: boolean;
}

function armHook(world: TestWorld, target: KillTarget): CallHook {
  const [kind, stage] = target.split(':') as ['post' | 'reply' | 'parent-update' | 'permalink', 'before' | 'after'];
  if (kind === 'parent-update') return world.slack.hookNext('chat.update', { stage, answer: 'hold' });
  if (kind === 'permalink') return world.slack.hookNext('chat.getPermalink', { stage, answer: 'hold' });
  return world.slack.hookNext('chat.postMessage', {
    stage,
    answer: 'hold',
    match: (p) => (kind === 'reply' ? p.thread_ts !== undefined : p.thread_ts === undefined),
  });
}

function outboxAtKill(dataDir: string): { inFlight: number; pending: number } {
  const db = new Database(join(dataDir, 'state.db'));
  try {
    const count = (state: string): number =>
      (db.prepare('SELECT COUNT(*) AS n FROM outbox WHERE state = ?').get(state) as { n: number }).n;
    return { inFlight: count('sending'), pending: count('pending') };
  } finally {
    db.close();
  }
}

/** Outbox rows in the given states, read while serve runs (WAL: a reader sees what serve committed). */
function outboxCount(dataDir: string, states: string[]): number {
  const db = new Database(join(dataDir, 'state.db'), { readonly: true });
  try {
    const marks = states.map(() => '?').join(', ');
    return (db.prepare(`SELECT COUNT(*) AS n FROM outbox WHERE state IN (${marks})`).get(...states) as { n: number }).n;
  } finally {
    db.close();
  }
}

const isReply = (m: MessageRecord): boolean => m.thread_ts !== undefined && m.thread_ts !== m.ts;

export async function runCrashScenario(o: CrashScenarioOptions): Promise<CrashFigures> {
  const started = Date.now();
  const log = o.log ?? (() => undefined);
  const random = seededRandom(o.seed);
  const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)]!;
  const world = await startTestWorld({
    configure: (c) => {
      c.subscriptions = [{ account: 'github', repo: REPO, events: ['issues', 'comments'] }];
    },
  });
  const serves: ServeProcess[] = [];
  const kills: KillRecord[] = [];
  const issues: IssueRecord[] = [];
  let expected = 0;
  const open = (label: string): void => {
    const title = `Crash ${o.seed} issue (${label})`;
    issues.push({ number: world.github.openIssue(REPO, { title }).number, title, comments: [], closed: false });
    expected++;
  };
  const commentOn = (issue: IssueRecord, label: string): void => {
    const body = `Crash ${o.seed} comment (${label})`;
    world.github.comment(REPO, { issue: issue.number }, body);
    issue.comments.push(body);
    expected++;
  };
  const start = async (): Promise<ServeProcess> => {
    const serve = await startServe(['--data-dir', world.dataDir], {}, 60_000);
    serves.push(serve);
    return serve;
  };
  try {
    const imported = runCli(['import', world.configPath, '--data-dir', world.dataDir]);
    if (imported.code !== 0) throw new Error(`import failed: ${imported.stderr}`);
    await waitPastSubscriptionStart();

    // Warm-up: two threads to reply in.
    let serve = await start();
    open('w1');
    open('w2');
    await until(() => world.slack.messages.length >= 2, 'the warm-up messages', 60_000);

    for (let round = 0; round < o.kills; round++) {
      const target = pick(TARGETS);
      const hook = armHook(world, target);
      const live = issues.filter((i) => !i.closed);
      open(`${round}`);
      commentOn(pick(live), `${round}`);
      if (live.length > 1 && random() < 0.4) {
        const closing = pick(live);
        world.github.closeIssue(REPO, closing.number);
        closing.closed = true;
        expected++;
      }
      try {
        await Promise.race([
          hook.arrived,
          sleep(o.hookTimeoutMs ?? 60_000).then(() => {
            throw new Error(`round ${round}: the hooked call (${target}) never came; serve log:\n${serve.stderr()}`);
          }),
        ]);
      } catch (error) {
        hook.cancel();
        throw error;
      }
      await serve.stop('SIGKILL');
      hook.drop();
      const atKill = outboxAtKill(world.dataDir);
      kills.push({ round, target, ...atKill });
      log(`round ${round}: killed at ${target}; in flight ${atKill.inFlight}, pending ${atKill.pending}`);
      serve = await start();
      // The row that was in flight is looked for (and finished) first: only then the next send is interrupted.
      await until(() => outboxCount(world.dataDir, ['sending']) === 0, 'the recovery of the row in flight', 60_000);
    }

    // The clean run: everything arrives, and nothing is left that could arrive later.
    await until(
      () => world.slack.messages.length >= expected && outboxCount(world.dataDir, ['pending', 'sending']) === 0,
      () => `${expected} messages and an empty outbox (have ${world.slack.messages.length})`,
      120_000,
    );
    await serve.stop('SIGTERM');
    return figures(o.seed, world, issues, kills, expected, serves, started);
  } finally {
    for (const s of serves) await s.stop('SIGKILL');
    await world.close();
  }
}

function figures(
  seed: number,
  world: TestWorld,
  issues: IssueRecord[],
  kills: KillRecord[],
  expected: number,
  serves: ServeProcess[],
  started: number,
): CrashFigures {
  const messages = world.slack.messages;
  const ids = messages.map((m) => String(m.metadata?.event_payload.delivery_id));
  const counts = new Map<string, number>();
  for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
  const problems: string[] = [];
  for (const [id, n] of counts) if (n > 1) problems.push(`posted ${n} times: ${id}`);
  const staleParents: string[] = [];
  for (const issue of issues) {
    const parents = messages.filter((m) => !isReply(m) && m.text.includes(issue.title));
    if (parents.length !== 1) {
      problems.push(`${parents.length} top-level messages for "${issue.title}"`);
      continue;
    }
    const parent = parents[0]!;
    const replies = messages.filter((m) => isReply(m) && m.thread_ts === parent.ts);
    const wanted = issue.comments.length + (issue.closed ? 1 : 0);
    if (replies.length !== wanted)
      problems.push(`${replies.length} replies under "${issue.title}", expected ${wanted}`);
    for (const body of issue.comments) {
      const n = replies.filter((m) => JSON.stringify(m.blocks ?? m.text).includes(body)).length;
      if (n !== 1) problems.push(`comment "${body}" appears ${n} times in its thread`);
    }
    if (issue.closed && !/Closed/.test(JSON.stringify(parent.blocks))) staleParents.push(issue.title);
  }
  const logs = serves.map((s) => s.stderr()).join('\n');
  const countLog = (re: RegExp): number => logs.split('\n').filter((l) => re.test(l)).length;
  return {
    seed,
    kills,
    expected,
    messages: messages.length,
    distinctDeliveries: counts.size,
    lost: Math.max(0, expected - counts.size),
    duplicated: messages.length - counts.size,
    recoveredFound: countLog(/found in Slack: recorded as sent/),
    recoveredAbsent: countLog(/not in Slack: posting it/),
    recoveredUnknown: countLog(/cannot tell whether Slack has it/),
    staleParents,
    problems,
    durationMs: Date.now() - started,
  };
}

/** One line per figure, for the soak and for a failing test. */
export function describeFigures(f: CrashFigures): string {
  const byTarget = new Map<string, number>();
  for (const k of f.kills) byTarget.set(k.target, (byTarget.get(k.target) ?? 0) + 1);
  return [
    `seed ${f.seed} (replay: FORGEBELL_CRASH_SEED=${f.seed})`,
    `kills: ${f.kills.length} (${[...byTarget].map(([t, n]) => `${t} ${n}`).join(', ')})`,
    `in flight at kill: ${f.kills.reduce((n, k) => n + k.inFlight, 0)} rows over ${f.kills.filter((k) => k.inFlight > 0).length} kills`,
    `recovery at the next start: found in Slack ${f.recoveredFound}, absent ${f.recoveredAbsent}, unknown ${f.recoveredUnknown}`,
    `expected ${f.expected}, messages ${f.messages}, lost ${f.lost}, duplicated ${f.duplicated}, stale parents ${f.staleParents.length}`,
    ...f.problems.map((p) => `problem: ${p}`),
    `took ${(f.durationMs / 1000).toFixed(1)} s`,
  ].join('\n');
}
