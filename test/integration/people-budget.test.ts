import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_GITHUB_TOKEN, type GitHubFake, startGitHubFake } from '../fakes/github/index.js';
import { type SlackFake, startSlackFake } from '../fakes/slack/index.js';
import { type EngineHarness, startEngine } from '../support/engine-harness.js';
import { sleep, until } from '../support/wait-until.js';

/**
 * What people cost on the account's GitHub budget (issue #13's benchmark goal), end to end with the guarantees it
 * must keep: a mention in a public repository needs no read-access question (the feed event says `public`), one in a
 * private repository still asks and still refuses someone who cannot read it; workflow runs read only for people are
 * looked at on the commits people push (their check suites, over GraphQL), and a failed run still DMs its starter —
 * without reading runs lists or jobs; a fork's pull request too; a repository without workflow files costs nothing.
 */

const PUBLIC = 'octo-org/open';
const PRIVATE = 'octo-org/secret';
const QUIET = 'octo-org/quiet';
const PLAIN = 'octo-org/plain';
const ALICE = 'U0ALICE001';
const BOB = 'U0BOB00001';

describe('the personal layer on the account budget', () => {
  let slack: SlackFake;
  let github: GitHubFake;
  let h: EngineHarness;
  afterEach(async () => {
    await h?.stop();
    await Promise.all([slack?.close(), github?.close()]);
  });

  async function setup(): Promise<void> {
    slack = await startSlackFake();
    github = await startGitHubFake({ pollIntervalSeconds: 1 });
    for (const login of ['alice', 'bob', 'carol']) github.world.user(login);
    github.createRepo(PUBLIC);
    // octocat: the account's token (it may ask who else can read).
    github.createRepo(PRIVATE, { private: true, collaborators: ['octocat', 'alice', 'carol'] });
    github.createRepo(QUIET);
    github.createRepo(PLAIN, { workflows: false });
    h = await startEngine({
      version: 1,
      pollIntervalSeconds: 1,
      slack: { botToken: slack.botToken, apiUrl: slack.apiUrl, defaultChannel: 'general' },
      accounts: [{ id: 'github', forge: 'github', apiUrl: github.apiUrl, token: DEFAULT_GITHUB_TOKEN }],
      // Issues to the channel only: pull requests, comments and runs are read for people alone.
      subscriptions: [PUBLIC, PRIVATE, QUIET, PLAIN].map((repo) => ({ account: 'github', repo, events: ['issues'] })),
      people: [
        { slack: ALICE, accounts: { github: 'alice' } },
        { slack: BOB, accounts: { github: 'bob' } },
      ],
    });
    await sleep(1200);
  }

  const requests = (pattern: RegExp): number =>
    Object.entries(github.stats.byPath)
      .filter(([path]) => pattern.test(path))
      .reduce((sum, [, n]) => sum + n, 0);

  it('a mention in a public repository asks the forge nothing; in a private one it asks and refuses who cannot read', async () => {
    await setup();
    github.openIssue(PUBLIC, { title: 'Open question', actor: 'carol', body: 'cc @bob' });
    await until(() => slack.dmsTo(BOB).length === 1, "bob's mention in the public repository");
    expect(slack.dmsTo(BOB)[0]?.text).toMatch(/^You were mentioned: .*Open question/);
    expect(requests(/\/repos\/octo-org\/open$/)).toBe(0);
    expect(requests(/\/collaborators\//)).toBe(0);

    // The private repository: alice (a collaborator) hears of it, bob (no access) must not.
    github.openIssue(PRIVATE, { title: 'Secret plan', actor: 'carol', body: 'cc @alice @bob' });
    await until(() => slack.dmsTo(ALICE).length === 1, "alice's mention in the private repository (control)");
    expect(slack.dmsTo(ALICE)[0]?.text).toMatch(/^You were mentioned: .*Secret plan/);
    await sleep(2000);
    expect(JSON.stringify(slack.dmsTo(BOB))).not.toMatch(/Secret plan/);
    expect(requests(/\/collaborators\/bob\/permission$/)).toBeGreaterThan(0);
  });

  /** GraphQL documents that asked for check suites (watched commits) so far. */
  const checkQueries = (): number => github.graphqlQueries.filter((q) => q.includes('checkSuites')).length;

  it("a failed run on a person's push DMs them from the commit's check suites: no runs list, no jobs; the watch ends", async () => {
    await setup();
    // Someone who is not a person pushes to the quiet repository and their run fails: nobody to tell, nothing read.
    github.push(QUIET, 'main', 1, { actor: 'carol' });
    github.workflowRun(QUIET, { branch: 'main', conclusion: 'failure', actor: 'carol' });
    github.openIssue(QUIET, { title: 'Control', actor: 'carol' });
    await until(() => slack.messagesIn('general').length === 1, 'the control issue (the quiet repository was polled)');
    await sleep(1500);
    expect(checkQueries()).toBe(0);

    // alice pushes to the public repository; the run it starts (a moment later) fails: alice is told.
    github.push(PUBLIC, 'feature', 1, { actor: 'alice' });
    await until(() => checkQueries() > 0, 'her pushed commit looked at');
    const run = github.workflowRun(PUBLIC, { branch: 'feature', status: 'in_progress', actor: 'alice' });
    await sleep(1200);
    github.updateWorkflowRun(PUBLIC, run.id, { status: 'completed', conclusion: 'failure' });
    await until(() => slack.dmsTo(ALICE).length === 1, "alice's failed-pipeline DM");
    expect(slack.dmsTo(ALICE)[0]?.text).toMatch(/pipeline/i);
    expect(slack.dmsTo(BOB)).toHaveLength(0);
    // Its runs all completed: the commit is no longer looked at.
    await sleep(1500);
    const settled = checkQueries();
    await sleep(2500);
    expect(checkQueries()).toBe(settled);
    expect(requests(/\/actions\/runs/)).toBe(0);
    expect(requests(/\/jobs$/)).toBe(0);
    expect(slack.dmsTo(ALICE)).toHaveLength(1);
  });

  it('a run on a pull request from a fork DMs the person who opened it', async () => {
    await setup();
    // bob's change comes from his fork: this repository's feed shows the pull request, never a push.
    const pull = github.openPull(PUBLIC, { title: 'Fix from a fork', head: 'patch-1', fork: 'bob/open', actor: 'bob' });
    await until(() => checkQueries() > 0, "the fork's head commit looked at");
    const headSha = pull.pull?.headSha as string;
    github.workflowRun(PUBLIC, {
      branch: 'patch-1',
      headSha,
      event: 'pull_request',
      conclusion: 'failure',
      actor: 'bob',
    });
    await until(() => slack.dmsTo(BOB).some((m) => /pipeline/i.test(m.text ?? '')), "bob's failed-pipeline DM");
    // Its subject is the fork's branch (the DM's delivery id: dm|person|account|repo|subject|reason…).
    const dm = slack.dmsTo(BOB).find((m) => /pipeline/i.test(m.text ?? ''));
    expect(String(dm?.metadata?.event_payload.delivery_id)).toContain('|pipeline:patch-1|my_pipelines_failed');
    expect(requests(/\/actions\/runs/)).toBe(0);
  });

  it("without GraphQL (its budget spent), a person's failed run still reaches them, from the runs list", async () => {
    await setup();
    github.setRateLimit({ remaining: 0, resource: 'graphql', resetInSeconds: 3600 });
    github.push(PUBLIC, 'feature', 1, { actor: 'alice' });
    await until(() => requests(/\/repos\/octo-org\/open\/actions\/runs$/) > 0, 'the runs list read after her push');
    github.workflowRun(PUBLIC, { branch: 'feature', conclusion: 'failure', actor: 'alice' });
    await until(() => slack.dmsTo(ALICE).length === 1, "alice's failed-pipeline DM");
    expect(slack.dmsTo(ALICE)[0]?.text).toMatch(/pipeline/i);
    expect(requests(/\/jobs$/)).toBe(0);
    // Only where a person pushed.
    expect(requests(/\/repos\/octo-org\/quiet\/actions\/runs/)).toBe(0);
  });

  it('a repository without workflow files is learned once: later pushes there make no request of their own', async () => {
    await setup();
    github.push(PLAIN, 'feature', 1, { actor: 'alice' });
    await until(() => checkQueries() > 0, 'the first push looked at (it has no .github/workflows)');
    await sleep(1500);
    const learned = checkQueries();
    const graphql = github.stats.graphql;
    github.push(PLAIN, 'feature', 1, { actor: 'alice' });
    github.openIssue(PLAIN, { title: 'Control after the push', actor: 'carol' });
    await until(
      () => slack.messagesIn('general').some((m) => /Control after the push/.test(m.text ?? '')),
      'the control issue (the push was polled)',
    );
    await sleep(1500);
    expect(checkQueries()).toBe(learned);
    // The push's one commit read over REST, as without people: no GraphQL request made for it.
    expect(github.stats.graphql).toBe(graphql);
    expect(requests(/\/actions\/runs/)).toBe(0);
  });
});
