import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_DEVICE_CLIENT_ID,
  DEFAULT_GITHUB_TOKEN,
  type GitHubFake,
  startGitHubFake,
} from '../fakes/github/index.js';
import { DEFAULT_GITLAB_CLIENT_ID, type GitLabFake, startGitLabFake } from '../fakes/gitlab/index.js';
import type { ConfigFileInput } from '../../electron/core/settings/config-schema.js';
import { type SlackFake, startSlackFake } from '../fakes/slack/index.js';
import { type EngineHarness, startEngine } from '../support/engine-harness.js';
import { sleep, until } from '../support/wait-until.js';

/**
 * `/forgebell signin` end to end: Socket Mode envelopes sent by the official client to the engine, the device flow
 * against the forge fakes (GitHub's device flow, GitLab's device authorization grant), every message through the Slack
 * fake. The code goes to the person's DM only; success, expiry and denial each get a DM; the forge's `/user` sets the
 * login; the token is stored sealed; a login someone else claims is refused; signing in makes nobody a command user.
 */

const REPO = 'octo-org/hello-world';
const BOB = 'U0BOB00001';
const ALICE = 'U0ALICE001';

describe('/forgebell signin from Slack', () => {
  let slack: SlackFake;
  let github: GitHubFake;
  let gitlab: GitLabFake;
  let h: EngineHarness;
  afterEach(async () => {
    await h?.stop();
    await Promise.all([slack?.close(), github?.close(), gitlab?.close()]);
  });

  async function setup(people: ConfigFileInput['people'] = []): Promise<void> {
    slack = await startSlackFake({ ackTimeoutMs: 3000 });
    github = await startGitHubFake({ pollIntervalSeconds: 1, deviceFlow: { intervalSeconds: 1 } });
    github.createRepo(REPO);
    gitlab = await startGitLabFake();
    gitlab.deviceGrant.intervalSeconds = 1;
    h = await startEngine({
      version: 1,
      pollIntervalSeconds: 1,
      slack: {
        botToken: slack.botToken,
        appToken: slack.appToken,
        apiUrl: slack.apiUrl,
        defaultChannel: 'general',
        commandUsers: [ALICE],
      },
      accounts: [
        {
          id: 'github',
          forge: 'github',
          apiUrl: github.apiUrl,
          token: DEFAULT_GITHUB_TOKEN,
          clientId: DEFAULT_DEVICE_CLIENT_ID,
        },
        { id: 'work', forge: 'gitlab', apiUrl: gitlab.apiUrl, token: gitlab.token, clientId: DEFAULT_GITLAB_CLIENT_ID },
      ],
      subscriptions: [{ account: 'github', repo: REPO, events: ['issues'] }],
      people,
    });
    await until(() => h.engine.status().slack.socket === 'connected', 'socket connected');
  }

  /** Everything Slack showed anyone except the DM with `user`: channels, acks, response_url answers, ephemerals. */
  function outsideDm(user: string): string {
    const im = slack.channels.find((c) => c.is_im && c.user === user)?.id;
    return JSON.stringify([
      slack.messages.filter((m) => m.channel !== im),
      slack.envelopes,
      slack.responses,
      slack.ephemerals,
    ]);
  }

  it('GitHub: the code by DM only, then "signed in" with the login GitHub names; the token sealed; no command rights', async () => {
    await setup();
    const reply = await slack.sendSlashCommand({ text: 'signin github', user_id: BOB, channel_id: 'C0GENERAL1' });
    expect(reply.timedOut).toBe(false);
    expect(reply.ackMs).toBeLessThan(3000);
    expect(JSON.stringify(reply.ackPayload)).toMatch(/comes to you by DM/);
    await until(() => slack.dmsTo(BOB).length === 1, 'the DM with the code');
    const code = github.deviceFlow.code();
    expect(slack.dmsTo(BOB)[0]?.text).toContain(code.userCode);
    expect(slack.dmsTo(BOB)[0]?.text).toContain(`${github.webUrl}/login/device`);
    await until(() => slack.responses.length === 1, 'the response_url answer');
    expect(outsideDm(BOB)).not.toContain(code.userCode);

    github.deviceFlow.approve(undefined, { login: 'bob', scopes: ['repo'] });
    await until(() => slack.dmsTo(BOB).length === 2, 'the DM saying signed in', 15_000);
    expect(slack.dmsTo(BOB)[1]?.text).toMatch(/^Signed in to \*github\* as \*bob\*/);
    const person = h.saved().people.find((p) => p.slack === BOB);
    expect(person?.accounts).toEqual({ github: 'bob' });
    expect(person?.tokens.github).toMatch(/^gho_/);
    expect(person?.timeZone).toBe('America/New_York');
    expect(h.saved().slack.commandUsers).toEqual([ALICE]);
    const files = readdirSync(h.dataDir).filter((f) => f.endsWith('.json'));
    for (const file of files) expect(readFileSync(join(h.dataDir, file), 'utf8')).not.toContain(person?.tokens.github);
    // Signed in grants nothing beyond acting as yourself: subscribing is still refused.
    const refused = await slack.sendSlashCommand({ text: 'subscribe octo-org/hello-world', user_id: BOB });
    expect(JSON.stringify(refused.ackPayload)).toMatch(/not allowed/);
  });

  it('GitLab (device authorization grant): signed in with a refreshable token; expiry and denial each get a DM', async () => {
    await setup();
    await slack.sendSlashCommand({ text: 'signin work', user_id: BOB });
    await until(() => slack.dmsTo(BOB).length === 1, 'the DM with the code');
    expect(slack.dmsTo(BOB)[0]?.text).toContain(gitlab.deviceGrant.code().userCode);
    gitlab.deviceGrant.approve('bob.gl');
    await until(() => slack.dmsTo(BOB).length === 2, 'signed in', 15_000);
    expect(slack.dmsTo(BOB)[1]?.text).toMatch(/Signed in to \*work\* as \*bob.gl\*/);
    expect(h.saved().people.find((p) => p.slack === BOB)?.tokens.work).toMatch(/^oauth2:\d+:gloas-[0-9a-f]+:glort-/);

    await slack.sendSlashCommand({ text: 'signin work', user_id: ALICE });
    await until(() => slack.dmsTo(ALICE).length === 1, "alice's code");
    gitlab.deviceGrant.expire();
    await until(() => slack.dmsTo(ALICE).length === 2, 'the expiry DM', 15_000);
    expect(slack.dmsTo(ALICE)[1]?.text).toMatch(/expired before the code was entered/);

    await slack.sendSlashCommand({ text: 'signin work', user_id: ALICE });
    await until(() => slack.dmsTo(ALICE).length === 3, "alice's second code");
    gitlab.deviceGrant.deny();
    await until(() => slack.dmsTo(ALICE).length === 4, 'the denial DM', 15_000);
    expect(slack.dmsTo(ALICE)[3]?.text).toMatch(/was declined on GitLab\. Nothing was stored/);
    expect(h.saved().people.find((p) => p.slack === ALICE)).toBeUndefined();
  });

  it("a login another person claims is refused; signout forgets one's own token", async () => {
    await setup([{ slack: ALICE, accounts: { github: 'bob' } }]);
    await slack.sendSlashCommand({ text: 'signin github', user_id: BOB });
    await until(() => slack.dmsTo(BOB).length === 1, 'the code');
    github.deviceFlow.approve(undefined, { login: 'bob' });
    await until(() => slack.dmsTo(BOB).length === 2, 'the refusal', 15_000);
    expect(slack.dmsTo(BOB)[1]?.text).toMatch(/already belongs to <@U0ALICE001>.*Nothing was stored/);
    expect(h.saved().people.map((p) => p.slack)).toEqual([ALICE]);

    await slack.sendSlashCommand({ text: 'signin github', user_id: ALICE });
    await until(() => slack.dmsTo(ALICE).length === 1, "alice's code");
    github.deviceFlow.approve(undefined, { login: 'bob' });
    await until(() => slack.dmsTo(ALICE).length === 2, "alice's success", 15_000);
    expect(h.saved().people[0]?.tokens.github).toMatch(/^gho_/);
    await slack.sendSlashCommand({ text: 'signout github', user_id: ALICE });
    await until(() => Object.keys(h.saved().people[0]?.tokens ?? { x: 1 }).length === 0, 'the token forgotten');
    expect(h.saved().people[0]?.accounts).toEqual({ github: 'bob' });
  });

  it('an account without an OAuth client ID, or unknown: a polite answer, nothing sent to the forge', async () => {
    await setup();
    await h.engine.handlers['config.import']({
      json: JSON.stringify({
        version: 1,
        pollIntervalSeconds: 1,
        slack: { apiUrl: slack.apiUrl, defaultChannel: 'general', commandUsers: [ALICE] },
        accounts: [{ id: 'github', forge: 'github', apiUrl: github.apiUrl, token: null }],
        subscriptions: [{ account: 'github', repo: REPO, events: ['issues'] }],
      }),
    });
    await slack.sendSlashCommand({ text: 'signin github', user_id: BOB });
    await until(() => slack.responses.length === 1, 'the answer');
    expect(JSON.stringify(slack.responses[0]?.body)).toMatch(/needs an OAuth app client ID/);
    await slack.sendSlashCommand({ text: 'signin nowhere', user_id: BOB });
    await until(() => slack.responses.length === 2, 'the second answer');
    expect(JSON.stringify(slack.responses[1]?.body)).toMatch(/There is no account \\"nowhere\\"/);
    await sleep(300);
    expect(github.deviceFlow.codes).toHaveLength(0);
    expect(slack.dmsTo(BOB)).toHaveLength(0);
  });

  it('/forgebell me opens a modal within the trigger window; errors show beside the field; only its owner saves it', async () => {
    await setup([{ slack: BOB, accounts: { github: 'bob' }, notify: ['mentioned'] }]);
    const reply = await slack.sendSlashCommand({ text: 'me', user_id: BOB });
    expect(reply.ackMs).toBeLessThan(3000);
    await until(() => slack.views.length === 1, 'views.open');
    const view = slack.views[0]!;
    expect(view.view.callback_id).toBe('forgebell_me');
    expect(JSON.stringify(view.view.blocks)).toContain('*github*: bob (not signed in)');
    expect(JSON.stringify(view.view.blocks)).toContain('/forgebell signin work');

    const values = (tz: string, from: string | null, to: string | null) => ({
      notify: {
        value: { type: 'checkboxes', selected_options: [{ value: 'review_requested' }, { value: 'mentioned' }] },
      },
      timezone: { value: { type: 'plain_text_input', value: tz } },
      quiet_from: { value: { type: 'timepicker', selected_time: from } },
      quiet_to: { value: { type: 'timepicker', selected_time: to } },
      weekends: { value: { type: 'checkboxes', selected_options: [{ value: 'weekends' }] } },
    });
    const bad = await slack.sendViewSubmission({
      view_id: view.id,
      user_id: BOB,
      values: values('Mars/Base', '19:00', null),
    });
    expect(bad.ackPayload).toMatchObject({
      response_action: 'errors',
      errors: { timezone: expect.stringMatching(/unknown time zone "Mars\/Base"/), quiet_to: expect.any(String) },
    });
    const forged = await slack.sendViewSubmission({
      view_id: view.id,
      user_id: ALICE,
      values: values('Europe/Berlin', '19:00', '08:00'),
    });
    expect(forged.ackPayload).toMatchObject({ response_action: 'errors' });
    const good = await slack.sendViewSubmission({
      view_id: view.id,
      user_id: BOB,
      values: values('Europe/Berlin', '19:00', '08:00'),
    });
    expect(good.ackPayload ?? {}).not.toHaveProperty('response_action');
    await until(() => h.saved().people[0]?.timeZone === 'Europe/Berlin', 'the saved settings');
    expect(h.saved().people[0]).toMatchObject({
      slack: BOB,
      notify: ['review_requested', 'mentioned'],
      quietHours: { from: '19:00', to: '08:00', weekends: true },
    });
    expect(h.saved().people.some((p) => p.slack === ALICE)).toBe(false);
  });
});
