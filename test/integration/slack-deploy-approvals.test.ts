import { describe, expect, it } from 'vitest';
import { DEFAULT_GITHUB_LOGIN, DEFAULT_GITHUB_TOKEN, type GitHubFake, startGitHubFake } from '../fakes/github/index.js';
import { type GitLabFake, startGitLabFake } from '../fakes/gitlab/index.js';
import type { MessageRecord } from '../fakes/slack/index.js';
import { type SlackActionRig, typed, useSlackActionRig } from '../support/slack-action-rig.js';
import { until } from '../support/wait-until.js';

/**
 * Deployments waiting for approval (docs/cli-and-config.md §4), end to end on GitHub and GitLab: a run waiting on an environment
 * with required reviewers becomes a card with Approve / Reject… where the repository's deployments go, and a DM to each
 * required reviewer who is a person (a reviewer team's members too). Clicks are Socket Mode envelopes sent by the
 * official client; the GitHub fake records the login of the token each write used and answers like GitHub.
 */

const REPO = 'octo-org/hello-world';
const ALICE = 'U0ALICE001'; // paired, owns the account's token (octocat), not a reviewer
const BOB = 'U0BOB00001'; // signed in with his own token, a required reviewer
const CAROL = 'U0CAROL001'; // a person in the reviewer team, no token
const DAVE = 'U0DAVE0001'; // nobody
const BOB_TOKEN = 'gho_bobsOwnToken00000000000000000000000';

/** The card of a deployment to `environment` waiting for approval, once it carries Approve. */
const waitingCard = (rig: SlackActionRig, environment: string): Promise<MessageRecord> =>
  rig.card(
    `the waiting card of ${environment}`,
    (m) => m.text.includes(`Deployment to ${environment}`),
    'forgebell_deploy_approve',
  );

describe('deployments waiting for approval on GitHub', () => {
  const rig = useSlackActionRig();
  let github: GitHubFake;

  async function setup(): Promise<void> {
    github = rig.own(await startGitHubFake({ pollIntervalSeconds: 1 }));
    github.addToken(BOB_TOKEN, { login: 'bob', scopes: ['repo'] });
    github.createRepo(REPO);
    github.setTeam('octo-org', 'ops', ['carol']);
    await rig.start({
      users: { dave: DAVE, carol: CAROL },
      commandUsers: [ALICE],
      config: {
        accounts: [{ id: 'github', forge: 'github', apiUrl: github.apiUrl, token: DEFAULT_GITHUB_TOKEN }],
        subscriptions: [{ account: 'github', repo: REPO, events: ['deployments'] }],
        people: [
          { slack: ALICE, accounts: { github: DEFAULT_GITHUB_LOGIN } },
          { slack: BOB, accounts: { github: 'bob' }, tokens: { github: BOB_TOKEN } },
          { slack: CAROL, accounts: { github: 'carol' } },
        ],
      },
    });
  }

  const cardFor = (environment: string) => waitingCard(rig, environment);
  const { current, repliesTo, answers, click } = rig;
  const reviews = () => github.writes.filter((w) => /\/pending_deployments$/.test(w.path));
  /** A button's value as the card first carried it (a click from a client that still shows the old card). */
  const valueOf = (card: MessageRecord, action: string): string => {
    const blocks = (card.blocks ?? []) as { elements?: { action_id?: string; value?: string }[] }[];
    return blocks.flatMap((b) => b.elements ?? []).find((e) => e.action_id === action)?.value ?? '';
  };

  it('a waiting run: the card with Approve / Reject…, DMs to the reviewers who are people; Approve acts as the clicker; refusals in words; the card loses its buttons', async () => {
    await setup();
    const waiting = github.waitForApproval(REPO, {
      branch: 'main',
      actor: 'erin',
      environments: [
        {
          name: 'production',
          reviewers: [
            { type: 'User', name: 'bob' },
            { type: 'Team', name: 'ops' },
          ],
        },
      ],
    });
    const card = await cardFor('production');
    const approveValue = valueOf(card, 'forgebell_deploy_approve');
    expect(approveValue).toMatch(/^github https?:.*\/actions\/runs\/\d+ \d+ production$/);
    expect(card.text).toContain('is waiting for approval');
    // The required reviewers who are people get a DM with the same buttons: bob (a user), carol (in the team).
    await until(() => rig.slack.dmsTo(BOB).length === 1 && rig.slack.dmsTo(CAROL).length === 1, 'the reviewers’ DMs');
    expect(JSON.stringify(rig.slack.dmsTo(CAROL)[0]?.blocks)).toContain('forgebell_deploy_approve');
    expect(rig.slack.dmsTo(ALICE)).toEqual([]);

    // Nobody: asked to sign in, nothing reaches GitHub.
    await click('forgebell_deploy_approve', card, DAVE);
    await until(() => answers().some((t) => t.startsWith('Sign in first')), 'sign in first');
    // The paired owner acts with the account token, but octocat is not a required reviewer: GitHub's own answer.
    await click('forgebell_deploy_approve', card, ALICE);
    await until(() => answers().some((t) => t.includes('not one of its required reviewers')), 'not a reviewer');
    expect(reviews()).toEqual([]);

    await click('forgebell_deploy_approve', card, BOB);
    await until(
      () => repliesTo(card).some((m) => m.text.includes(`Deployment to production approved by <@${BOB}> from Slack`)),
      'the confirmation in the thread',
    );
    expect(reviews()).toEqual([
      { method: 'POST', path: `/repos/${REPO}/actions/runs/${waiting.run.id}/pending_deployments`, login: 'bob' },
    ]);
    // The poll sees the deployment move on: the card says so and has no buttons any more.
    await until(() => !JSON.stringify(current(card)?.blocks).includes('forgebell_deploy_approve'), 'buttons gone');
    expect(current(card)?.text).toContain('Deployment to production is queued');

    // A late click (from a client still showing the old card): no longer waiting, in words; nothing posted.
    await click('forgebell_deploy_approve', card, BOB, approveValue);
    await until(() => answers().some((t) => t.includes('no longer waiting for approval')), 'already decided');
    expect(reviews()).toHaveLength(1);

    const feed = await rig.h.engine.handlers['feed.page']({ limit: 100 });
    expect(feed.items.map((f) => f.summary)).toContain(
      'bob approved the deployment of octo-org/hello-world to production from Slack',
    );
  });

  it('Reject… opens a modal (comment optional, a forged submission refused); decided on GitHub: the card loses its buttons', async () => {
    await setup();
    const waiting = github.waitForApproval(REPO, {
      branch: 'main',
      actor: 'erin',
      environments: [
        { name: 'staging', reviewers: [{ type: 'User', name: 'bob' }] },
        { name: 'production', reviewers: [{ type: 'User', name: 'bob' }] },
      ],
    });
    const staging = await cardFor('staging');
    const production = await cardFor('production');

    await click('forgebell_deploy_reject', staging, BOB);
    await until(() => rig.slack.views.length === 1, 'the reject modal');
    const forged = await rig.submit(0, DAVE, typed('comment', 'no'));
    expect(forged.ackPayload).toMatchObject({ response_action: 'errors' });
    const good = await rig.submit(0, BOB, typed('comment', 'Not today'));
    expect(good.ackPayload ?? {}).toEqual({});
    await until(
      () => repliesTo(staging).some((m) => m.text.includes(`Deployment to staging rejected by <@${BOB}> from Slack`)),
      'the rejection in the thread',
    );
    expect(reviews().map((w) => w.login)).toEqual(['bob']);
    // Only the clicked environment was decided: production still waits (one card per environment).
    expect(
      github.world
        .repo(REPO)
        .runs.find((r) => r.id === waiting.run.id)
        ?.pending?.map((p) => p.environment),
    ).toEqual(['production']);

    // Someone approves production on GitHub's own page: its card follows, whoever decided.
    github.reviewPendingDeployment(REPO, waiting.run.id, 'production', 'approved', 'frank');
    await until(
      () => !JSON.stringify(current(production)?.blocks).includes('forgebell_deploy_approve'),
      'buttons gone',
    );
    expect(reviews().map((w) => w.login)).toEqual(['bob']);
  });

  it('an environment that waits only for its wait timer: the card says how long and has no buttons, nobody gets a DM', async () => {
    await setup();
    github.waitForApproval(REPO, {
      branch: 'main',
      actor: 'erin',
      environments: [
        { name: 'soak', reviewers: [], waitTimer: 5 },
        { name: 'production', reviewers: [{ type: 'User', name: 'bob' }] },
      ],
    });
    // Control: the environment with a required reviewer gets its buttons and its reviewer's DM.
    await cardFor('production');
    await until(() => rig.slack.dmsTo(BOB).length === 1, 'the reviewer’s DM');
    let soak: MessageRecord | undefined;
    await until(() => {
      soak = rig.slack.messagesIn('general').find((m) => !m.thread_ts && m.text.includes('Deployment to soak'));
      return soak !== undefined;
    }, 'the card of soak');
    expect(soak!.text).toContain('Deployment to soak waits 5 minutes (wait timer)');
    expect(JSON.stringify(soak!.blocks)).not.toContain('forgebell_deploy');
    expect(rig.slack.dmsTo(BOB)).toHaveLength(1);
    expect(rig.slack.dmsTo(CAROL)).toEqual([]);
  });
});

describe('deployments waiting for approval on GitLab', () => {
  const PROJECT = 'group/app';
  const BOB_GL = 'glpat-bobsown0000000000';
  const rig = useSlackActionRig();
  let gitlab: GitLabFake;

  async function setup(): Promise<void> {
    gitlab = rig.own(await startGitLabFake());
    gitlab.createProject(PROJECT);
    for (const user of ['bob.gl', 'carol.gl', 'erin.gl']) gitlab.store.user(user);
    gitlab.addToken(BOB_GL, 'bob.gl', ['api']);
    await rig.start({
      users: { carol: CAROL },
      commandUsers: [ALICE],
      config: {
        accounts: [{ id: 'work', forge: 'gitlab', apiUrl: gitlab.apiUrl, token: gitlab.token }],
        subscriptions: [{ account: 'work', repo: PROJECT, events: ['deployments'] }],
        people: [
          { slack: ALICE, accounts: { work: gitlab.store.me.username } },
          { slack: BOB, accounts: { work: 'bob.gl' }, tokens: { work: BOB_GL } },
          { slack: CAROL, accounts: { work: 'carol.gl' } },
        ],
      },
    });
  }

  const cardFor = (environment: string) => waitingCard(rig, environment);
  const { current, repliesTo, answers, click } = rig;
  const approvals = () => gitlab.store.writes.filter((w) => /\/approval$/.test(w.path));

  it('a blocked deployment: card and approvers’ DMs; not an approver and one’s own deployment (400) in words; Approve as the clicker; decided on GitLab: buttons gone', async () => {
    await setup();
    const production = gitlab.blockDeployment(PROJECT, {
      environment: 'production',
      approvers: ['bob.gl', 'carol.gl'],
      user: 'erin.gl',
    });
    const card = await cardFor('production');
    expect(card.text).toContain('is waiting for approval');
    await until(() => rig.slack.dmsTo(BOB).length === 1 && rig.slack.dmsTo(CAROL).length === 1, 'the approvers’ DMs');
    expect(rig.slack.dmsTo(ALICE)).toEqual([]);

    // The paired owner acts with the account token; GitLab's 400: not an approver.
    await click('forgebell_deploy_approve', card, ALICE);
    await until(() => answers().some((t) => t.includes('you are not one of its approvers')), 'not an approver');
    expect(approvals().map((w) => w.username)).toEqual([gitlab.store.me.username]);

    await click('forgebell_deploy_approve', card, BOB);
    await until(
      () => repliesTo(card).some((m) => m.text.includes(`Deployment to production approved by <@${BOB}> from Slack`)),
      'the confirmation',
    );
    expect(approvals()).toEqual([
      expect.objectContaining({ username: gitlab.store.me.username }),
      {
        method: 'POST',
        path: `/api/v4/projects/group%2Fapp/deployments/${production.id}/approval`,
        username: 'bob.gl',
      },
    ]);
    await until(() => !JSON.stringify(current(card)?.blocks).includes('forgebell_deploy_approve'), 'buttons gone');

    // Bob's own deployment: GitLab refuses it (400), in words; then carol rejects it on GitLab: the card follows.
    const own = gitlab.blockDeployment(PROJECT, {
      environment: 'staging',
      approvers: ['bob.gl', 'carol.gl'],
      user: 'bob.gl',
    });
    const staging = await cardFor('staging');
    await click('forgebell_deploy_approve', staging, BOB);
    await until(() => answers().some((t) => t.includes('your own deployment to staging')), 'own deployment');
    gitlab.decideDeployment(PROJECT, own.id, 'rejected', 'carol.gl');
    await until(() => !JSON.stringify(current(staging)?.blocks).includes('forgebell_deploy_approve'), 'buttons gone');
    expect(current(staging)?.text).toContain('was canceled');
  });
});
