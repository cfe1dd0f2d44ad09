import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_GITHUB_TOKEN, type GitHubFake, startGitHubFake } from '../fakes/github/index.js';
import { type SlackFake, startSlackFake } from '../fakes/slack/index.js';
import { type EngineHarness, startEngine } from '../support/engine-harness.js';
import { sleep, until } from '../support/wait-until.js';

/**
 * What people cost on the account's GitHub budget (issue #13's benchmark goal), end to end with the guarantees it
 * must keep: a mention in a public repository needs no read-access question (the feed event says `public`), one in a
 * private repository still asks and still refuses someone who cannot read it; workflow runs read only for people are
 * read after a person's push, and a failed run still DMs its starter — without reading its jobs.
 */

const PUBLIC = 'octo-org/open';
const PRIVATE = 'octo-org/secret';
const QUIET = 'octo-org/quiet';
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
    h = await startEngine({
      version: 1,
      pollIntervalSeconds: 1,
      slack: { botToken: slack.botToken, apiUrl: slack.apiUrl, defaultChannel: 'general' },
      accounts: [{ id: 'github', forge: 'github', apiUrl: github.apiUrl, token: DEFAULT_GITHUB_TOKEN }],
      // Issues to the channel only: pull requests, comments and runs are read for people alone.
      subscriptions: [PUBLIC, PRIVATE, QUIET].map((repo) => ({ account: 'github', repo, events: ['issues'] })),
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

  it('runs are read only after a person pushed; a failed run DMs its starter without reading its jobs', async () => {
    await setup();
    // Someone who is not a person pushes to the quiet repository and their run fails: nobody to tell, nothing read.
    github.push(QUIET, 'main', 1, { actor: 'carol' });
    github.workflowRun(QUIET, { branch: 'main', conclusion: 'failure', actor: 'carol' });
    github.openIssue(QUIET, { title: 'Control', actor: 'carol' });
    await until(() => slack.messagesIn('general').length === 1, 'the control issue (the quiet repository was polled)');
    await sleep(1500);
    expect(requests(/\/actions\/runs/)).toBe(0);

    // alice pushes to the public repository; the run it starts fails: alice is told, from the run list alone.
    github.push(PUBLIC, 'feature', 1, { actor: 'alice' });
    await until(() => requests(/\/repos\/octo-org\/open\/actions\/runs$/) > 0, 'the runs list read after her push');
    github.workflowRun(PUBLIC, { branch: 'feature', conclusion: 'failure', actor: 'alice' });
    await until(() => slack.dmsTo(ALICE).length === 1, "alice's failed-pipeline DM");
    expect(slack.dmsTo(ALICE)[0]?.text).toMatch(/pipeline/i);
    expect(requests(/\/jobs$/)).toBe(0);
    expect(slack.dmsTo(BOB)).toHaveLength(0);
    // bob starts a run by hand on main while the repository is watched: its starter (from the run list) is told.
    github.workflowRun(PUBLIC, { branch: 'main', name: 'Nightly', conclusion: 'failure', actor: 'bob' });
    await until(() => slack.dmsTo(BOB).length === 1, "bob's failed-pipeline DM");
    await sleep(1500);
    expect(slack.dmsTo(ALICE)).toHaveLength(1);
    expect(requests(/\/jobs$/)).toBe(0);
    // The quiet repository's runs were never read.
    expect(requests(/\/repos\/octo-org\/quiet\/actions\/runs/)).toBe(0);
  });
});
