import { afterEach, describe, expect, it } from 'vitest';
import { runCli, type ServeProcess, startServe } from '../support/cli-process.js';
import { REPO, startTestWorld, type TestWorld } from '../support/world.js';

/**
 * kill -9 at random instants while issues are being polled and delivered: after a final clean run,
 * every issue has exactly one Slack message (nothing lost, nothing posted twice).
 */
describe('durability across kill -9', () => {
  let world: TestWorld;
  let serve: ServeProcess | null = null;
  afterEach(async () => {
    await serve?.stop('SIGKILL');
    await world?.close();
  });

  it('loses and duplicates nothing', async () => {
    const iterations = Number(process.env.FORGEBELL_CRASH_ITERATIONS ?? 6);
    world = await startTestWorld({ slackRateLimit: { perSecond: 3, burst: 2 } });
    expect(runCli(['import', world.configPath, '--data-dir', world.dataDir]).code).toBe(0);
    const titles: string[] = [];
    let seed = 42;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let i = 0; i < iterations; i++) {
      serve = await startServe(['--data-dir', world.dataDir]);
      for (let k = 0; k < 3; k++) {
        const title = `Crash test issue ${i}-${k}`;
        titles.push(title);
        world.github.openIssue(REPO, { title });
      }
      await new Promise((r) => setTimeout(r, 300 + random() * 2200));
      await serve.stop('SIGKILL');
      serve = null;
    }
    serve = await startServe(['--data-dir', world.dataDir]);
    await world.slack.waitFor(() => world.slack.messages.length >= titles.length, 60_000, `${titles.length} messages`);
    await new Promise((r) => setTimeout(r, 2000));
    const counts = new Map<string, number>();
    for (const m of world.slack.messages) {
      const hit = titles.find((t) => m.text.includes(t));
      if (hit) counts.set(hit, (counts.get(hit) ?? 0) + 1);
    }
    const lost = titles.filter((t) => !counts.has(t));
    const duplicated = [...counts.entries()].filter(([, n]) => n > 1);
    expect(lost).toEqual([]);
    expect(duplicated).toEqual([]);
    expect(world.slack.messages).toHaveLength(titles.length);
  }, 180_000);
});
