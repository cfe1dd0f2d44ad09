import { afterEach, describe, expect, it } from 'vitest';
import { type GitLabFake, startGitLabFake } from '../fakes/gitlab/index.js';
import { type SlackFake, startSlackFake } from '../fakes/slack/index.js';
import { type EngineHarness, startEngine } from '../support/engine-harness.js';
import { sleep, until } from '../support/wait-until.js';
import { waitPastSubscriptionStart } from '../support/world.js';

/**
 * `/forgebell todo` on GitLab end to end (docs/cli-and-config.md §5): the slash command through Socket Mode, the review
 * queue read from the GitLab fake over GraphQL (every project's merge requests with reviewers and approvers, and the
 * assigned issues, in one request — no REST list or per-merge-request approvals), the answer through `response_url`.
 * After the first read, GitLab's events keep the queue current: a merged merge request is read again by iid, the
 * projects are not; an idle queue reads nothing.
 */

const PROJECT = 'group/app';
const OTHER = 'group/tools';
const ALICE = 'U0ALICE001';

describe('/forgebell todo on GitLab', () => {
  let slack: SlackFake;
  let gitlab: GitLabFake;
  let h: EngineHarness;
  afterEach(async () => {
    await h?.stop();
    await Promise.all([slack?.close(), gitlab?.close()]);
  });

  async function todo(user: string): Promise<string> {
    const before = slack.responses.length;
    const reply = await slack.sendSlashCommand({ text: 'todo', user_id: user, channel_id: 'C0GENERAL1' });
    expect(reply.timedOut).toBe(false);
    await until(() => slack.responses.length === before + 1, 'the todo answer');
    return JSON.stringify(slack.responses[before]?.body);
  }

  it('reads the queue over GraphQL once, then only what events touched; idle reads nothing', async () => {
    slack = await startSlackFake({ ackTimeoutMs: 3000 });
    gitlab = await startGitLabFake();
    for (const project of [PROJECT, OTHER]) gitlab.createProject(project);
    const direct = gitlab.openMergeRequest(PROJECT, {
      title: 'Direct ask',
      sourceBranch: 'a',
      author: 'carol',
      reviewers: ['alice'],
    });
    gitlab.openMergeRequest(OTHER, { title: 'Not for alice', sourceBranch: 'b', author: 'carol', reviewers: ['bob'] });
    const own = gitlab.openMergeRequest(OTHER, {
      title: 'Alice work',
      sourceBranch: 'c',
      author: 'alice',
      reviewers: ['bob'],
    });
    gitlab.approve(OTHER, own.iid, { author: 'bob' });
    gitlab.openIssue(PROJECT, { title: 'Alice issue', author: 'carol', assignees: ['alice'] });

    h = await startEngine({
      version: 1,
      pollIntervalSeconds: 1,
      slack: { botToken: slack.botToken, appToken: slack.appToken, apiUrl: slack.apiUrl, defaultChannel: 'general' },
      accounts: [{ id: 'gitlab', forge: 'gitlab', apiUrl: gitlab.apiUrl, token: gitlab.token }],
      subscriptions: [
        { account: 'gitlab', repo: PROJECT, events: ['issues'] },
        { account: 'gitlab', repo: OTHER, events: ['releases'] },
      ],
      people: [{ slack: ALICE, accounts: { gitlab: 'alice' } }],
    });
    await until(() => h.engine.status().slack.socket === 'connected', 'socket connected');
    await until(() => h.engine.status().accounts.every((a) => a.lastPollAt !== null), 'the first poll');
    await waitPastSubscriptionStart();

    const queueReads = () => gitlab.graphqlQueries.filter((q) => q.includes('ForgebellQueue(')).length;
    const itemReads = () => gitlab.graphqlQueries.filter((q) => q.includes('ForgebellQueueItems')).length;
    const text = await todo(ALICE);
    expect(text).toContain('Reviews requested from you* (1)');
    expect(text).toContain('Direct ask');
    expect(text).not.toContain('Not for alice');
    expect(text).toMatch(/Alice work[^"]*approved/);
    expect(text).toContain('Issues assigned to you* (1)');
    // Both projects in one GraphQL request; no approvals read one by one over REST.
    expect(queueReads()).toBe(1);
    expect(gitlab.stats.count(/\/approvals$/)).toBe(0);

    // An event keeps the queue current: merging the direct ask re-reads that item alone.
    gitlab.mergeMergeRequest(PROJECT, direct.iid, { author: 'carol' });
    gitlab.openIssue(PROJECT, { title: 'Control', author: 'carol' });
    await until(() => slack.messagesIn('general').some((m) => m.text.includes('Control')), 'the control issue');
    const after = await todo(ALICE);
    expect(after).not.toContain('Direct ask');
    expect(after).toContain('Alice work');
    expect(queueReads()).toBe(1);
    expect(itemReads()).toBeGreaterThanOrEqual(1);

    // Idle (no event touches an item): the polls go on (a release proves it), the queue asked again reads nothing.
    await sleep(1500);
    const graphqlBefore = gitlab.graphqlQueries.length;
    gitlab.publishRelease(OTHER, { tag: 'v9.9.9', name: 'Second control' });
    await until(
      () => slack.messagesIn('general').some((m) => m.text.includes('published release Second control')),
      'the release (a control)',
    );
    expect(await todo(ALICE)).toContain('Alice work');
    expect(gitlab.graphqlQueries.slice(graphqlBefore).filter((q) => q.includes('ForgebellQueue'))).toEqual([]);
  }, 60_000);
});
