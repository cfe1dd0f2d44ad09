import { writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../electron/core/runtime/clock.js';
import { type EngineHarness, startEngine } from '../support/engine-harness.js';
import { runCli } from '../support/cli-process.js';
import { REPO, startTestWorld, type TestWorld } from '../support/world.js';
import { until } from '../support/wait-until.js';

// retentionDays (spec §8) end to end: in the config file (import, export, validation), in the app's settings, and
// the engine's retention service pruning what the real delivery path recorded, without ever posting twice.

const DAY = 86_400_000;

let world: TestWorld | null = null;
let h: EngineHarness | null = null;
afterEach(async () => {
  await h?.stop();
  await world?.close();
  h = world = null;
});

describe('retentionDays', () => {
  it('is imported, exported and validated like any top-level field', async () => {
    world = await startTestWorld({ configure: (c) => void (c.retentionDays = 7) });
    const imported = runCli(['import', world.configPath, '--data-dir', world.dataDir]);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(/history kept 7 days/);
    expect(
      (JSON.parse(runCli(['export', '--data-dir', world.dataDir]).stdout) as { retentionDays: number }).retentionDays,
    ).toBe(7);
    writeFileSync(world.configPath, JSON.stringify({ ...world.config, retentionDays: 0 }));
    const bad = runCli(['import', world.configPath, '--data-dir', world.dataDir]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('retentionDays: minimum is 1 day');
    // A file without it means the default.
    const { retentionDays: _dropped, ...withoutField } = { ...world.config, retentionDays: 7 };
    writeFileSync(world.configPath, JSON.stringify(withoutField));
    expect(runCli(['import', world.configPath, '--data-dir', world.dataDir]).stdout).toMatch(/history kept 30 days/);
  });

  it("the engine's own retention prunes what it delivered once it is older, keeps the seen ids, and delivery goes on", async () => {
    world = await startTestWorld();
    const clock = new JumpClock();
    h = await startEngine({ ...(world.config as Record<string, unknown>), retentionDays: 5 } as never, { clock });
    const { engine } = h;
    expect((await engine.handlers['settings.get']({})).retentionDays).toBe(5);
    await new Promise((r) => setTimeout(r, 1500));
    world.github.openIssue(REPO, { title: 'Delivered, then forgotten' });
    await until(() => world!.slack.messages.length === 1, 'the message');
    const state = h.state;
    await until(() => state.feed.page({}).items.some((i) => i.fate === 'delivered'), 'the feed row delivered');
    expect(state.outbox.sentCount()).toBe(1);
    const seen = (): number => (state.db.prepare('SELECT COUNT(*) AS n FROM seen_events').get() as { n: number }).n;
    const seenBefore = seen();
    expect(seenBefore).toBeGreaterThan(0);
    const pruned = (): boolean => h!.logs.some((l) => l.message.startsWith('retention: removed'));

    // Four days on: the hourly pass runs (its timers fire) and finds nothing old enough.
    clock.jump(4 * DAY);
    await new Promise((r) => setTimeout(r, 500));
    expect(pruned()).toBe(false);
    expect(state.feed.page({}).total).toBe(1);

    // Six days on: older than retentionDays.
    clock.jump(2 * DAY);
    await until(pruned, 'the retention pass');
    expect(h.logs.find((l) => l.message.startsWith('retention: removed'))?.message).toMatch(
      /older than 5 days \(1 feed rows with 1 destinations, 1 delivered messages/,
    );
    expect(state.feed.page({}).total).toBe(0);
    expect(state.outbox.sentCount()).toBe(0);
    // GitHub's feed can list the event for 30 days: its id stays (37 days), so it can never be posted again.
    expect(seen()).toBe(seenBefore);

    // Polling and delivery go on: the next event arrives once, the pruned one is not posted again.
    engine.pollNow();
    world.github.openIssue(REPO, { title: 'A control event after pruning' });
    await until(() => world!.slack.messages.length === 2, 'the control message');
    await new Promise((r) => setTimeout(r, 1500));
    expect(world.slack.messages.map((m) => m.text)).toEqual([
      expect.stringContaining('Delivered, then forgotten'),
      expect.stringContaining('A control event after pruning'),
    ]);

    const saved = await engine.handlers['settings.update']({ retentionDays: 60 });
    expect(saved.retentionDays).toBe(60);
    expect(h.saved().retentionDays).toBe(60);
  });
});

/**
 * Real time plus an offset the test can jump: timers run on real time as usual, and a jump fires at once those that
 * fall due within it (the engine's hourly retention pass among them).
 */
class JumpClock implements Clock {
  private offset = 0;
  private readonly pending = new Set<{ at: number; fire: () => void }>();

  readonly now = (): number => Date.now() + this.offset;
  /** A jump is time that passed, not a wall-clock step: durations see it too. */
  readonly monotonic = (): number => performance.now() + this.offset;

  setTimeout(fn: () => void, ms: number): { cancel(): void } {
    const timer = {
      at: this.now() + ms,
      fire: () => {
        clearTimeout(handle);
        if (this.pending.delete(timer)) fn();
      },
    };
    const handle = setTimeout(() => timer.fire(), ms);
    handle.unref();
    this.pending.add(timer);
    return { cancel: () => void (clearTimeout(handle), this.pending.delete(timer)) };
  }

  jump(ms: number): void {
    this.offset += ms;
    for (const timer of [...this.pending]) if (timer.at <= this.now()) timer.fire();
  }
}
