import { afterEach, describe, expect, it } from 'vitest';
import { startGitHubHarness, type GitHubHarness } from '../../../test/fakes/github/adapter-harness.js';
import { startGitLabHarness, type GitLabHarness } from '../../../test/fakes/gitlab/adapter-harness.js';
import { startGiteaFake, type GiteaFake } from '../../../test/fakes/gitea/index.js';
import { silentLogger } from '../runtime/logger.js';
import type { OwnerListing } from './forge-adapter.js';
import { createGiteaAdapter } from './gitea/adapter.js';

/** Owner listings for pattern subscriptions (docs/cli-and-config.md §6), each adapter against its forge's fake. */
const paths = (listing: OwnerListing): string[] => listing.repos.map((r) => r.path).sort();

describe('GitHub: every repository of an organisation or user', () => {
  let h: GitHubHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('lists an organisation (archived ones flagged, ids kept across a rename), revalidating for free', async () => {
    h = await startGitHubHarness();
    for (let i = 0; i < 130; i++) h.fake.createRepo(`acme/svc-${String(i).padStart(3, '0')}`);
    h.fake.createRepo('other/thing');
    h.fake.archiveRepo('acme/svc-007');
    const first = await h.adapter.listOwnerRepos!('acme', { subgroups: false });
    expect(first.repos).toHaveLength(130);
    expect(first.repos.find((r) => r.path === 'acme/svc-007')?.archived).toBe(true);
    expect(first.warning).toBeNull();

    h.fake.resetStats();
    await h.adapter.listOwnerRepos!('acme', { subgroups: false });
    expect(h.fake.stats.billable).toBe(0);
    expect(h.fake.stats.notModified).toBeGreaterThanOrEqual(2);

    const id = first.repos.find((r) => r.path === 'acme/svc-001')?.id;
    h.fake.moveRepo('acme/svc-001', 'acme/renamed');
    const after = await h.adapter.listOwnerRepos!('acme', { subgroups: false });
    expect(after.repos.find((r) => r.id === id)?.path).toBe('acme/renamed');
  });

  it("lists the token's own user with its private repositories, another user's public ones only", async () => {
    h = await startGitHubHarness();
    h.fake.createRepo('octocat/mine');
    h.fake.createRepo('octocat/secret', { private: true });
    h.fake.createUser('mona');
    h.fake.createRepo('mona/public');
    h.fake.createRepo('mona/private', { private: true });
    expect(paths(await h.adapter.listOwnerRepos!('octocat', { subgroups: false }))).toEqual([
      'octocat/mine',
      'octocat/secret',
    ]);
    expect(paths(await h.adapter.listOwnerRepos!('mona', { subgroups: false }))).toEqual(['mona/public']);
  });

  it('an owner that does not exist, one behind SAML SSO, and a token without the repo scope say what to do', async () => {
    h = await startGitHubHarness({
      fake: { tokens: { ghp_narrow: { login: 'octocat', scopes: ['read:org'] } } },
      token: 'ghp_narrow',
    });
    h.fake.createRepo('acme/open');
    h.fake.createRepo('acme/closed', { private: true });
    h.fake.createRepo('sso-org/app');
    await expect(h.adapter.listOwnerRepos!('nobody', { subgroups: false })).rejects.toMatchObject({
      code: 'not_found',
      message: expect.stringMatching(/no organisation or user "nobody"/),
    });
    h.fake.requireSso('sso-org');
    await expect(h.adapter.listOwnerRepos!('sso-org', { subgroups: false })).rejects.toMatchObject({
      code: 'missing_scope',
      message: expect.stringMatching(/SAML single sign-on; authorise the token for sso-org/),
    });
    const narrow = await h.adapter.listOwnerRepos!('acme', { subgroups: false });
    expect(paths(narrow)).toEqual(['acme/open']);
    expect(narrow.warning).toMatch(/Private repositories of acme are left out: the token lacks the "repo" scope/);
  });
});

describe('GitLab: the projects of a group, with or without its subgroups', () => {
  let h: GitLabHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('group/* is the projects directly in it (not shared ones), group/** adds the subgroups', async () => {
    h = await startGitLabHarness();
    h.fake.createProject('acme/api');
    h.fake.createProject('acme/web');
    h.fake.createProject('acme/platform/infra');
    h.fake.createProject('partner/shared-lib');
    h.fake.shareProject('partner/shared-lib', 'acme');
    h.fake.archiveProject('acme/web');
    const direct = await h.adapter.listOwnerRepos!('acme', { subgroups: false });
    expect(paths(direct)).toEqual(['acme/api', 'acme/web']);
    expect(direct.repos.find((r) => r.path === 'acme/web')?.archived).toBe(true);
    expect(paths(await h.adapter.listOwnerRepos!('acme', { subgroups: true }))).toEqual([
      'acme/api',
      'acme/platform/infra',
      'acme/web',
    ]);
    expect(paths(await h.adapter.listOwnerRepos!('acme/platform', { subgroups: false }))).toEqual([
      'acme/platform/infra',
    ]);
  });

  it("a user's namespace, an unknown group and a token without read_api", async () => {
    h = await startGitLabHarness();
    h.fake.createProject('fake-user/dotfiles');
    expect(paths(await h.adapter.listOwnerRepos!('fake-user', { subgroups: false }))).toEqual(['fake-user/dotfiles']);
    await expect(h.adapter.listOwnerRepos!('nowhere', { subgroups: true })).rejects.toMatchObject({
      code: 'not_found',
      message: expect.stringMatching(/no group or user "nowhere"/),
    });
    h.fake.failNext(/\/groups\//, {
      status: 403,
      rawBody: JSON.stringify({ error: 'insufficient_scope', scope: 'read_api' }),
    });
    await expect(h.adapter.listOwnerRepos!('fake-user', { subgroups: true })).rejects.toMatchObject({
      code: 'missing_scope',
      message: expect.stringMatching(/needs the "read_api" scope/),
    });
  });
});

describe('Gitea: every repository of an organisation or user', () => {
  let fake: GiteaFake | undefined;
  afterEach(async () => {
    await fake?.close();
    fake = undefined;
  });

  it('lists an organisation and a user, and names the scope an organisation listing needs', async () => {
    fake = await startGiteaFake();
    fake.createRepo('acme/one', { org: true });
    fake.createRepo('acme/two', { org: true });
    const adapter = createGiteaAdapter({
      accountId: 'tea',
      apiUrl: fake.apiUrl,
      token: fake.token,
      clock: { now: Date.now, monotonic: () => performance.now(), setTimeout: () => ({ cancel: () => undefined }) },
      logger: silentLogger,
    });
    expect(paths(await adapter.listOwnerRepos!('acme', { subgroups: false }))).toEqual(['acme/one', 'acme/two']);
    await expect(adapter.listOwnerRepos!('ghost', { subgroups: false })).rejects.toMatchObject({ code: 'not_found' });
    fake.setScopes(['read:repository', 'read:user']);
    await expect(adapter.listOwnerRepos!('acme', { subgroups: false })).rejects.toMatchObject({
      code: 'missing_scope',
      message: expect.stringMatching(/read:organization/),
    });
  });
});
