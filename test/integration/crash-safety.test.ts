import { randomInt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { describeFigures, inFlightAt, runCrashScenario } from '../support/crash-scenario.js';

/**
 * kill -9 of `forgebell serve` while a delivery is in flight — a top-level post, a thread reply, or a parent update,
 * held by the Slack fake before or after it stored the message — then a clean run: every event exists in Slack
 * exactly once and every parent is current. A few kills here; `npm run soak:crash` runs 100.
 * Replay a failure with FORGEBELL_CRASH_SEED=<seed printed below>.
 */
describe('durability across kill -9 during delivery', () => {
  it('loses and duplicates nothing, and recovery looks for every message that was in flight', async () => {
    const seed = Number(process.env.FORGEBELL_CRASH_SEED ?? randomInt(1, 2 ** 31));
    const kills = Number(process.env.FORGEBELL_CRASH_KILLS ?? 5);
    console.log(`crash test seed ${seed} (replay: FORGEBELL_CRASH_SEED=${seed})`);
    const f = await runCrashScenario({ kills, seed });
    const summary = describeFigures(f);
    console.log(summary);
    // Every kill on a call of the send found its row committed as `sending` before the call left; a kill on the
    // permalink found it already `sent`.
    expect(
      f.kills.map((k) => `${k.target}: ${k.inFlight}`),
      summary,
    ).toEqual(f.kills.map((k) => `${k.target}: ${inFlightAt(k.target) ? 1 : 0}`));
    // The next start looked for each one: in Slack after a stored post, absent when the post never ran (or the
    // kill came during the parent update that precedes a reply).
    const stored = f.kills.filter((k) => k.target === 'post:after' || k.target === 'reply:after').length;
    const inFlight = f.kills.filter((k) => inFlightAt(k.target)).length;
    expect({ found: f.recoveredFound, absent: f.recoveredAbsent, unknown: f.recoveredUnknown }, summary).toEqual({
      found: stored,
      absent: inFlight - stored,
      unknown: 0,
    });
    expect(f.problems, summary).toEqual([]);
    expect({ lost: f.lost, duplicated: f.duplicated, staleParents: f.staleParents }, summary).toEqual({
      lost: 0,
      duplicated: 0,
      staleParents: [],
    });
    expect(f.messages, summary).toBe(f.expected);
  }, 240_000);
});
