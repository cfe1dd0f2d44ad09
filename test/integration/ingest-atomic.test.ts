import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_GITHUB_TOKEN, type GitHubFake, startGitHubFake } from '../fakes/github/index.js';
import { type SlackFake, startSlackFake } from '../fakes/slack/index.js';
import { type EngineHarness, startEngine } from '../support/engine-harness.js';
import { sleep, until } from '../support/wait-until.js';

const REPO = 'octo-org/hello-world';
const EVENTS = `/repos/${REPO}/events`;

/**
 * One poll is recorded in ONE transaction: its seen ids, feed rows, outbox rows and the new cursor. A fault between
 * those writes (here SQLite itself refuses one outbox row, as a full disk or an I/O error would) must leave no trace,
 * so the same events are polled again and delivered once when the fault is gone. Committing the cursor or the seen
 * ids on their own would lose the events for good. The fault lives in the database (a trigger), not in our code.
 */
describe('a poll is recorded atomically', () => {
  let slack: SlackFake;
  let github: GitHubFake;
  let h: EngineHarness;
  afterEach(async () => {
    await h?.stop();
    await slack?.close();
    await github?.close();
  });

  it('a fault between the writes records nothing; the events come again and are delivered once', async () => {
    slack = await startSlackFake();
    github = await startGitHubFake({ pollIntervalSeconds: 1 });
    github.createRepo(REPO);
    h = await startEngine({
      version: 1,
      pollIntervalSeconds: 1,
      slack: { botToken: slack.botToken, apiUrl: slack.apiUrl, defaultChannel: 'general' },
      accounts: [{ id: 'github', forge: 'github', apiUrl: github.apiUrl, token: DEFAULT_GITHUB_TOKEN }],
      subscriptions: [{ account: 'github', repo: REPO, events: ['issues'], threads: false }],
    });
    await sleep(1200);
    // Control first: the pipeline works.
    github.openIssue(REPO, { title: 'Before the fault' });
    await until(() => slack.messages.length === 1, 'the control issue');

    const side = new Database(join(h.dataDir, 'state.db'));
    const cursorNow = (): string =>
      (side.prepare('SELECT cursor FROM cursors').get() as { cursor: string } | undefined)?.cursor ?? '';
    const feedHas = (title: string): boolean =>
      (side.prepare('SELECT COUNT(*) AS n FROM feed WHERE summary LIKE ?').get(`%${title}%`) as { n: number }).n > 0;
    try {
      const cursorBefore = cursorNow();
      side.exec(
        `CREATE TRIGGER injected_fault BEFORE INSERT ON outbox WHEN NEW.payload LIKE '%Boom%'
         BEGIN SELECT RAISE(ABORT, 'injected fault: disk I/O error'); END`,
      );
      // One poll brings both: the first would be written fine, the second hits the fault.
      github.openIssue(REPO, { title: 'Alpha goes first' });
      github.openIssue(REPO, { title: 'Boom hits the fault' });
      // Alive, and not skipping: the same events come back on the next poll ("Poll now") and hit the fault again.
      const failures = (): number => h.logs.filter((l) => /injected fault/.test(JSON.stringify(l))).length;
      await until(() => failures() >= 1, 'the first poll failing on the injected fault');
      h.engine.pollNow();
      await until(() => failures() >= 2, 'the next poll failing on it again');
      expect(feedHas('Alpha goes first')).toBe(false);
      expect(feedHas('Boom hits the fault')).toBe(false);
      expect(cursorNow()).toBe(cursorBefore);
      expect(slack.messages).toHaveLength(1);

      side.exec('DROP TRIGGER injected_fault');
      h.engine.pollNow();
      await until(() => slack.messages.length === 3, 'both issues once the fault is gone');
      // Nothing more comes: two more polls after delivery (control: they reach the forge) add nothing.
      const polls = github.stats.byPath[EVENTS] ?? 0;
      await until(() => (github.stats.byPath[EVENTS] ?? 0) >= polls + 2, 'two more polls');
      const texts = slack.messages.map((m) => m.text);
      expect(texts.filter((t) => t.includes('Alpha goes first'))).toHaveLength(1);
      expect(texts.filter((t) => t.includes('Boom hits the fault'))).toHaveLength(1);
      expect(cursorNow()).not.toBe(cursorBefore);
    } finally {
      side.close();
    }
  });
});
