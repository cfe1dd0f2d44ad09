import { describe, expect, it } from 'vitest';
import { type GiteaFake, startGiteaFake } from '../fakes/gitea/index.js';
import type { MessageRecord } from '../fakes/slack/index.js';
import { mergeWith, reactionsOf, typed, useSlackActionRig } from '../support/slack-action-rig.js';
import { until } from '../support/wait-until.js';

/**
 * Acting from Slack on Gitea/Forgejo (docs/cli-and-config.md §4, §7) end to end: Socket Mode envelopes sent by the
 * official client to the engine, the forge calls against the Gitea fake, which records whose token each write used and
 * answers like Gitea (422 for approving one's own pull request, 405 with branch protection's reason, 409 for a moved
 * head, 201 when scheduled for when the checks succeed). Gitea has no device sign-in: a person's token comes from the
 * config (or the People screen), and the paired owner acts with the account's token.
 */

const REPO = 'acme/widgets';
const ALICE = 'U0ALICE001'; // paired, owns the account's token (gitea-user)
const BOB = 'U0BOB00001'; // has his own Gitea token in people[].tokens
const DAVE = 'U0DAVE0001'; // a person without a token
const BOB_TOKEN = 'bobs-gitea-token-000000000000000000000000';

describe('acting from Slack on Gitea', () => {
  const rig = useSlackActionRig();
  let gitea: GiteaFake;

  async function setup(): Promise<void> {
    gitea = rig.own(await startGiteaFake({ version: '1.26.1' }));
    gitea.createRepo(REPO, { org: true });
    gitea.addToken(BOB_TOKEN, { login: 'bob' });
    await rig.start({
      users: { dave: DAVE },
      commandUsers: [ALICE],
      config: {
        accounts: [{ id: 'tea', forge: 'gitea', apiUrl: gitea.apiUrl, token: gitea.token }],
        subscriptions: [{ account: 'tea', repo: REPO, events: ['pulls', 'reviews', 'comments', 'pipelines'] }],
        people: [
          { slack: ALICE, accounts: { tea: 'gitea-user' } },
          { slack: BOB, accounts: { tea: 'bob' }, tokens: { tea: BOB_TOKEN }, notify: ['mentioned'] },
          { slack: DAVE, accounts: { tea: 'dave' }, notify: [] },
        ],
      },
    });
  }

  const pullLink = (number: number) => (m: MessageRecord) =>
    JSON.stringify(m.blocks).includes(`${REPO}/pulls/${number}`);
  /** The card of a pull request in #general (a thread parent), once it is there with its buttons. */
  const cardOf = (number: number) => rig.card(`the card of #${number}`, pullLink(number), 'forgebell_approve');
  const parentOf = (number: number): MessageRecord | undefined =>
    rig.slack.messagesIn('general').find((m) => !m.thread_ts && pullLink(number)(m));
  const writes = (path: RegExp) => gitea.writes.filter((w) => path.test(w.path));
  const { repliesTo, answers, click } = rig;
  const method = (m: string) => mergeWith(m);

  it('Approve with the clicker’s own token or the paired owner’s account token, from the card and from a DM; others are told what to do', async () => {
    await setup();
    gitea.openPull(REPO, { title: 'Add a feature', body: '@bob could you look?', head: 'feature', by: 'carol' });
    const card = await cardOf(1);

    const ack = await click('forgebell_approve', card, BOB);
    expect(ack.timedOut).toBe(false);
    await until(() => repliesTo(card).some((m) => m.text.includes(`Approved by <@${BOB}> from Slack`)), 'bob’s reply');
    expect(writes(/\/reviews$/)).toEqual([{ method: 'POST', path: `/repos/${REPO}/pulls/1/reviews`, login: 'bob' }]);
    // The poll sees the approval: the thread parent gets its state reaction.
    await until(() => reactionsOf(parentOf(1)).includes('white_check_mark'), 'approved reaction', 20_000);

    await click('forgebell_approve', card, ALICE);
    await until(() => repliesTo(card).some((m) => m.text.includes(`Approved by <@${ALICE}>`)), 'alice’s reply');
    expect(writes(/\/reviews$/).map((w) => w.login)).toEqual(['bob', 'gitea-user']);

    await click('forgebell_approve', card, DAVE);
    await until(
      () =>
        answers().some((t) => t.startsWith('Forgebell has no token of yours for tea') && t.includes('Store a token')),
      'what dave should do',
    );
    // Bob's DM (he was mentioned) carries the same buttons, and they act as him.
    await until(
      () => JSON.stringify(rig.slack.dmsTo(BOB)[0]?.blocks ?? '').includes('forgebell_approve'),
      'the DM card',
    );
    const dm = rig.slack.dmsTo(BOB)[0]!;
    await click('forgebell_comment', dm, BOB);
    await until(() => rig.slack.views.length === 1, 'the comment modal from the DM');
    await rig.submit(0, BOB, typed('body', 'From my DM'));
    await until(() => writes(/\/comments$/).length === 1, 'the comment');
    expect(writes(/\/comments$/)[0]).toEqual({
      method: 'POST',
      path: `/repos/${REPO}/issues/1/comments`,
      login: 'bob',
    });
    // Dave's click never reached Gitea: the writes are bob's, alice's and bob's comment.
    expect(gitea.writes.map((w) => w.login)).toEqual(['bob', 'gitea-user', 'bob']);

    const feed = await rig.h.engine.handlers['feed.page']({ limit: 100 });
    const fromSlack = feed.items.filter((f) => f.summary.endsWith('from Slack')).map((f) => f.summary);
    expect(fromSlack).toContain('bob approved acme/widgets#1 from Slack');
    expect(fromSlack).toContain('gitea-user approved acme/widgets#1 from Slack');
    expect(fromSlack).toContain('bob commented on acme/widgets#1 from Slack');
  });

  it('refusals in plain words: one’s own pull request (422), Request changes… needs text; a revoked token is forgotten', async () => {
    await setup();
    gitea.openPull(REPO, { title: 'Bob’s change', head: 'bobs', by: 'bob' });
    const card = await cardOf(1);
    await click('forgebell_approve', card, BOB);
    await until(() => answers().includes('You cannot approve your own pull request.'), 'the 422 in words');

    await click('forgebell_request_changes', card, ALICE);
    await until(() => rig.slack.views.length === 1, 'the modal');
    const empty = await rig.submit(0, ALICE, typed('body', ' '));
    expect(empty.ackPayload).toEqual({
      response_action: 'errors',
      errors: { body: 'Write something first: it cannot be empty.' },
    });
    await rig.submit(0, ALICE, typed('body', 'Add tests'));
    await until(() => repliesTo(card).some((m) => m.text.includes(`Changes requested by <@${ALICE}>`)), 'the reply');
    expect(gitea.world.reviews.map((r) => [r.state, r.body, r.author.login])).toEqual([
      ['REQUEST_CHANGES', 'Add tests', 'gitea-user'],
    ]);
    expect(repliesTo(card).some((m) => m.text.includes(`<@${BOB}>`))).toBe(false);

    gitea.revokeToken(BOB_TOKEN);
    await click('forgebell_approve', card, BOB);
    await until(
      () => answers().some((t) => /^Your token for tea no longer works.*Store a token/.test(t)),
      'store a new token',
    );
    await until(() => rig.h.saved().people.find((p) => p.slack === BOB)?.tokens.tea === undefined, 'token forgotten');
    await click('forgebell_approve', card, BOB);
    // Counted in the button's response_url answers (the fake may also list them as ephemerals).
    await until(
      () => rig.responses().filter((t) => t.startsWith('Forgebell has no token of yours for tea')).length === 1,
      'now: no token',
    );
    expect(writes(/\/reviews$/).map((w) => w.login)).toEqual(['bob', 'gitea-user']);
  });

  it('Merge…: the styles the repository allows and why it cannot merge yet; 405 and 409 in words; merged: no buttons, purple reaction', async () => {
    await setup();
    const repo = gitea.world.repo(REPO);
    repo.mergeStyles.squash = false;
    repo.protections.set('main', { requiredApprovals: 1, statusChecks: ['ci/test'], mergers: null });
    gitea.openPull(REPO, { title: 'Merge me', head: 'feature', by: 'carol' });
    gitea.push(REPO, 'feature', ['Start'], { by: 'carol' });
    const sha = () => repo.branches.get('feature')!.commits.at(-1)!.sha;
    gitea.setStatus(REPO, sha(), 'ci/test', 'failure');
    const card = await cardOf(1);

    await click('forgebell_merge', card, BOB);
    const text = await rig.filledModal(0);
    expect(text).toContain('Checks failing: ci/test');
    expect(text).toContain('Approvals missing: 1 more needed');
    expect(text).toContain('Fast-forward only');
    expect(text).toContain('Rebase and create a merge commit');
    expect(text).not.toContain('Squash and merge');
    await rig.submit(0, BOB, method('merge'));
    await until(
      () => answers().includes("Gitea's branch protection refused the merge: Does not have enough approvals."),
      'the 405 in words',
    );

    await click('forgebell_approve', card, ALICE);
    await until(() => gitea.world.reviews.length === 1, 'approved');
    gitea.setStatus(REPO, sha(), 'ci/test', 'success');
    await click('forgebell_merge', card, BOB);
    expect(await rig.filledModal(1)).toContain('Ready to merge');
    gitea.push(REPO, 'feature', ['Late change'], { by: 'carol' });
    gitea.setStatus(REPO, sha(), 'ci/test', 'success');
    await rig.submit(1, BOB, method('merge'));
    await until(() => answers().some((t) => t.startsWith('Someone pushed to the branch')), 'the 409');

    await click('forgebell_merge', card, BOB);
    await rig.filledModal(2);
    await rig.submit(2, BOB, method('fast-forward-only'));
    await until(() => repliesTo(card).some((m) => m.text.includes(`Merged by <@${BOB}> from Slack`)), 'merged');
    expect(gitea.world.item(repo, 1)?.merged).toBe(true);
    expect(writes(/\/merge$/).map((w) => w.login)).toEqual(['bob', 'bob', 'bob']);
    await until(() => reactionsOf(parentOf(1)).join() === 'large_purple_circle', 'merged replaces approved', 20_000);
    await until(() => JSON.stringify(parentOf(1)?.blocks).includes('Merged'), 'the parent says merged', 20_000);
    expect(JSON.stringify(parentOf(1)?.blocks)).not.toContain('forgebell_approve');
  });

  it('merge when the checks succeed (201); a failed run carries Re-run failed jobs, made with the clicker’s token', async () => {
    await setup();
    gitea.openPull(REPO, { title: 'Wait for CI', head: 'feature', by: 'carol' });
    gitea.push(REPO, 'feature', ['Start'], { by: 'carol' });
    const repo = gitea.world.repo(REPO);
    gitea.setStatus(REPO, repo.branches.get('feature')!.commits.at(-1)!.sha, 'ci/test', 'pending');
    const card = await cardOf(1);
    await click('forgebell_merge', card, BOB);
    expect(await rig.filledModal(0)).toContain('Merge when the checks pass');
    await rig.submit(0, BOB, mergeWith('squash', true));
    await until(() => gitea.world.item(repo, 1)?.autoMerge === 'squash', 'auto-merge scheduled');
    await until(
      () => repliesTo(card).some((m) => m.text.includes('set it to merge when the checks pass')),
      'the scheduled reply',
    );

    const run = gitea.runWorkflow(REPO, { jobs: ['build', 'test'] });
    gitea.finishRun(run, { failed: ['test'] });
    const runCard = await rig.messageWith('forgebell_rerun', 'the failed run card');
    await click('forgebell_rerun', runCard, BOB);
    await until(() => writes(/rerun-failed-jobs$/).length === 1, 'the re-run');
    expect(writes(/rerun-failed-jobs$/)[0]).toEqual({
      method: 'POST',
      path: `/repos/${REPO}/actions/runs/${run.id}/rerun-failed-jobs`,
      login: 'bob',
    });
    expect(run.jobs.map((j) => j.status)).toEqual(['success', 'waiting']);
    await until(() => repliesTo(runCard).some((m) => m.text.includes('re-run by')), 'the reply under the run card');
  });
  it('/forgebell signin on a Gitea account says what to do instead; the People screen stores a token after asking Gitea whose it is', async () => {
    await setup();
    const DAVE_TOKEN = 'daves-gitea-token-00000000000000000000000';
    gitea.addToken(DAVE_TOKEN, { login: 'dave' });
    await rig.slack.sendSlashCommand({ text: 'signin tea', user_id: DAVE });
    await until(() => rig.responses().length === 1, 'the signin answer');
    expect(rig.responses()[0]).toMatch(
      /^tea is a Gitea\/Forgejo account, and Gitea has no sign-in from Slack\. .*Store a token/,
    );

    const store = (token: string) => rig.h.engine.handlers['people.storeToken']({ slack: DAVE, account: 'tea', token });
    await expect(store('not-a-token')).rejects.toThrow(/That token was not stored: the forge does not accept it/);
    await expect(store(BOB_TOKEN)).rejects.toThrow(
      /That token belongs to bob on tea, but this person is dave there\. Nothing was stored\./,
    );
    expect(rig.h.saved().people.find((p) => p.slack === DAVE)?.tokens.tea).toBeUndefined();
    expect(await store(DAVE_TOKEN)).toEqual({ login: 'dave' });
    expect(rig.h.saved().people.find((p) => p.slack === DAVE)?.tokens.tea).toBe(DAVE_TOKEN);
    // The People screen sees that a token is stored, never the token.
    const list = await rig.h.engine.handlers['people.list']({});
    expect(list.people.find((p) => p.slack === DAVE)?.accounts.find((a) => a.account === 'tea')?.signedIn).toBe(true);
    expect(JSON.stringify(list)).not.toContain(DAVE_TOKEN);

    gitea.openPull(REPO, { title: 'For dave', head: 'feature', by: 'carol' });
    const card = await cardOf(1);
    await click('forgebell_approve', card, DAVE);
    await until(() => writes(/\/reviews$/).length === 1, 'dave’s approval');
    expect(writes(/\/reviews$/)[0]?.login).toBe('dave');
  });
});
