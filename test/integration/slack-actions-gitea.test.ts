import { afterEach, describe, expect, it } from 'vitest';
import type { ConfigFileInput } from '../../electron/core/settings/config-schema.js';
import { type GiteaFake, startGiteaFake } from '../fakes/gitea/index.js';
import { type MessageRecord, type SlackFake, startSlackFake } from '../fakes/slack/index.js';
import { type EngineHarness, startEngine } from '../support/engine-harness.js';
import { sleep, until } from '../support/wait-until.js';

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
  let slack: SlackFake;
  let gitea: GiteaFake;
  let h: EngineHarness;
  afterEach(async () => {
    await h?.stop();
    await Promise.all([slack?.close(), gitea?.close()]);
  });

  async function setup(): Promise<void> {
    slack = await startSlackFake({ ackTimeoutMs: 3000 });
    slack.addUser('dave', { id: DAVE });
    gitea = await startGiteaFake({ version: '1.26.1' });
    gitea.createRepo(REPO, { org: true });
    gitea.addToken(BOB_TOKEN, { login: 'bob' });
    const config: ConfigFileInput = {
      version: 1,
      pollIntervalSeconds: 1,
      slack: {
        botToken: slack.botToken,
        appToken: slack.appToken,
        apiUrl: slack.apiUrl,
        defaultChannel: 'general',
        commandUsers: [ALICE],
      },
      accounts: [{ id: 'tea', forge: 'gitea', apiUrl: gitea.apiUrl, token: gitea.token }],
      subscriptions: [{ account: 'tea', repo: REPO, events: ['pulls', 'reviews', 'comments', 'pipelines'] }],
      people: [
        { slack: ALICE, accounts: { tea: 'gitea-user' } },
        { slack: BOB, accounts: { tea: 'bob' }, tokens: { tea: BOB_TOKEN }, notify: ['mentioned'] },
        { slack: DAVE, accounts: { tea: 'dave' }, notify: [] },
      ],
    };
    h = await startEngine(config);
    await until(() => h.engine.status().slack.socket === 'connected', 'socket connected');
    await until(() => h.engine.status().accounts.every((a) => a.login !== null), 'the account login known');
    await sleep(1100); // past the subscription's first second: what happens next is news, not history
  }

  /** The card of a pull request in #general (a thread parent), once it is there with its buttons. */
  async function cardOf(number: number): Promise<MessageRecord> {
    let card: MessageRecord | undefined;
    await until(
      () => {
        card = parentOf(number);
        return card !== undefined && JSON.stringify(card.blocks).includes('forgebell_approve');
      },
      `the card of #${number}`,
      20_000,
    );
    return card!;
  }
  const parentOf = (number: number): MessageRecord | undefined =>
    slack
      .messagesIn('general')
      .find((m) => !m.thread_ts && JSON.stringify(m.blocks).includes(`${REPO}/pulls/${number}`));
  const repliesTo = (card: MessageRecord): MessageRecord[] =>
    slack.messagesIn('general').filter((m) => m.thread_ts === card.ts);
  const writes = (path: RegExp) => gitea.writes.filter((w) => path.test(w.path));
  /** What the clicker alone was told: response_url answers (buttons) and ephemerals (after a modal). */
  const answers = () => [
    ...slack.responses.map((r) => String((r.body as { text?: unknown }).text ?? '')),
    ...slack.ephemerals.map((e) => e.text),
  ];
  const reactionsOf = (m: MessageRecord | undefined): string[] => (m?.reactions ?? []).map((r) => r.name);
  const click = (action: string, card: MessageRecord, user: string) =>
    slack.sendBlockAction({ action_id: action, channel_id: card.channel, message_ts: card.ts, user_id: user });
  const method = (m: string) => ({ method: { value: { type: 'radio_buttons', selected_option: { value: m } } } });

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
    await until(() => JSON.stringify(slack.dmsTo(BOB)[0]?.blocks ?? '').includes('forgebell_approve'), 'the DM card');
    const dm = slack.dmsTo(BOB)[0]!;
    await click('forgebell_comment', dm, BOB);
    await until(() => slack.views.length === 1, 'the comment modal from the DM');
    await slack.sendViewSubmission({
      view_id: slack.views[0]!.id,
      user_id: BOB,
      values: { body: { value: { type: 'plain_text_input', value: 'From my DM' } } },
    });
    await until(() => writes(/\/comments$/).length === 1, 'the comment');
    expect(writes(/\/comments$/)[0]).toEqual({
      method: 'POST',
      path: `/repos/${REPO}/issues/1/comments`,
      login: 'bob',
    });
    // Dave's click never reached Gitea: the writes are bob's, alice's and bob's comment.
    expect(gitea.writes.map((w) => w.login)).toEqual(['bob', 'gitea-user', 'bob']);

    const feed = await h.engine.handlers['feed.page']({ limit: 100 });
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
    await until(() => slack.views.length === 1, 'the modal');
    const values = (text: string) => ({ body: { value: { type: 'plain_text_input', value: text } } });
    const empty = await slack.sendViewSubmission({ view_id: slack.views[0]!.id, user_id: ALICE, values: values(' ') });
    expect(empty.ackPayload).toEqual({
      response_action: 'errors',
      errors: { body: 'Write something first: it cannot be empty.' },
    });
    await slack.sendViewSubmission({ view_id: slack.views[0]!.id, user_id: ALICE, values: values('Add tests') });
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
    await until(() => h.saved().people.find((p) => p.slack === BOB)?.tokens.tea === undefined, 'token forgotten');
    await click('forgebell_approve', card, BOB);
    // Counted in the button's response_url answers (the fake may also list them as ephemerals).
    await until(
      () =>
        slack.responses.filter((r) =>
          String((r.body as { text?: unknown }).text ?? '').startsWith('Forgebell has no token of yours for tea'),
        ).length === 1,
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
    await until(() => slack.views[0]?.updates === 1, 'the modal filled in');
    const text = JSON.stringify(slack.views[0]!.view.blocks);
    expect(text).toContain('Checks failing: ci/test');
    expect(text).toContain('Approvals missing: 1 more needed');
    expect(text).toContain('Fast-forward only');
    expect(text).toContain('Rebase and create a merge commit');
    expect(text).not.toContain('Squash and merge');
    await slack.sendViewSubmission({ view_id: slack.views[0]!.id, user_id: BOB, values: method('merge') });
    await until(
      () => answers().includes("Gitea's branch protection refused the merge: Does not have enough approvals."),
      'the 405 in words',
    );

    await click('forgebell_approve', card, ALICE);
    await until(() => gitea.world.reviews.length === 1, 'approved');
    gitea.setStatus(REPO, sha(), 'ci/test', 'success');
    await click('forgebell_merge', card, BOB);
    await until(() => slack.views[1]?.updates === 1, 'the second modal');
    expect(JSON.stringify(slack.views[1]!.view.blocks)).toContain('Ready to merge');
    gitea.push(REPO, 'feature', ['Late change'], { by: 'carol' });
    gitea.setStatus(REPO, sha(), 'ci/test', 'success');
    await slack.sendViewSubmission({ view_id: slack.views[1]!.id, user_id: BOB, values: method('merge') });
    await until(() => answers().some((t) => t.startsWith('Someone pushed to the branch')), 'the 409');

    await click('forgebell_merge', card, BOB);
    await until(() => slack.views[2]?.updates === 1, 'the third modal');
    await slack.sendViewSubmission({ view_id: slack.views[2]!.id, user_id: BOB, values: method('fast-forward-only') });
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
    await until(() => slack.views[0]?.updates === 1, 'the merge modal');
    expect(JSON.stringify(slack.views[0]!.view.blocks)).toContain('Merge when the checks pass');
    await slack.sendViewSubmission({
      view_id: slack.views[0]!.id,
      user_id: BOB,
      values: { ...method('squash'), when: { value: { type: 'checkboxes', selected_options: [{ value: 'when' }] } } },
    });
    await until(() => gitea.world.item(repo, 1)?.autoMerge === 'squash', 'auto-merge scheduled');
    await until(
      () => repliesTo(card).some((m) => m.text.includes('set it to merge when the checks pass')),
      'the scheduled reply',
    );

    const run = gitea.runWorkflow(REPO, { jobs: ['build', 'test'] });
    gitea.finishRun(run, { failed: ['test'] });
    let runCard: MessageRecord | undefined;
    await until(
      () => {
        runCard = slack.messagesIn('general').find((m) => JSON.stringify(m.blocks).includes('forgebell_rerun'));
        return runCard !== undefined;
      },
      'the failed run card',
      20_000,
    );
    await click('forgebell_rerun', runCard!, BOB);
    await until(() => writes(/rerun-failed-jobs$/).length === 1, 'the re-run');
    expect(writes(/rerun-failed-jobs$/)[0]).toEqual({
      method: 'POST',
      path: `/repos/${REPO}/actions/runs/${run.id}/rerun-failed-jobs`,
      login: 'bob',
    });
    expect(run.jobs.map((j) => j.status)).toEqual(['success', 'waiting']);
    await until(
      () => slack.messagesIn('general').some((m) => m.thread_ts === runCard!.ts && m.text.includes('re-run by')),
      'the reply under the run card',
    );
  });
  it('/forgebell signin on a Gitea account says what to do instead; the People screen stores a token after asking Gitea whose it is', async () => {
    await setup();
    const DAVE_TOKEN = 'daves-gitea-token-00000000000000000000000';
    gitea.addToken(DAVE_TOKEN, { login: 'dave' });
    await slack.sendSlashCommand({ text: 'signin tea', user_id: DAVE });
    await until(() => slack.responses.length === 1, 'the signin answer');
    expect(String((slack.responses[0]?.body as { text?: unknown }).text)).toMatch(
      /^tea is a Gitea\/Forgejo account, and Gitea has no sign-in from Slack\. .*Store a token/,
    );

    const store = (token: string) => h.engine.handlers['people.storeToken']({ slack: DAVE, account: 'tea', token });
    await expect(store('not-a-token')).rejects.toThrow(/That token was not stored: the forge does not accept it/);
    await expect(store(BOB_TOKEN)).rejects.toThrow(
      /That token belongs to bob on tea, but this person is dave there\. Nothing was stored\./,
    );
    expect(h.saved().people.find((p) => p.slack === DAVE)?.tokens.tea).toBeUndefined();
    expect(await store(DAVE_TOKEN)).toEqual({ login: 'dave' });
    expect(h.saved().people.find((p) => p.slack === DAVE)?.tokens.tea).toBe(DAVE_TOKEN);
    // The People screen sees that a token is stored, never the token.
    const list = await h.engine.handlers['people.list']({});
    expect(list.people.find((p) => p.slack === DAVE)?.accounts.find((a) => a.account === 'tea')?.signedIn).toBe(true);
    expect(JSON.stringify(list)).not.toContain(DAVE_TOKEN);

    gitea.openPull(REPO, { title: 'For dave', head: 'feature', by: 'carol' });
    const card = await cardOf(1);
    await click('forgebell_approve', card, DAVE);
    await until(() => writes(/\/reviews$/).length === 1, 'dave’s approval');
    expect(writes(/\/reviews$/)[0]?.login).toBe('dave');
  });
});
