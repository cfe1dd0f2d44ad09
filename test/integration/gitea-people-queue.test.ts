import { afterEach, describe, expect, it } from 'vitest';
import { type GiteaFake, startGiteaFake } from '../fakes/gitea/index.js';
import { type SlackFake, startSlackFake } from '../fakes/slack/index.js';
import { type EngineHarness, startEngine } from '../support/engine-harness.js';
import { until } from '../support/wait-until.js';
import { waitPastSubscriptionStart } from '../support/world.js';

/**
 * People and the review queue on Gitea/Forgejo (docs/cli-and-config.md §4, §5, §7) end to end: personal DMs from a
 * Gitea repository's events (a review asked, an assignment, a review of one's pull request, its merge), and
 * `/forgebell todo` over Socket Mode read from the Gitea fake's open pull requests, reviews and assigned issues; after
 * the first read, an event re-reads only the item it touched.
 */

const REPO = 'acme/widgets';
const ALICE = 'U0ALICE001';
const BOB = 'U0BOB00001';

describe('people and the review queue on Gitea', () => {
  let slack: SlackFake;
  let gitea: GiteaFake;
  let h: EngineHarness;
  afterEach(async () => {
    await h?.stop();
    await Promise.all([slack?.close(), gitea?.close()]);
  });

  async function setup(): Promise<void> {
    slack = await startSlackFake({ ackTimeoutMs: 3000 });
    gitea = await startGiteaFake();
    gitea.createRepo(REPO, { org: true });
    for (const login of ['alice', 'bob', 'carol']) gitea.world.user(login);
    h = await startEngine({
      version: 1,
      pollIntervalSeconds: 1,
      slack: { botToken: slack.botToken, appToken: slack.appToken, apiUrl: slack.apiUrl, defaultChannel: 'general' },
      accounts: [{ id: 'tea', forge: 'gitea', apiUrl: gitea.apiUrl, token: gitea.token }],
      subscriptions: [{ account: 'tea', repo: REPO, events: ['issues'] }],
      people: [
        { slack: ALICE, accounts: { tea: 'alice' } },
        { slack: BOB, accounts: { tea: 'bob' } },
      ],
    });
    await until(() => h.engine.status().slack.socket === 'connected', 'socket connected');
    await until(() => h.engine.status().accounts.every((a) => a.lastPollAt !== null), 'the first poll');
    await waitPastSubscriptionStart();
  }

  async function todo(user: string): Promise<string> {
    const before = slack.responses.length;
    const reply = await slack.sendSlashCommand({ text: 'todo', user_id: user, channel_id: 'C0GENERAL1' });
    expect(reply.timedOut).toBe(false);
    await until(() => slack.responses.length === before + 1, 'the todo answer');
    return JSON.stringify(slack.responses[before]?.body);
  }

  const dmTexts = (user: string) => slack.dmsTo(user).map((m) => m.text);

  it('DMs a review asked, an assignment, a review and a merge of one’s pull request; /forgebell todo lists Gitea items', async () => {
    await setup();
    const asked = gitea.openPull(REPO, { title: 'Please review', head: 'a', by: 'carol', reviewers: ['bob'] });
    const own = gitea.openPull(REPO, { title: 'Alice work', head: 'b', by: 'alice' });
    gitea.openIssue(REPO, { title: 'Alice issue', by: 'carol', assignees: ['alice'] });
    await until(() => dmTexts(BOB).some((t) => /review/i.test(t) && t.includes('Please review')), 'bob is asked');
    await until(() => dmTexts(ALICE).some((t) => t.includes('Alice issue')), 'alice is assigned');
    gitea.review(REPO, own.number, { state: 'reject', body: 'Needs tests', by: 'bob' });
    await until(() => dmTexts(ALICE).some((t) => t.includes('Alice work')), 'alice hears of bob’s review');

    const forAlice = await todo(ALICE);
    expect(forAlice).toMatch(/Alice work[^"]*changes requested/);
    expect(forAlice).toContain('Issues assigned to you* (1)');
    expect(forAlice).toContain('Alice issue');
    expect(forAlice).not.toContain('Please review');
    const forBob = await todo(BOB);
    expect(forBob).toContain('Reviews requested from you* (1)');
    expect(forBob).toMatch(/Please review[^"]*by carol/);

    // An event keeps the queue current: the merge re-reads that pull request alone, not the repository's lists.
    const lists = () => gitea.requests.filter((r) => r === `GET /api/v1/repos/${REPO}/pulls`).length;
    const listed = lists();
    gitea.mergePull(REPO, asked.number, { by: 'carol' });
    gitea.openIssue(REPO, { title: 'Control', by: 'carol' });
    await until(() => slack.messagesIn('general').some((m) => m.text.includes('Control')), 'the poll ran');
    const after = await todo(BOB);
    expect(after).not.toContain('Please review');
    expect(lists()).toBe(listed);
    expect(gitea.requests).toContain(`GET /api/v1/repos/${REPO}/pulls/${asked.number}`);

    const dmsBefore = dmTexts(ALICE).length;
    gitea.mergePull(REPO, own.number, { by: 'bob' });
    await until(() => dmTexts(ALICE).length > dmsBefore, 'alice hears of the merge');
    expect(dmTexts(ALICE).at(-1)).toMatch(/merged[\s\S]*Alice work|Alice work[\s\S]*merged/i);
  });
});
