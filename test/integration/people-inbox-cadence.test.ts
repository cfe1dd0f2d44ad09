import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { INBOX_MAX_INTERVAL_MS } from '../../electron/core/people/inbox-cadence.js';
import type { ConfigFileInput } from '../../electron/core/settings/config-schema.js';
import { DEFAULT_GITHUB_TOKEN, type GitHubFake, startGitHubFake } from '../fakes/github/index.js';
import { type SlackFake, startSlackFake } from '../fakes/slack/index.js';
import { type EngineHarness, startEngine } from '../support/engine-harness.js';
import { SteppingClock } from '../support/stepping-clock.js';

/**
 * How often a signed-in person's GitHub inbox is read (docs/cli-and-config.md §4), on virtual time through the real
 * engine, the GitHub fake (notifications with Last-Modified, 304s, X-Poll-Interval) and the Slack fake:
 * - an idle inbox is read every poll interval (free 304s), so something only it can tell is heard of at once;
 * - a busy inbox whose news all come from a subscribed repository (whose events DM the person anyway) is read less
 *   often, up to a bound;
 * - a read that brings a DM only the inbox could bring (a repository nobody subscribed) returns it to the poll
 *   interval at once; so does one finding that the events never brought what an earlier read trusted them with (a
 *   team's review request);
 * - the cadence survives a restart: a backed-off inbox is not read sooner for it.
 */

const MINUTE = 60_000;
/** The bound of a backed-off inbox (16 minutes: reads at 1, 4, then 16 minutes apart at a 60 s poll interval). */
const BOUND = INBOX_MAX_INTERVAL_MS;
const REPO = 'octo-org/busy';
const ELSEWHERE = 'octo-org/elsewhere';
const ALICE = 'U0ALICE001';
const BOB = 'U0BOB00001';
const ALICE_TOKEN = 'ghp_alice'.padEnd(40, '0');
const BOB_TOKEN = 'ghp_bob'.padEnd(40, '0');

let slack: SlackFake | undefined;
let github: GitHubFake | undefined;
let h: EngineHarness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
  await Promise.all([slack?.close(), github?.close()]);
});

interface Rig {
  clock: SteppingClock;
  github: GitHubFake;
  slack: SlackFake;
  /** Virtual instants of each person's inbox reads (304s included), by GitHub login. */
  reads: Record<'alice' | 'bob', number[]>;
  /** Runs virtual time; with `busy`, carol opens an issue mentioning alice in the subscribed repository each minute. */
  run(ms: number, options?: { busy?: boolean; until?: () => boolean }): Promise<void>;
  mentionsSent: number;
}

async function rig(): Promise<{ rig: Rig; config: ConfigFileInput }> {
  const clock = new SteppingClock(Date.parse('2026-03-04T10:00:00Z'));
  github = await startGitHubFake({ now: () => clock.now(), pollIntervalSeconds: 60 });
  slack = await startSlackFake({ clock });
  for (const login of ['alice', 'bob', 'carol']) github.world.user(login);
  github.addToken(ALICE_TOKEN, { login: 'alice', scopes: ['repo'] });
  github.addToken(BOB_TOKEN, { login: 'bob', scopes: ['repo'] });
  github.createRepo(REPO);
  github.createRepo(ELSEWHERE);
  const gh = github;
  const seen = { alice: 0, bob: 0 };
  let nextMention = clock.now() + MINUTE;
  const r: Rig = {
    clock,
    github: gh,
    slack,
    reads: { alice: [], bob: [] },
    mentionsSent: 0,
    async run(ms, options = {}) {
      const end = clock.monotonic() + ms;
      while (clock.monotonic() < end) {
        if (options.until?.()) return;
        if (options.busy && clock.now() >= nextMention) {
          r.mentionsSent++;
          gh.openIssue(REPO, {
            title: `Question ${r.mentionsSent}`,
            body: `@alice what do you think?`,
            actor: 'carol',
          });
          nextMention = clock.now() + MINUTE;
        } else if (!options.busy) nextMention = Math.max(nextMention, clock.now() + MINUTE);
        clock.advance(1_000);
        await new Promise((resolve) => setTimeout(resolve, 4));
        for (const login of ['alice', 'bob'] as const) {
          const now = gh.stats.byLogin[login] ?? 0;
          for (; seen[login] < now; seen[login]++) r.reads[login].push(clock.now());
        }
      }
    },
  };
  const config: ConfigFileInput = {
    version: 1,
    pollIntervalSeconds: 60,
    slack: { botToken: slack.botToken, apiUrl: slack.apiUrl, defaultChannel: 'general' },
    accounts: [{ id: 'github', forge: 'github', apiUrl: github.apiUrl, token: DEFAULT_GITHUB_TOKEN }],
    subscriptions: [{ account: 'github', repo: REPO, events: ['issues'] }],
    people: [
      { slack: ALICE, accounts: { github: 'alice' }, tokens: { github: ALICE_TOKEN } },
      { slack: BOB, accounts: { github: 'bob' }, tokens: { github: BOB_TOKEN } },
    ],
  };
  return { rig: r, config };
}

const mentionDms = (s: SlackFake): number =>
  s.dmsTo(ALICE).filter((m) => m.text.startsWith('You were mentioned')).length;
const gaps = (instants: number[]): number[] => instants.slice(1).map((t, i) => t - (instants[i] as number));

describe("a person's inbox cadence", () => {
  it('a busy inbox whose news all come from a subscribed repository is read less often; an idle one every interval', async () => {
    const { rig: r, config } = await rig();
    h = await startEngine(config, { clock: r.clock });
    await r.run(BOUND + 15 * MINUTE, { busy: true });
    await r.run(3 * MINUTE, { until: () => mentionDms(r.slack) === r.mentionsSent });

    // Every mention reached alice (from the subscribed repository's events): nothing was lost by reading less.
    expect(r.mentionsSent).toBeGreaterThanOrEqual(BOUND / MINUTE + 14);
    expect(mentionDms(r.slack)).toBe(r.mentionsSent);
    // Bob's inbox never changed: read every poll interval, each read after the first a free 304.
    expect(r.reads.bob.length).toBeGreaterThanOrEqual(BOUND / MINUTE + 13);
    expect(r.github.stats.billableByLogin.bob).toBe(1);
    // Alice's changed every minute: read 1, 4, then 16 minutes apart — a handful of reads, not thirty.
    expect(r.reads.alice.length).toBeLessThanOrEqual(6);
    expect(Math.max(...gaps(r.reads.alice))).toBeGreaterThanOrEqual(BOUND - MINUTE);
    expect(Math.max(...gaps(r.reads.alice))).toBeLessThanOrEqual(BOUND + MINUTE);
    // The People screen says so.
    const { people } = await (h as EngineHarness).engine.handlers['people.list']({});
    const inbox = (slack: string) => people.find((p) => p.slack === slack)?.accounts[0]?.inbox;
    expect(inbox(ALICE)).toEqual({ state: 'ok', message: null, backedOffSeconds: BOUND / 1000 });
    expect(inbox(BOB)).toEqual({ state: 'ok', message: null, backedOffSeconds: null });
  }, 60_000);

  it('a read that brings what only the inbox can tell (a repository nobody subscribed) returns to the poll interval at once', async () => {
    const { rig: r, config } = await rig();
    h = await startEngine(config, { clock: r.clock });
    await r.run(BOUND + 8 * MINUTE, { busy: true });
    // Backed off: the last two reads were as far apart as the bound.
    expect(gaps(r.reads.alice).at(-1)).toBeGreaterThanOrEqual(BOUND - MINUTE);

    r.github.openPull(ELSEWHERE, { title: 'Look at this', head: 'feature', actor: 'carol', reviewers: ['alice'] });
    const asked = (): boolean => r.slack.dmsTo(ALICE).some((m) => m.text.startsWith('You were asked to review'));
    await r.run(BOUND + 2 * MINUTE, { busy: true, until: asked });
    expect(asked()).toBe(true);
    const found = r.reads.alice.at(-1) as number;
    // The inbox stays busy with covered news, yet the next read comes one poll interval later, not at the bound.
    await r.run(6 * MINUTE, { busy: true });
    const after = r.reads.alice.filter((t) => t > found);
    expect(after.length).toBeGreaterThanOrEqual(1);
    expect((after[0] as number) - found).toBeLessThanOrEqual(2 * MINUTE);
  }, 60_000);

  it("a team's review request in a subscribed repository, which its events do not bring, counts as only the inbox's once they should have", async () => {
    const { rig: r, config } = await rig();
    r.github.setTeam('octo-org', 'reviewers', ['alice']);
    const pull = r.github.openPull(REPO, { title: 'Team work', head: 'team', actor: 'carol' });
    h = await startEngine(config, { clock: r.clock });
    await r.run(2 * MINUTE, { busy: true, until: () => r.reads.alice.length >= 1 });
    // Read within moments by the inbox, before the events path could have brought it: covered on trust at first.
    r.github.requestReview(REPO, pull.number, { teams: ['reviewers'], actor: 'carol' });
    const asked = (): boolean => r.slack.dmsTo(ALICE).some((m) => m.text.includes('Team work'));
    await r.run(3 * MINUTE, { busy: true, until: asked });
    expect(asked()).toBe(true);
    const found = r.reads.alice.at(-1) as number;
    // The next read (4 minutes on, the inbox still busy with covered news) finds the events never brought it: the
    // one after comes a poll interval later, not at the bound.
    await r.run(8 * MINUTE, { busy: true });
    const after = r.reads.alice.filter((t) => t > found);
    expect(after.length).toBeGreaterThanOrEqual(2);
    expect((after[0] as number) - found).toBeGreaterThanOrEqual(3 * MINUTE);
    expect((after[1] as number) - (after[0] as number)).toBeLessThanOrEqual(2 * MINUTE);
    expect(r.slack.dmsTo(ALICE).filter((m) => m.text.includes('Team work'))).toHaveLength(1);
  }, 60_000);

  it('survives a restart: a backed-off inbox is not read sooner, and what arrives meanwhile still becomes a DM', async () => {
    const { rig: r, config } = await rig();
    const dataDir = mkdtempSync(join(tmpdir(), 'forgebell-inbox-cadence-'));
    const key = randomBytes(32);
    h = await startEngine(config, { clock: r.clock, dataDir, key });
    // Backed off to the bound: a read whose interval until the next one is the bound.
    await r.run(8 * MINUTE, { busy: true });
    const backedOff = (): number | null =>
      (
        h?.state.db.prepare('SELECT interval_ms FROM inbox_cursors WHERE slack = ?').get(ALICE) as
          { interval_ms: number | null } | undefined
      )?.interval_ms ?? null;
    expect(backedOff()).toBe(BOUND);
    const before = r.reads.alice.length;
    await r.run(BOUND + MINUTE, { busy: true, until: () => r.reads.alice.length > before });
    const lastRead = r.reads.alice.at(-1) as number;
    await r.run(5_000);
    await h.stop();
    h = undefined;

    h = await startEngine(null, { clock: r.clock, dataDir, key });
    // Control: the restarted engine polls (a mention reaches alice from the events) while her inbox is not read.
    const dmsBefore = mentionDms(r.slack);
    await r.run(BOUND - 4 * MINUTE, { busy: true });
    expect(mentionDms(r.slack)).toBeGreaterThan(dmsBefore);
    expect(r.reads.alice.filter((t) => t > lastRead)).toEqual([]);
    // A review request only the inbox can bring arrives meanwhile: it comes with the read a bound after the last.
    r.github.openPull(ELSEWHERE, { title: 'While away', head: 'away', actor: 'carol', reviewers: ['alice'] });
    const asked = (): boolean => r.slack.dmsTo(ALICE).some((m) => m.text.includes('While away'));
    await r.run(6 * MINUTE, { busy: true, until: asked });
    expect(asked()).toBe(true);
    const next = r.reads.alice.find((t) => t > lastRead) as number;
    expect(next - lastRead).toBeGreaterThanOrEqual(BOUND - MINUTE);
    expect(next - lastRead).toBeLessThanOrEqual(BOUND + MINUTE);
  }, 90_000);
});
