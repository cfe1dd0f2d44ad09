import { afterEach, describe, expect, it } from 'vitest';
import { type GitLabFake, startGitLabFake } from '../../fakes/gitlab/index.js';
import { type SlackFake, startSlackFake } from '../../fakes/slack/index.js';
import { type EngineHarness, startEngine } from '../../support/engine-harness.js';
import { sleep, until } from '../../support/wait-until.js';

const PROJECT = 'acme/platform/api';

let slack: SlackFake | undefined;
let gitlab: GitLabFake | undefined;
let h: EngineHarness | undefined;

afterEach(async () => {
  await h?.stop();
  await gitlab?.close();
  await slack?.close();
  h = gitlab = slack = undefined;
});

/**
 * GitLab writes an `approved` event but nothing when an approval is revoked: through the real engine, a `reviews`
 * subscription hears both, each once, in the merge request's thread.
 */
describe('GitLab merge request approvals end to end', () => {
  it('approved, then unapproved, each reach Slack once; polling on adds nothing', async () => {
    slack = await startSlackFake();
    gitlab = await startGitLabFake();
    gitlab.createProject(PROJECT);
    h = await startEngine({
      version: 1,
      pollIntervalSeconds: 1,
      slack: { botToken: slack.botToken, apiUrl: slack.apiUrl, defaultChannel: 'general' },
      accounts: [{ id: 'gitlab', forge: 'gitlab', apiUrl: gitlab.apiUrl, token: gitlab.token }],
      subscriptions: [{ account: 'gitlab', repo: PROJECT, events: ['pulls', 'reviews'] }],
    });
    await sleep(1100);
    const mr = gitlab.openMergeRequest(PROJECT, { title: 'Cache tweaks', sourceBranch: 'feature/cache' });
    await until(
      () => slack!.messages.some((m) => /opened merge request !\d+ Cache tweaks/.test(m.text)),
      'the opened MR',
    );
    gitlab.approve(PROJECT, mr.iid, { author: 'reviewer' });
    await until(
      () => slack!.messages.filter((m) => /reviewer approved merge request/.test(m.text)).length === 2,
      'approved (pulls and reviews alike)',
    );
    gitlab.unapprove(PROJECT, mr.iid, { author: 'reviewer' });
    await until(
      () =>
        slack!.messages.some((m) =>
          /reviewer removed their approval from merge request !\d+ Cache tweaks/.test(m.text),
        ),
      'the revoked approval',
    );
    await sleep(3000);
    expect(slack.messages.filter((m) => /removed their approval/.test(m.text))).toHaveLength(1);
    const feed = h.state.feed.page({ limit: 50 }).items;
    expect(feed.filter((i) => i.event === 'reviews' && i.action === 'unapproved')).toHaveLength(1);
  });
});
