import { afterEach, describe, expect, it } from 'vitest';
import { type GitLabFake, startGitLabFake } from '../../fakes/gitlab/index.js';
import { type SlackFake, startSlackFake } from '../../fakes/slack/index.js';
import { type EngineHarness, startEngine } from '../../support/engine-harness.js';
import { sleep, until } from '../../support/wait-until.js';

/** `group/**` through the real engine against the GitLab and Slack fakes (docs/cli-and-config.md §6), poll interval 1 s. */
let slack: SlackFake | undefined;
let gitlab: GitLabFake | undefined;
let h: EngineHarness | undefined;

afterEach(async () => {
  await h?.stop();
  await Promise.all([slack?.close(), gitlab?.close()]);
  [slack, gitlab, h] = [undefined, undefined, undefined];
});

const posted = (text: string): number => slack!.messages.filter((m) => m.text.includes(text)).length;
const notices = async (): Promise<string[]> =>
  (await h!.engine.handlers['feed.page']({ limit: 200 })).items
    .filter((i) => i.fate === 'notice')
    .map((i) => i.summary)
    .reverse();

describe('pattern subscriptions on GitLab (group/**)', () => {
  it('follows the group and its subgroups, skips excluded and archived projects, follows a rename, picks up a new project', async () => {
    slack = await startSlackFake();
    gitlab = await startGitLabFake();
    for (const path of ['acme/api', 'acme/platform/infra', 'acme/legacy-crm', 'acme/attic', 'acme/web', 'other/api'])
      gitlab.createProject(path);
    gitlab.archiveProject('acme/attic');
    gitlab.openIssue('acme/api', { title: 'History from before the subscription' });
    h = await startEngine({
      version: 1,
      pollIntervalSeconds: 1,
      slack: { botToken: slack.botToken, apiUrl: slack.apiUrl, defaultChannel: 'general' },
      accounts: [{ id: 'work', forge: 'gitlab', apiUrl: gitlab.apiUrl, token: gitlab.token }],
      subscriptions: [{ account: 'work', repo: 'acme/**', events: ['issues'], excludeRepos: ['acme/legacy-*'] }],
    });
    await until(async () => (await notices()).length > 0, 'the first listing');
    expect(await notices()).toEqual(['acme/** follows 3 repositories (every project in acme and its subgroups)']);
    await sleep(1100);

    for (const path of ['acme/legacy-crm', 'acme/attic', 'other/api', 'acme/platform/infra'])
      gitlab.openIssue(path, { title: `Issue in ${path}` });
    await until(() => posted('Issue in acme/platform/infra') === 1, 'the issue in the subgroup');

    gitlab.moveProject('acme/web', 'acme/platform/web');
    gitlab.createProject('acme/new-service');
    const createdAt = Date.now();
    await until(
      async () => (await notices()).some((n) => n.startsWith('acme/new-service picked up')),
      'the new project',
      15_000,
    );
    expect(Date.now() - createdAt).toBeLessThanOrEqual(11_000);
    expect(await notices()).toContain('acme/web was renamed to acme/platform/web; still followed by acme/**');
    await sleep(1100);
    gitlab.openIssue('acme/platform/web', { title: 'After the move' });
    gitlab.openIssue('acme/new-service', { title: 'In the new project' });
    await until(() => posted('After the move') === 1 && posted('In the new project') === 1, 'both issues');
    await sleep(2000);
    for (const text of ['History from before', 'Issue in acme/legacy-crm', 'Issue in acme/attic', 'Issue in other/api'])
      expect(posted(text), text).toBe(0);
    expect(posted('After the move')).toBe(1);
  }, 40_000);
});
