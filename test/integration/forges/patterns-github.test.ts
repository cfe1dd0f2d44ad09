import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConfigFileInput } from '../../../electron/core/settings/config-schema.js';
import { DEFAULT_GITHUB_TOKEN, type GitHubFake, startGitHubFake } from '../../fakes/github/index.js';
import { type SlackFake, startSlackFake } from '../../fakes/slack/index.js';
import { sleep, until } from '../../support/wait-until.js';
import { type EngineOnDisk, startEngineOnDisk } from './engine-on-disk.js';

/**
 * `octo-org/*` through the real engine against the GitHub and Slack fakes (docs/cli-and-config.md §6), in real time with
 * a one-second poll interval: so "within ten poll intervals" is ten seconds here.
 */
let slack: SlackFake | undefined;
let github: GitHubFake | undefined;
let engine: EngineOnDisk | undefined;
let dataDir: string | undefined;

afterEach(async () => {
  await engine?.stop();
  await Promise.all([slack?.close(), github?.close()]);
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  [slack, github, engine, dataDir] = [undefined, undefined, undefined, undefined];
});

function config(excludeRepos?: string[]): ConfigFileInput {
  return {
    version: 1,
    pollIntervalSeconds: 1,
    slack: { botToken: slack!.botToken, apiUrl: slack!.apiUrl, defaultChannel: 'general' },
    accounts: [{ id: 'github', forge: 'github', apiUrl: github!.apiUrl, token: DEFAULT_GITHUB_TOKEN }],
    subscriptions: [
      { account: 'github', repo: 'octo-org/*', events: ['issues'], ...(excludeRepos ? { excludeRepos } : {}) },
    ],
  };
}

const posted = (text: string): number => slack!.messages.filter((m) => m.text.includes(text)).length;
const notices = async (): Promise<string[]> =>
  (await engine!.handlers['feed.page']({ limit: 200 })).items
    .filter((i) => i.fate === 'notice')
    .map((i) => i.summary)
    .reverse();

async function start(excludeRepos?: string[], key = randomBytes(32)): Promise<Buffer> {
  dataDir ??= mkdtempSync(join(tmpdir(), 'forgebell-patterns-'));
  engine = await startEngineOnDisk(dataDir, key, config(excludeRepos));
  return key;
}

describe('pattern subscriptions on GitHub (octo-org/*)', () => {
  it('follows every repository of the organisation: excluded and archived ones skipped, no history', async () => {
    slack = await startSlackFake();
    github = await startGitHubFake({ pollIntervalSeconds: 1 });
    for (const name of ['api', 'web', 'legacy-billing', 'attic']) github.createRepo(`octo-org/${name}`);
    github.createRepo('other-org/api');
    github.archiveRepo('octo-org/attic');
    github.openIssue('octo-org/api', { title: 'History from before the subscription' });
    await start(['octo-org/legacy-*']);

    await until(async () => (await notices()).length > 0, 'the first listing');
    expect(await notices()).toEqual(['octo-org/* follows 2 repositories (every repository of octo-org)']);
    const [sub] = await engine!.handlers['subscriptions.list']({});
    expect(sub?.pattern).toMatchObject({ description: 'every repository of octo-org', members: 2, warning: null });

    await sleep(1100);
    github.openIssue('octo-org/legacy-billing', { title: 'Excluded repository' });
    github.openIssue('octo-org/attic', { title: 'Archived repository' });
    github.openIssue('other-org/api', { title: 'Another organisation' });
    github.openIssue('octo-org/web', { title: 'Control: web' });
    github.openIssue('octo-org/api', { title: 'Control: api' });
    await until(() => posted('Control: web') === 1 && posted('Control: api') === 1, 'the two followed repositories');
    await sleep(2500);
    for (const text of ['History from before', 'Excluded repository', 'Archived repository', 'Another organisation'])
      expect(posted(text), text).toBe(0);
  });

  it('picks up a new repository from its creation on, drops an archived one and follows a renamed one', async () => {
    slack = await startSlackFake();
    github = await startGitHubFake({ pollIntervalSeconds: 1 });
    for (const name of ['one', 'two', 'three']) github.createRepo(`octo-org/${name}`);
    await start();
    await until(async () => (await notices()).length === 1, 'the first listing');
    await sleep(1100);

    // Created: the organisation feed shows it, and its activity counts from the moment it is picked up.
    github.createRepo('octo-org/fresh');
    github.openIssue('octo-org/fresh', { title: 'Before the pick-up' });
    await until(
      async () => (await notices()).some((n) => n.startsWith('octo-org/fresh picked up')),
      'the pick-up',
      15_000,
    );
    await sleep(1100);
    github.openIssue('octo-org/fresh', { title: 'After the pick-up' });
    await until(() => posted('After the pick-up') === 1, 'the issue after the pick-up');
    expect(posted('Before the pick-up')).toBe(0);

    // Archived: dropped with a line in the feed, nothing from it afterwards.
    github.archiveRepo('octo-org/two');
    await until(
      async () => (await notices()).includes('octo-org/two dropped from octo-org/*: archived'),
      'the drop of the archived repository',
      15_000,
    );

    // Renamed: the same repository, followed under its new name, not picked up as new.
    github.moveRepo('octo-org/three', 'octo-org/three-renamed');
    await until(
      async () =>
        (await notices()).includes(
          'octo-org/three was renamed to octo-org/three-renamed; still followed by octo-org/*',
        ),
      'the rename',
      15_000,
    );
    github.openIssue('octo-org/two', { title: 'In the archived repository' });
    github.openIssue('octo-org/three-renamed', { title: 'After the rename' });
    await until(() => posted('After the rename') === 1, 'the issue in the renamed repository');
    await sleep(2000);
    expect(posted('After the rename')).toBe(1);
    expect(posted('In the archived repository')).toBe(0);
    expect((await notices()).filter((n) => n.includes('three-renamed picked up'))).toEqual([]);
  }, 60_000);

  it('drops a deleted repository and one transferred out of the organisation, each with a line in the feed', async () => {
    slack = await startSlackFake();
    github = await startGitHubFake({ pollIntervalSeconds: 1 });
    for (const name of ['stays', 'doomed', 'leaving']) github.createRepo(`octo-org/${name}`);
    await start();
    await until(async () => (await notices()).length === 1, 'the first listing');
    await sleep(1100);

    github.deleteRepo('octo-org/doomed');
    github.moveRepo('octo-org/leaving', 'elsewhere/leaving');
    const gone = 'no longer in octo-org (deleted, moved elsewhere, or the token lost access)';
    await until(
      async () => {
        const lines = await notices();
        return (
          lines.includes(`octo-org/doomed dropped from octo-org/*: ${gone}`) &&
          lines.includes(`octo-org/leaving dropped from octo-org/*: ${gone}`)
        );
      },
      'both drops in the feed',
      15_000,
    );
    const [sub] = await engine!.handlers['subscriptions.list']({});
    expect(sub?.pattern?.members).toBe(1);

    // Nothing from the repository that left; the one that stayed is still followed (the control).
    github.openIssue('elsewhere/leaving', { title: 'After it left' });
    github.openIssue('octo-org/stays', { title: 'Control: stays' });
    await until(() => posted('Control: stays') === 1, 'the repository that stayed');
    await sleep(2500);
    expect(posted('After it left')).toBe(0);
  }, 60_000);

  it('a repository transferred in without any feed event is picked up within ten poll intervals', async () => {
    slack = await startSlackFake();
    github = await startGitHubFake({ pollIntervalSeconds: 1 });
    for (const name of ['one', 'two', 'three']) github.createRepo(`octo-org/${name}`);
    github.createRepo('elsewhere/moving');
    await start();
    await until(async () => (await notices()).length === 1, 'the first listing');
    // Past any listing the first cycles may still make: what follows is the periodic listing's bound.
    await sleep(3000);
    const movedAt = Date.now();
    github.moveRepo('elsewhere/moving', 'octo-org/moving');
    await until(
      async () => (await notices()).some((n) => n.startsWith('octo-org/moving picked up')),
      'the transferred repository',
      15_000,
    );
    const took = Date.now() - movedAt;
    console.log(`picked up a transferred repository after ${(took / 1000).toFixed(1)} s (poll interval 1 s)`);
    expect(took).toBeLessThanOrEqual(11_000);
  }, 30_000);

  it('in the app: a pattern that matches nothing is accepted with a warning; an owner the token cannot list is refused', async () => {
    slack = await startSlackFake();
    github = await startGitHubFake({ pollIntervalSeconds: 1 });
    github.createRepo('octo-org/one');
    github.createUser('mona');
    github.createRepo('sso-org/app');
    github.requireSso('sso-org');
    await start();
    const empty = await engine!.handlers['subscriptions.add']({ account: 'github', repo: 'Mona/*', channel: 'mona' });
    expect(empty.pattern).toMatchObject({
      members: 0,
      warning: 'Mona/* matches no repository yet; new ones are picked up as they appear.',
    });
    const org = await engine!.handlers['subscriptions.add']({
      account: 'github',
      repo: 'OCTO-ORG/*',
      channel: 'eng',
      excludeRepos: ['octo-org/legacy-*'],
    });
    expect(org).toMatchObject({ repo: 'octo-org/*', excludeRepos: ['octo-org/legacy-*'], pattern: { members: 1 } });
    await expect(
      engine!.handlers['subscriptions.add']({ account: 'github', repo: 'sso-org/*', channel: 'eng' }),
    ).rejects.toMatchObject({
      code: 'invalid_params',
      issues: [
        { path: 'repo', message: expect.stringMatching(/SAML single sign-on; authorise the token for sso-org/) },
      ],
    });
    await expect(
      engine!.handlers['subscriptions.add']({ account: 'github', repo: 'octo-org/**', channel: 'eng' }),
    ).rejects.toMatchObject({ code: 'invalid_params', message: expect.stringMatching(/is for GitLab groups/) });
  });

  it('membership survives a restart: what was picked up before it does not post its history after it', async () => {
    slack = await startSlackFake();
    github = await startGitHubFake({ pollIntervalSeconds: 1 });
    for (const name of ['one', 'two', 'three']) github.createRepo(`octo-org/${name}`);
    const key = await start();
    await until(async () => (await notices()).length === 1, 'the first listing');
    await sleep(1100);
    github.createRepo('octo-org/late');
    github.openIssue('octo-org/late', { title: 'History of the late repository' });
    await until(
      async () => (await notices()).some((n) => n.startsWith('octo-org/late picked up')),
      'the pick-up',
      15_000,
    );
    await engine!.stop();
    engine = undefined;
    // GitHub stamps whole seconds: an issue in the pick-up's own second could be either side of it.
    await sleep(1100);
    github.openIssue('octo-org/late', { title: 'While Forgebell was stopped' });

    engine = await startEngineOnDisk(dataDir!, key, null);
    await until(() => posted('While Forgebell was stopped') === 1, 'the catch-up after the restart');
    await sleep(2500);
    expect(posted('While Forgebell was stopped')).toBe(1);
    expect(posted('History of the late repository')).toBe(0);
    expect((await notices()).filter((n) => n.startsWith('octo-org/late picked up'))).toHaveLength(1);
  }, 40_000);
});
