import { describe, expect, it } from 'vitest';
import { DEFAULT_GITHUB_LOGIN, DEFAULT_GITHUB_TOKEN, type GitHubFake, startGitHubFake } from '../fakes/github/index.js';
import { validateAgainstGitHub } from '../fakes/github/public-graphql-schema.js';
import { type GitLabFake, startGitLabFake } from '../fakes/gitlab/index.js';
import type { ConfigFileInput } from '../../electron/core/settings/config-schema.js';
import type { MessageRecord } from '../fakes/slack/index.js';
import { mergeWith, reactionsOf, typed, useSlackActionRig } from '../support/slack-action-rig.js';
import { sleep, until } from '../support/wait-until.js';

/**
 * Acting from Slack as yourself (docs/cli-and-config.md §4) end to end on GitHub: Socket Mode envelopes sent by the
 * official client to the engine, the forge calls against the GitHub fake, which records the login of the token each
 * write used and answers like GitHub (422 for approving one's own pull request, 405 not mergeable, 409 head changed).
 */

const REPO = 'octo-org/hello-world';
const ALICE = 'U0ALICE001'; // paired, owns the account's token (octocat)
const BOB = 'U0BOB00001'; // signed in with his own token
const DAVE = 'U0DAVE0001'; // nobody
const BOB_TOKEN = 'gho_bobsOwnToken00000000000000000000000';

describe('acting from Slack on GitHub', () => {
  const rig = useSlackActionRig();
  let github: GitHubFake;

  async function setup(): Promise<void> {
    github = rig.own(await startGitHubFake({ pollIntervalSeconds: 1 }));
    github.addToken(BOB_TOKEN, { login: 'bob', scopes: ['repo'] });
    github.createRepo(REPO);
    await rig.start({
      users: { dave: DAVE },
      commandUsers: [ALICE],
      config: {
        accounts: [{ id: 'github', forge: 'github', apiUrl: github.apiUrl, token: DEFAULT_GITHUB_TOKEN }],
        subscriptions: [{ account: 'github', repo: REPO, events: ['pulls', 'reviews', 'pipelines'] }],
        people: [
          { slack: ALICE, accounts: { github: DEFAULT_GITHUB_LOGIN } },
          { slack: BOB, accounts: { github: 'bob' }, tokens: { github: BOB_TOKEN } },
        ],
      },
    });
  }

  /** The card of a pull request in #general (a thread parent), once it is there with its buttons. */
  const cardOf = (number: number): Promise<MessageRecord> =>
    rig.card(
      `the card of #${number}`,
      (m) => JSON.stringify(m.blocks).includes(`/pull/${number}`),
      'forgebell_approve',
    );
  const { repliesTo, answers, click } = rig;
  const writes = (path: RegExp) => github.writes.filter((w) => path.test(w.path));

  it('Approve acts at once with the clicker’s own token, or the paired owner’s account token; others must sign in', async () => {
    await setup();
    github.openPull(REPO, { title: 'Add a feature', head: 'feature', actor: 'carol' });
    const card = await cardOf(1);

    const ack = await click('forgebell_approve', card, BOB);
    expect(ack.timedOut).toBe(false);
    await until(() => repliesTo(card).some((m) => m.text.includes(`Approved by <@${BOB}> from Slack`)), 'bob’s reply');
    expect(writes(/\/reviews$/)).toEqual([{ method: 'POST', path: `/repos/${REPO}/pulls/1/reviews`, login: 'bob' }]);

    await click('forgebell_approve', card, ALICE);
    await until(() => repliesTo(card).some((m) => m.text.includes(`Approved by <@${ALICE}>`)), 'alice’s reply');
    expect(writes(/\/reviews$/).map((w) => w.login)).toEqual(['bob', DEFAULT_GITHUB_LOGIN]);

    await click('forgebell_approve', card, DAVE);
    await until(
      () => answers().some((t) => t.startsWith('Sign in first: `/forgebell signin github`')),
      'sign in first',
    );
    // Alive: a control click after dave's still reaches GitHub, and dave's never did.
    await click('forgebell_approve', card, BOB);
    await until(() => writes(/\/reviews$/).length === 3, 'the control approval');
    expect(writes(/\/reviews$/).map((w) => w.login)).toEqual(['bob', DEFAULT_GITHUB_LOGIN, 'bob']);

    const feed = rig.h.engine.handlers['feed.page']({ limit: 100 });
    const fromSlack = (await feed).items.filter((f) => f.summary.endsWith('from Slack')).map((f) => f.summary);
    expect(fromSlack).toContain('bob approved octo-org/hello-world#1 from Slack');
    expect(fromSlack).toContain(`${DEFAULT_GITHUB_LOGIN} approved octo-org/hello-world#1 from Slack`);
  });

  it('refusals in plain words: one’s own pull request (422); a revoked personal token is forgotten', async () => {
    await setup();
    github.openPull(REPO, { title: 'Bob’s change', head: 'bobs', actor: 'bob' });
    const card = await cardOf(1);
    await click('forgebell_approve', card, BOB);
    await until(() => answers().includes('You cannot approve your own pull request.'), 'the 422 in words');
    expect(repliesTo(card).filter((m) => m.text.includes('from Slack'))).toEqual([]);

    github.revokeToken(BOB_TOKEN);
    await click('forgebell_approve', card, BOB);
    await until(() => answers().some((t) => /no longer works.*Sign in again/.test(t)), 'sign in again');
    await until(
      () => rig.h.saved().people.find((p) => p.slack === BOB)?.tokens.github === undefined,
      'token forgotten',
    );
    await click('forgebell_approve', card, BOB);
    // Counted in the button's response_url answers (the fake may also list them as ephemerals).
    await until(() => rig.responses().filter((t) => t.startsWith('Sign in first')).length === 1, 'now: sign in first');
  });

  it('Request changes… and Comment… through a modal: required text beside the field, a forged submission refused', async () => {
    await setup();
    github.openPull(REPO, { title: 'Review me', head: 'feature', actor: 'carol' });
    const card = await cardOf(1);
    await click('forgebell_request_changes', card, BOB);
    await until(() => rig.slack.views.length === 1, 'the modal');
    const values = (text: string) => typed('body', text);
    const empty = await rig.submit(0, BOB, values('  '));
    expect(empty.ackPayload).toEqual({
      response_action: 'errors',
      errors: { body: 'Write something first: it cannot be empty.' },
    });
    const forged = await rig.submit(0, DAVE, values('ship it'));
    expect(forged.ackPayload).toMatchObject({ response_action: 'errors' });
    const good = await rig.submit(0, BOB, values('Add tests'));
    expect(good.ackPayload ?? {}).toEqual({});
    await until(() => repliesTo(card).some((m) => m.text.includes(`Changes requested by <@${BOB}>`)), 'the reply');
    expect(writes(/\/reviews$/)).toEqual([{ method: 'POST', path: `/repos/${REPO}/pulls/1/reviews`, login: 'bob' }]);
    expect(
      github.world
        .repo(REPO)
        .issues.get(1)
        ?.pull?.reviews.map((r) => [r.state, r.body, r.author]),
    ).toEqual([['changes_requested', 'Add tests', 'bob']]);

    await click('forgebell_comment', card, ALICE);
    await until(() => rig.slack.views.length === 2, 'the comment modal');
    await rig.submit(1, ALICE, values('Nice'));
    await until(() => writes(/\/comments$/).length === 1, 'the comment');
    expect(writes(/\/comments$/)[0]?.login).toBe(DEFAULT_GITHUB_LOGIN);
  });

  it('Merge…: the allowed methods and why it cannot merge yet, read fresh; 405 and 409 in words; merged: the card loses its buttons', async () => {
    await setup();
    const repo = github.world.repo(REPO);
    repo.mergeMethods.rebase = false;
    repo.requireApproval = true;
    github.openPull(REPO, { title: 'Merge me', head: 'feature', actor: 'carol' });
    const card = await cardOf(1);
    const pull = repo.issues.get(1)!.pull!;
    github.workflowRun(REPO, {
      branch: 'feature',
      headSha: pull.headSha,
      name: 'CI',
      status: 'completed',
      conclusion: 'failure',
    });

    await click('forgebell_merge', card, BOB);
    const text = await rig.filledModal(0);
    expect(text).toContain('Checks failing: CI');
    expect(text).toContain('Approvals missing');
    expect(text).toContain('Squash and merge');
    expect(text).not.toContain('Rebase and merge');
    await rig.submit(0, BOB, mergeWith('squash'));
    await until(() => answers().some((t) => t.includes('At least 1 approving review is required')), 'the 405');

    // Someone pushes after the modal was read: GitHub's 409.
    await click('forgebell_approve', card, ALICE);
    await until(() => repo.issues.get(1)!.pull!.reviews.length === 1, 'approved');
    await click('forgebell_merge', card, BOB);
    await rig.filledModal(1);
    github.push(REPO, 'feature', 1, { actor: 'carol' });
    await rig.submit(1, BOB, mergeWith('squash'));
    await until(() => answers().some((t) => t.startsWith('Someone pushed to the branch')), 'the 409');

    await click('forgebell_merge', card, BOB);
    await rig.filledModal(2);
    await rig.submit(2, BOB, mergeWith('squash'));
    await until(() => repliesTo(card).some((m) => m.text.includes(`Merged by <@${BOB}> from Slack`)), 'merged');
    expect(writes(/\/merge$/).map((w) => w.login)).toEqual(['bob', 'bob', 'bob']);
    // The poll sees the merge; the thread parent becomes Merged, without action buttons.
    await until(() => JSON.stringify(rig.current(card)?.blocks).includes('Merged'), 'the parent says merged');
    expect(JSON.stringify(rig.current(card)?.blocks)).not.toContain('forgebell_approve');
  });

  it('Merge… when the checks pass: GitHub auto-merge (GraphQL) as the clicker; not allowed and clean status in words; a ready pull request is offered a normal merge', async () => {
    await setup();
    const repo = github.world.repo(REPO);
    repo.allowAutoMerge = true;
    github.openPull(REPO, { title: 'Wait for CI', head: 'feature', actor: 'carol' });
    const card = await cardOf(1);
    const pull = repo.issues.get(1)!.pull!;
    const ci = () =>
      github.workflowRun(REPO, { branch: 'feature', headSha: pull.headSha, name: 'CI', status: 'in_progress' });
    let run = ci();
    const when = (m: string) => mergeWith(m, true);
    const openModal = async (n: number): Promise<string> => {
      await click('forgebell_merge', card, BOB);
      return rig.filledModal(n);
    };

    // The repository stops allowing auto-merge after the modal offered it: GitHub's refusal in words.
    expect(await openModal(0)).toContain('Merge when the checks pass');
    repo.allowAutoMerge = false;
    await rig.submit(0, BOB, when('squash'));
    await until(
      () => answers().some((t) => t.startsWith('Auto-merge is not allowed in this repository')),
      'not allowed',
    );

    // The checks finish after the modal opened: "clean status", nothing to wait for.
    repo.allowAutoMerge = true;
    expect(await openModal(1)).toContain('Merge when the checks pass');
    github.updateWorkflowRun(REPO, run.id, { status: 'completed', conclusion: 'success' });
    await rig.submit(1, BOB, when('squash'));
    await until(() => answers().some((t) => t.startsWith('Nothing is left to wait for')), 'clean status');
    // A ready pull request: the modal offers the normal merge only.
    const ready = await openModal(2);
    expect(ready).toContain('Ready to merge');
    expect(ready).not.toContain('Merge when the checks pass');
    expect(pull.autoMerge ?? null).toBeNull();

    // New checks running: auto-merge set with bob's own token, confirmed in the thread.
    run = ci();
    expect(await openModal(3)).toContain('Merge when the checks pass');
    await rig.submit(3, BOB, when('squash'));
    await until(
      () => repliesTo(card).some((m) => m.text.includes(`<@${BOB}> set it to merge when the checks pass`)),
      'the reply',
    );
    expect(pull.autoMerge).toEqual({ by: 'bob', method: 'SQUASH' });
    const mutations = github.graphqlQueries.filter((q) => q.includes('enablePullRequestAutoMerge'));
    expect(mutations).toHaveLength(3);
    // The mutation as sent is valid against GitHub's public schema, not only the fake's.
    for (const m of mutations) expect(validateAgainstGitHub(m)).toEqual([]);
    expect(writes(/\/merge$/)).toEqual([]);
  });

  it('a failed run carries Re-run failed jobs, made with the clicker’s token', async () => {
    await setup();
    github.workflowRun(REPO, { branch: 'main', name: 'CI', status: 'completed', conclusion: 'failure' });
    const card = await rig.messageWith('forgebell_rerun', 'the failed run card');
    await click('forgebell_rerun', card, BOB);
    await until(() => writes(/rerun-failed-jobs$/).length === 1, 'the re-run');
    expect(writes(/rerun-failed-jobs$/)[0]?.login).toBe('bob');
    await until(() => repliesTo(card).some((m) => m.text.includes('re-run by')), 'the reply under the run card');
  });

  it('a card of a repository no longer subscribed: a polite answer, nothing sent to GitHub', async () => {
    await setup();
    github.openPull(REPO, { title: 'Old', head: 'feature', actor: 'carol' });
    const card = await cardOf(1);
    await rig.h.engine.handlers['subscriptions.remove']({ id: rig.h.saved().subscriptions[0]!.id });
    await click('forgebell_approve', card, BOB);
    await until(
      () => answers().some((t) => t.startsWith('Forgebell no longer follows octo-org/hello-world')),
      'polite',
    );
    await sleep(200);
    expect(github.writes).toEqual([]);
  });
});

/**
 * The same on GitLab: approvals, notes, accepting a merge request (now, or when the pipeline succeeds), retrying a
 * pipeline — against the GitLab fake, which records whose token each write used and answers 401/403/405/406 as GitLab.
 */
describe('acting from Slack on GitLab', () => {
  const PROJECT = 'group/app';
  const BOB_GL = 'glpat-bobsown0000000000';
  const rig = useSlackActionRig();
  let gitlab: GitLabFake;

  async function setup(): Promise<void> {
    gitlab = rig.own(await startGitLabFake());
    gitlab.createProject(PROJECT);
    for (const user of ['bob.gl', 'carol.gl']) gitlab.store.user(user);
    gitlab.addToken(BOB_GL, 'bob.gl', ['api']);
    await rig.start({
      commandUsers: [ALICE],
      config: {
        accounts: [{ id: 'work', forge: 'gitlab', apiUrl: gitlab.apiUrl, token: gitlab.token }],
        subscriptions: [{ account: 'work', repo: PROJECT, events: ['pulls', 'reviews', 'pipelines'] }],
        people: [
          { slack: ALICE, accounts: { work: gitlab.store.me.username } },
          { slack: BOB, accounts: { work: 'bob.gl' }, tokens: { work: BOB_GL } },
        ],
      },
    });
  }

  const cardWith = (needle: string, action: string): Promise<MessageRecord> =>
    rig.card(`the card with ${needle}`, (m) => JSON.stringify(m.blocks).includes(needle), action);
  const writes = (path: RegExp) => gitlab.store.writes.filter((w) => path.test(w.path));
  const { repliesTo, answers, click } = rig;

  it('Approve with each one’s token; one’s own merge request (401) in words; merge 405/406 in words, then merged', async () => {
    await setup();
    gitlab.openMergeRequest(PROJECT, { title: 'Tidy up', sourceBranch: 'main', author: 'carol.gl' });
    const card = await cardWith('merge_requests/1', 'forgebell_approve');
    await click('forgebell_approve', card, BOB);
    await until(() => writes(/\/approve$/).length === 1, 'bob’s approval');
    expect(writes(/\/approve$/)[0]?.username).toBe('bob.gl');
    await until(() => repliesTo(card).some((m) => m.text.includes(`Approved by <@${BOB}>`)), 'the reply');
    // A second approval by bob: GitLab's 401, and bob's token still works — the refusal in words, token kept.
    await click('forgebell_approve', card, BOB);
    await until(() => answers().some((t) => t.startsWith('GitLab refused the approval')), 'the 401 in words');
    expect(rig.h.saved().people.find((p) => p.slack === BOB)?.tokens.work).toBe(BOB_GL);

    const project = gitlab.project(PROJECT);
    project.approvalsRequired = 2;
    const method = mergeWith('merge');
    await click('forgebell_merge', card, ALICE);
    expect(await rig.filledModal(0)).toContain('Approvals missing');
    await rig.submit(0, ALICE, method);
    await until(() => answers().some((t) => t.startsWith('GitLab cannot merge it yet')), 'the 405 in words');

    project.approvalsRequired = 0;
    project.mergeRequests[0]!.conflicted = true;
    await click('forgebell_merge', card, ALICE);
    expect(await rig.filledModal(1)).toContain('conflicts');
    await rig.submit(1, ALICE, method);
    await until(() => answers().some((t) => t.includes('it has conflicts with the target branch')), 'the 406');

    project.mergeRequests[0]!.conflicted = false;
    await click('forgebell_merge', card, ALICE);
    await rig.filledModal(2);
    await rig.submit(2, ALICE, method);
    await until(() => project.mergeRequests[0]!.state === 'merged', 'merged on GitLab');
    expect(writes(/\/merge$/).map((w) => w.username)).toEqual([
      gitlab.store.me.username,
      gitlab.store.me.username,
      gitlab.store.me.username,
    ]);
    await until(() => repliesTo(card).some((m) => m.text.includes(`Merged by <@${ALICE}>`)), 'the merged reply');
  });

  it('merge when the pipeline succeeds; Reporter access (403) in words; Re-run retries a failed pipeline as the clicker', async () => {
    await setup();
    gitlab.openMergeRequest(PROJECT, { title: 'Wait for CI', sourceBranch: 'main', author: 'carol.gl' });
    const card = await cardWith('merge_requests/1', 'forgebell_merge');
    gitlab.runPipeline(PROJECT, { ref: 'main', status: 'running' });
    await click('forgebell_merge', card, BOB);
    expect(await rig.filledModal(0)).toContain('Merge when the checks pass');
    await rig.submit(0, BOB, mergeWith('merge', true));
    await until(() => gitlab.project(PROJECT).mergeRequests[0]!.autoMerge === true, 'auto-merge set');
    expect(writes(/\/merge$/)[0]?.username).toBe('bob.gl');

    const failed = gitlab.runPipeline(PROJECT, {
      ref: 'main',
      status: 'failed',
      jobs: [{ name: 'test', stage: 'test', status: 'failed' }],
    });
    const runCard = await cardWith(`pipelines/${failed.id}`, 'forgebell_rerun');
    gitlab.project(PROJECT).reporters = new Set(['bob.gl']);
    await click('forgebell_rerun', runCard, BOB);
    await until(() => answers().some((t) => t.startsWith('GitLab refused: you do not have permission')), 'the 403');
    gitlab.project(PROJECT).reporters = new Set();
    await click('forgebell_rerun', runCard, BOB);
    await until(
      () => gitlab.project(PROJECT).pipelines.find((p) => p.id === failed.id)?.status === 'pending',
      'retried',
    );
    expect(writes(/\/retry$/).map((w) => w.username)).toEqual(['bob.gl', 'bob.gl']);
  });
});

/**
 * State reactions (docs/cli-and-config.md §4): one reaction on a thread parent for its state, replaced as it changes;
 * `reactions: false` leaves parents alone; a held or failing reactions call never delays the next message.
 */
describe('state reactions on thread parents', () => {
  const REPO2 = 'octo-org/reactions';
  const rig = useSlackActionRig();
  let github: GitHubFake;

  async function setup(
    subscriptions: (repo: string) => NonNullable<ConfigFileInput['subscriptions']>,
    repos = [REPO2, REPO],
  ): Promise<void> {
    github = rig.own(await startGitHubFake({ pollIntervalSeconds: 1 }));
    for (const repo of repos) github.createRepo(repo);
    await rig.start({
      socketMode: false,
      config: {
        accounts: [{ id: 'github', forge: 'github', apiUrl: github.apiUrl, token: DEFAULT_GITHUB_TOKEN }],
        subscriptions: subscriptions('github'),
      },
    });
  }
  const twoRepos = (reactions: { main: boolean }) =>
    setup((account) => [
      { account, repo: REPO2, events: ['pulls', 'reviews'], reactions: reactions.main },
      { account, repo: REPO, events: ['pulls', 'reviews'] },
    ]);

  const parentOf = (repo: string, number: number): MessageRecord | undefined =>
    rig.slack
      .messagesIn('general')
      .find((m) => !m.thread_ts && JSON.stringify(m.blocks).includes(`${repo}/pull/${number}`));

  it('approved, then merged; closed without merge; replaced, never stacked', async () => {
    await twoRepos({ main: true });
    github.openPull(REPO2, { title: 'One', head: 'one', actor: 'carol' });
    github.openPull(REPO2, { title: 'Two', head: 'two', actor: 'carol' });
    await until(() => parentOf(REPO2, 1) !== undefined && parentOf(REPO2, 2) !== undefined, 'both parents', 20_000);
    github.review(REPO2, 1, { state: 'approved', actor: 'bob' });
    await until(() => reactionsOf(parentOf(REPO2, 1)).includes('white_check_mark'), 'approved', 20_000);
    github.mergePull(REPO2, 1, { actor: 'bob' });
    github.closePull(REPO2, 2, { actor: 'carol' });
    await until(
      () => reactionsOf(parentOf(REPO2, 1)).join() === 'large_purple_circle',
      'merged replaces approved',
      20_000,
    );
    await until(() => reactionsOf(parentOf(REPO2, 2)).join() === 'no_entry_sign', 'closed', 20_000);
  });

  it('a failed run of a pull request’s head sets x on its thread parent (not threaded under it); checks passing again clear it', async () => {
    await setup(
      (account) => [{ account, repo: REPO2, events: ['pulls', 'reviews', 'pipelines'], branches: 'all' }],
      [REPO2],
    );
    github.openPull(REPO2, { title: 'One', head: 'one', actor: 'carol' });
    github.openPull(REPO2, { title: 'Two', head: 'two', actor: 'carol' });
    await until(() => parentOf(REPO2, 1) !== undefined && parentOf(REPO2, 2) !== undefined, 'both parents', 20_000);
    github.review(REPO2, 1, { state: 'approved', actor: 'bob' });
    await until(() => reactionsOf(parentOf(REPO2, 1)).join() === 'white_check_mark', 'approved', 20_000);

    const failed = github.workflowRun(REPO2, { branch: 'one', name: 'CI', status: 'completed', conclusion: 'failure' });
    const runCard = () =>
      rig.slack.messagesIn('general').find((m) => JSON.stringify(m.blocks).includes(`/actions/runs/${failed.id}`));
    await until(() => reactionsOf(parentOf(REPO2, 1)).join() === 'x', 'x replaces approved', 20_000);
    // The run's card is a message of its own (runs are not threaded under their pull request); #2 is left alone.
    expect(runCard()?.thread_ts).toBeUndefined();
    expect(reactionsOf(parentOf(REPO2, 2))).toEqual([]);

    github.workflowRun(REPO2, { branch: 'one', name: 'CI', status: 'completed', conclusion: 'success' });
    await until(() => reactionsOf(parentOf(REPO2, 1)).length === 0, 'x cleared by the passing run', 20_000);
    // Control: a failure on #2's head reaches #2 only.
    github.workflowRun(REPO2, { branch: 'two', name: 'CI', status: 'completed', conclusion: 'failure' });
    await until(() => reactionsOf(parentOf(REPO2, 2)).join() === 'x', 'x on #2', 20_000);
    expect(reactionsOf(parentOf(REPO2, 1))).toEqual([]);
  });

  it('a passing run left out by onlyBrokenPipelines (not a fix as far as Forgebell knows) still clears the x', async () => {
    await setup((account) => [{ account, repo: REPO2, events: ['pulls', 'pipelines'], branches: 'all' }], [REPO2]);
    github.openPull(REPO2, { title: 'One', head: 'one', actor: 'carol' });
    await until(() => parentOf(REPO2, 1) !== undefined, 'the parent');
    github.workflowRun(REPO2, { branch: 'one', name: 'CI', status: 'completed', conclusion: 'failure' });
    await until(() => reactionsOf(parentOf(REPO2, 1)).join() === 'x', 'x');
    // The failure was longer ago than retentionDays: retention pruned the branch's last pipeline status, so the
    // passing run is no "fix" and is left out (onlyBrokenPipelines, the default).
    rig.h.state.db.prepare('DELETE FROM pipeline_status').run();
    const passed = github.workflowRun(REPO2, { branch: 'one', name: 'CI', status: 'completed', conclusion: 'success' });
    await until(() => reactionsOf(parentOf(REPO2, 1)).length === 0, 'x cleared by the run not posted');
    const feed = await rig.h.engine.handlers['feed.page']({ limit: 50 });
    const item = feed.items.find((f) => f.url.endsWith(`/actions/runs/${passed.id}`));
    expect(item?.destinations.map((d) => [d.fate, d.reason])).toEqual([
      ['filtered', 'pipeline success; only broken pipelines are reported'],
    ]);
    expect(rig.slack.messagesIn('general').filter((m) => m.text.includes(`${passed.id}`))).toEqual([]);
  });

  it('a fork’s pull request gets the x too: its run (which GitHub does not link to it) is matched by fork and branch', async () => {
    await setup((account) => [{ account, repo: REPO2, events: ['pulls', 'pipelines'], branches: 'all' }], [REPO2]);
    const fork = github.openPull(REPO2, {
      title: 'From a fork',
      head: 'patch-1',
      fork: 'erin/reactions',
      actor: 'erin',
    });
    github.openPull(REPO2, { title: 'Same branch name, not the fork', head: 'other', actor: 'carol' });
    await until(() => parentOf(REPO2, 1) !== undefined && parentOf(REPO2, 2) !== undefined, 'both parents');
    // The fork's branch moves on after it was opened: GitHub's feed says nothing of it (no `synchronize` there).
    const opened = fork.pull!.headSha;
    const headSha = github.pushToFork(REPO2, 1, { actor: 'erin' });
    expect(headSha).not.toBe(opened);
    const run = (conclusion: string, headRepo = 'erin/reactions') =>
      github.workflowRun(REPO2, {
        branch: 'patch-1',
        headSha,
        headRepo,
        event: 'pull_request',
        name: 'CI',
        status: 'completed',
        conclusion,
      });
    const failed = run('failure');
    // As on GitHub, the run lists no pull request.
    const listed = (
      (await await fetch(`${github.apiUrl}/repos/${REPO2}/actions/runs/${failed.id}`, {
        headers: { authorization: `Bearer ${DEFAULT_GITHUB_TOKEN}` },
      }).then((r) => r.json())) as { pull_requests: unknown[] }
    ).pull_requests;
    expect(listed).toEqual([]);
    await until(() => reactionsOf(parentOf(REPO2, 1)).join() === 'x', 'x on the fork’s pull request');
    expect(reactionsOf(parentOf(REPO2, 2))).toEqual([]);

    run('success');
    await until(() => reactionsOf(parentOf(REPO2, 1)).length === 0, 'x cleared by the fork’s passing run');

    // Another fork's failed run of the same commit and branch name is not this pull request's…
    const stranger = run('failure', 'mallory/reactions');
    // …control: a failure on #2's head, posted after it, reaches #2.
    github.workflowRun(REPO2, { branch: 'other', name: 'CI', status: 'completed', conclusion: 'failure' });
    await until(() => reactionsOf(parentOf(REPO2, 2)).join() === 'x', 'x on #2');
    await sleep(500);
    expect(
      rig.slack.messagesIn('general').some((m) => JSON.stringify(m.blocks).includes(`/actions/runs/${stranger.id}`)),
    ).toBe(true);
    expect(reactionsOf(parentOf(REPO2, 1))).toEqual([]);
  });

  it('a held reactions call delays no message; reactions: false leaves the parent alone', async () => {
    await twoRepos({ main: false });
    const held = rig.slack.hookNext('reactions.add', { stage: 'before', answer: 'hold', times: 100 });
    github.openPull(REPO, { title: 'Control', head: 'c', actor: 'carol' });
    github.openPull(REPO2, { title: 'Quiet', head: 'q', actor: 'carol' });
    await until(() => parentOf(REPO, 1) !== undefined && parentOf(REPO2, 1) !== undefined, 'parents', 20_000);
    github.review(REPO, 1, { state: 'approved', actor: 'bob' });
    github.review(REPO2, 1, { state: 'approved', actor: 'bob' });
    await held.arrived; // the control parent's reaction is held in Slack…
    github.review(REPO, 1, { state: 'commented', body: 'later', actor: 'bob' });
    // …and the replies after it are delivered all the same.
    await until(
      () => rig.repliesTo(parentOf(REPO, 1)!).length >= 2,
      'the replies delivered while the reaction is held',
      20_000,
    );
    held.release();
    await until(() => reactionsOf(parentOf(REPO, 1)).includes('white_check_mark'), 'the control reaction', 20_000);
    expect(held.hits).toBe(1);
    expect(reactionsOf(parentOf(REPO2, 1))).toEqual([]);
  });
});
