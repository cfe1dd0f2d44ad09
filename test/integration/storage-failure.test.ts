import { afterEach, describe, expect, it } from 'vitest';
import { type Db, openDatabase } from '../../electron/core/state/database.js';
import { DEFAULT_GITHUB_TOKEN, type GitHubFake, startGitHubFake } from '../fakes/github/index.js';
import { type SlackFake, startSlackFake } from '../fakes/slack/index.js';
import { type EngineHarness, startEngine } from '../support/engine-harness.js';
import { sleep, until } from '../support/wait-until.js';

const REPO = 'octo-org/hello-world';

/**
 * The engine's database refuses writes (as a full or failing disk would) while it polls and delivers (#10.15): the
 * status says so in a sentence, nothing crashes or rejects unhandled, and once the database works again everything
 * that happened meanwhile reaches Slack exactly once.
 */
describe('storage failure becomes a degraded status, not a crash', () => {
  let slack: SlackFake;
  let github: GitHubFake;
  let h: EngineHarness;
  let db: Db | null = null;
  const rejections: unknown[] = [];
  const onRejection = (reason: unknown): void => void rejections.push(reason);
  afterEach(async () => {
    process.off('unhandledRejection', onRejection);
    db?.pragma('query_only = OFF');
    await h?.stop();
    await Promise.all([slack?.close(), github?.close()]);
  });

  it('writes refused while an issue arrives: problem shown, then delivered once when writes work again', async () => {
    process.on('unhandledRejection', onRejection);
    slack = await startSlackFake();
    github = await startGitHubFake({ pollIntervalSeconds: 1 });
    github.createRepo(REPO);
    h = await startEngine(
      {
        version: 1,
        pollIntervalSeconds: 1,
        slack: { botToken: slack.botToken, apiUrl: slack.apiUrl, defaultChannel: 'general' },
        accounts: [{ id: 'github', forge: 'github', apiUrl: github.apiUrl, token: DEFAULT_GITHUB_TOKEN }],
        subscriptions: [{ account: 'github', repo: REPO, events: ['issues'] }],
      },
      { openDatabase: (dir) => (db = openDatabase(dir)) },
    );
    await sleep(1200);
    github.openIssue(REPO, { title: 'Before the disk filled up' });
    await until(() => slack.messages.length === 1, 'the control message');
    // Its row is recorded as sent before writes are refused (else delivery, not ingest, meets the refusal first).
    await until(() => h.state.outbox.sentCount() === 1, 'the control message recorded as sent');
    // …and its permalink, written to the feed after the post: else that write may be the first refused.
    await until(
      () => h.state.feed.get(h.state.feed.maxId())?.destinations.some((d) => d.slackLink?.startsWith('http')) === true,
      "the control message's permalink in the feed",
    );

    db!.pragma('query_only = ON');
    github.openIssue(REPO, { title: 'While nothing could be written' });
    await until(
      () => h.engine.status().problem !== null && h.engine.status().problem !== undefined,
      'the problem in the status',
    );
    expect(h.engine.status().problem).toMatch(
      /^Forgebell cannot write to .* \(SQLITE_READONLY\): recording new events is stopped\. Check the disk/,
    );
    // Polls keep failing without recording anything, and nothing is posted meanwhile.
    await sleep(1500);
    expect(slack.messages).toHaveLength(1);

    db!.pragma('query_only = OFF');
    await until(() => slack.messages.length === 2, 'the message from the outage', 30_000);
    await until(() => h.engine.status().problem === null, 'the problem cleared', 30_000);
    await sleep(1500);
    expect(slack.messages.map((m) => m.text).filter((t) => t.includes('While nothing could be written'))).toHaveLength(
      1,
    );
    expect(rejections).toEqual([]);
  });
});
