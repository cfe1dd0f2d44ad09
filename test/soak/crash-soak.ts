/**
 * `npm run soak:crash`: the crash test at length — 100 kill -9s of `forgebell serve` while a delivery is in flight
 * (a top-level post, a thread reply or a parent update, held by the Slack fake before or after it stored the
 * message, or the permalink asked after it), in batches of fresh worlds with random seeds, then the figures: kills,
 * rows in flight at the kill, what recovery found, lost, duplicated. Exits 1 when anything was lost or duplicated.
 * FORGEBELL_SOAK_KILLS (default 100), FORGEBELL_SOAK_BATCH (kills per world, default 20), FORGEBELL_CRASH_SEED
 * (first seed; each batch uses the next one) replay a run.
 */
import { randomInt } from 'node:crypto';
import { type CrashFigures, describeFigures, inFlightAt, runCrashScenario } from '../support/crash-scenario.js';

const KILLS = Number(process.env.FORGEBELL_SOAK_KILLS ?? 100);
const BATCH = Number(process.env.FORGEBELL_SOAK_BATCH ?? 20);
const FIRST_SEED = Number(process.env.FORGEBELL_CRASH_SEED ?? randomInt(1, 2 ** 31 - 1000));

async function main(): Promise<void> {
  const runs: CrashFigures[] = [];
  console.log(`crash soak: ${KILLS} kills in batches of ${BATCH}, first seed ${FIRST_SEED}`);
  for (let done = 0, i = 0; done < KILLS; i++) {
    const kills = Math.min(BATCH, KILLS - done);
    const seed = FIRST_SEED + i;
    const f = await runCrashScenario({ kills, seed, log: (l) => console.log(`  [seed ${seed}] ${l}`) });
    console.log(describeFigures(f).replace(/^/gm, '  '));
    runs.push(f);
    done += kills;
  }
  const all = runs.flatMap((r) => r.kills);
  const sum = (pick: (r: CrashFigures) => number): number => runs.reduce((n, r) => n + pick(r), 0);
  const byTarget = new Map<string, number>();
  for (const k of all) byTarget.set(k.target, (byTarget.get(k.target) ?? 0) + 1);
  const misplaced = all.filter((k) => k.inFlight !== (inFlightAt(k.target) ? 1 : 0)).length;
  const lost = sum((r) => r.lost);
  const duplicated = sum((r) => r.duplicated);
  const problems = runs.flatMap((r) => r.problems.map((p) => `seed ${r.seed}: ${p}`));
  console.log(
    [
      '',
      `Crash soak — seeds ${FIRST_SEED}…${FIRST_SEED + runs.length - 1}`,
      `  kills:                    ${all.length} (${[...byTarget].map(([t, n]) => `${t} ${n}`).join(', ')})`,
      `  in flight at kill:        ${all.reduce((n, k) => n + k.inFlight, 0)} rows (kills on the send with no row in flight: ${misplaced})`,
      `  recovery found in Slack:  ${sum((r) => r.recoveredFound)}`,
      `  recovery found absent:    ${sum((r) => r.recoveredAbsent)}`,
      `  recovery could not tell:  ${sum((r) => r.recoveredUnknown)}`,
      `  events expected:          ${sum((r) => r.expected)}`,
      `  messages in Slack:        ${sum((r) => r.messages)}`,
      `  lost:                     ${lost}`,
      `  duplicated:               ${duplicated}`,
      `  stale thread parents:     ${sum((r) => r.staleParents.length)}`,
      `  wall time:                ${(sum((r) => r.durationMs) / 1000).toFixed(0)} s`,
      ...problems.map((p) => `  problem: ${p}`),
    ].join('\n'),
  );
  if (lost > 0 || duplicated > 0 || problems.length > 0 || misplaced > 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
