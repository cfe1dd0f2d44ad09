import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, type ServeProcess, startServe } from '../support/cli-process.js';
import { sleep } from '../support/wait-until.js';
import { REPO, startTestWorld, type TestWorld } from '../support/world.js';

/**
 * DMs held for quiet hours survive kill -9: they are held while `serve` runs and is killed, then — with the quiet
 * hours over — `serve` is killed again and again at random instants while it releases them; after a final clean run
 * the person has exactly one summary DM listing every held item, nothing lost, nothing twice.
 */

const ALICE = 'U0ALICE001';

/** `HH:MM` (UTC) `minutes` from now. */
function hhmm(minutes: number): string {
  const d = new Date(Date.now() + minutes * 60_000);
  return `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
}

function quietRows(dataDir: string): number {
  const db = new Database(join(dataDir, 'state.db'), { readonly: true, fileMustExist: true });
  try {
    return (db.prepare("SELECT COUNT(*) AS n FROM outbox WHERE state = 'quiet'").get() as { n: number }).n;
  } catch {
    return 0;
  } finally {
    db.close();
  }
}

describe('held DMs across kill -9', () => {
  let world: TestWorld;
  let serve: ServeProcess | null = null;
  afterEach(async () => {
    await serve?.stop('SIGKILL');
    await world?.close();
  });

  it('become one summary once quiet hours end, whatever instant serve is killed at', async () => {
    const iterations = Number(process.env.FORGEBELL_CRASH_ITERATIONS ?? 5);
    const people = (quietHours: { from: string; to: string }) => [
      { slack: ALICE, accounts: { github: 'alice' }, timeZone: 'UTC', quietHours },
    ];
    world = await startTestWorld({
      configure: (config) => {
        config.people = people({ from: hhmm(-60), to: hhmm(120) });
      },
    });
    world.github.world.user('alice');
    expect(runCli(['import', world.configPath, '--data-dir', world.dataDir]).code).toBe(0);
    serve = await startServe(['--data-dir', world.dataDir]);
    await sleep(1500);
    const titles = ['Held one', 'Held two', 'Held three'];
    titles.forEach((title, i) =>
      world.github.openPull(REPO, { title, head: `held-${i}`, actor: 'carol', reviewers: ['alice'] }),
    );
    world.github.openIssue(REPO, { title: 'Control issue', actor: 'carol' });
    // The pull requests' cards come first in the same channel: wait for the control issue itself (a count of 1 could
    // be passed over between two looks when all four land at once).
    await world.slack.waitFor(
      () => world.slack.messagesIn('general').some((m) => m.text.includes('Control issue')),
      30_000,
      'the control issue',
    );
    const start = Date.now();
    while (quietRows(world.dataDir) < titles.length && Date.now() - start < 30_000) await sleep(100);
    expect(quietRows(world.dataDir)).toBe(titles.length);
    expect(world.slack.dmsTo(ALICE)).toHaveLength(0);
    await serve.stop('SIGKILL');
    serve = null;

    // The night is over: the same config with quiet hours later today.
    writeFileSync(
      world.configPath,
      JSON.stringify({ ...world.config, people: people({ from: hhmm(180), to: hhmm(240) }) }, null, 2),
    );
    expect(runCli(['import', world.configPath, '--data-dir', world.dataDir]).code).toBe(0);
    let seed = 7;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let i = 0; i < iterations; i++) {
      serve = await startServe(['--data-dir', world.dataDir]);
      await sleep(50 + random() * 1500);
      await serve.stop('SIGKILL');
      serve = null;
    }
    serve = await startServe(['--data-dir', world.dataDir]);
    await world.slack.waitFor(() => world.slack.dmsTo(ALICE).length >= 1, 30_000, "alice's summary");
    await sleep(2500);
    const dms = world.slack.dmsTo(ALICE);
    expect(dms).toHaveLength(1);
    expect(dms[0]?.text).toMatch(/While your notifications were quiet: 3 things for you/);
    for (const title of titles) expect(JSON.stringify(dms[0]?.blocks)).toContain(title);
    expect(quietRows(world.dataDir)).toBe(0);
  }, 180_000);
});
