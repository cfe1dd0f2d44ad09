import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_GITHUB_TOKEN, type GitHubFake, startGitHubFake } from '../fakes/github/index.js';
import { type SlackFake, startSlackFake } from '../fakes/slack/index.js';
import { type EngineHarness, startEngine } from '../support/engine-harness.js';
import { sleep, until } from '../support/wait-until.js';

/**
 * A signed-in person's inbox over a restart: its position (Last-Modified, what was seen) and when it was read are
 * durable, so a restart within the poll interval reads nothing until the interval has passed — and then still
 * brings what arrived meanwhile.
 */

const REPO = 'octo-org/hello-world';
const ELSEWHERE = 'octo-org/elsewhere';
const ALICE = 'U0ALICE001';
const ALICE_TOKEN = 'ghp_alice'.padEnd(40, '0');
const POLL_SECONDS = 8;

describe("a person's inbox over a restart", () => {
  let slack: SlackFake;
  let github: GitHubFake;
  let h: EngineHarness | undefined;
  afterEach(async () => {
    await h?.stop();
    await Promise.all([slack?.close(), github?.close()]);
  });

  const inboxReads = (): number => github.stats.byPath['/notifications'] ?? 0;

  it('is not read again before its poll interval has passed; what arrived meanwhile still becomes a DM', async () => {
    slack = await startSlackFake();
    github = await startGitHubFake({ pollIntervalSeconds: 1 });
    for (const login of ['alice', 'carol']) github.world.user(login);
    github.addToken(ALICE_TOKEN, { login: 'alice', scopes: ['repo'] });
    github.createRepo(REPO);
    github.createRepo(ELSEWHERE);
    const dataDir = mkdtempSync(join(tmpdir(), 'forgebell-inbox-restart-'));
    const key = randomBytes(32);
    h = await startEngine(
      {
        version: 1,
        pollIntervalSeconds: POLL_SECONDS,
        slack: { botToken: slack.botToken, apiUrl: slack.apiUrl, defaultChannel: 'general' },
        accounts: [{ id: 'github', forge: 'github', apiUrl: github.apiUrl, token: DEFAULT_GITHUB_TOKEN }],
        subscriptions: [{ account: 'github', repo: REPO, events: ['issues'] }],
        people: [{ slack: ALICE, accounts: { github: 'alice' }, tokens: { github: ALICE_TOKEN } }],
      },
      { dataDir, key },
    );
    await until(() => inboxReads() >= 1, "alice's first inbox read");
    // Stop right after a read, and start again on the same data dir.
    const before = inboxReads();
    await until(() => inboxReads() > before, 'a second inbox read', 20_000);
    const readAt = Date.now();
    await sleep(300); // the read is recorded once its answer is handled
    await h.stop();
    h = undefined;
    const atStop = inboxReads();
    h = await startEngine(null, { dataDir, key });
    // Control: the restarted engine is polling (an issue reaches the channel).
    github.openIssue(REPO, { title: 'Control after the restart', actor: 'carol' });
    await until(() => slack.messagesIn('general').length >= 1, 'the control issue after the restart');
    await sleep(500);
    // Still within the interval since the last read (else this test could not tell), and no read yet.
    expect({ withinInterval: Date.now() - readAt < POLL_SECONDS * 1000, reads: inboxReads() }).toEqual({
      withinInterval: true,
      reads: atStop,
    });

    // A review request in a repository without a subscription: only alice's inbox can tell her.
    github.openPull(ELSEWHERE, { title: 'Look at this', head: 'feature', actor: 'carol', reviewers: ['alice'] });
    await until(() => slack.dmsTo(ALICE).length === 1, "alice's review request from her inbox", 20_000);
    expect(slack.dmsTo(ALICE)[0]?.text).toMatch(/^You were asked to review: octo-org\/elsewhere #1 Look at this/);
    expect(inboxReads()).toBeGreaterThan(atStop);
  });
});
