import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startGitHubHarness, type GitHubHarness } from '../../../../test/fakes/github/adapter-harness.js';
import { DEFAULT_GITHUB_TOKEN } from '../../../../test/fakes/github/index.js';
import { ForgeError } from '../forge-error.js';
import { createGitHubAdapter } from './adapter.js';

const REPO = 'octo-org/hello-world';
let h: GitHubHarness;

afterEach(() => h.close());

describe('GitHub adapter: account, repo and actions', () => {
  beforeEach(async () => {
    h = await startGitHubHarness();
    h.fake.createRepo(REPO, { defaultBranch: 'trunk', protectedBranches: ['trunk', 'release/1.x'] });
    h.fake.createBranch(REPO, 'release/1.x');
    h.fake.createBranch(REPO, 'feature');
  });

  it('derives the web URL and answers whoami with the token scopes', async () => {
    expect(h.adapter.webUrl).toBe(h.fake.webUrl);
    expect(h.adapter.kind).toBe('github');
    await expect(h.adapter.whoami()).resolves.toEqual({
      login: 'octocat',
      name: 'The Octocat',
      scopes: ['repo', 'read:org'],
    });
    expect(h.adapter.rateLimit()).toMatchObject({ limit: 5000, remaining: 4999 });
  });

  it('suggests repositories for the subscription form, filtered by what is typed', async () => {
    h.fake.createRepo('octo-org/second-repo');
    expect(await h.adapter.listRepos?.()).toEqual([REPO, 'octo-org/second-repo']);
    expect(await h.adapter.listRepos?.('SECOND')).toEqual(['octo-org/second-repo']);
    expect(await h.adapter.listRepos?.('nothing-like-it')).toEqual([]);
  });

  it('resolves owner/name and web URLs, and rejects what is not a repo', async () => {
    await expect(h.adapter.resolveRepo(REPO)).resolves.toEqual({
      path: REPO,
      webUrl: `${h.fake.webUrl}/${REPO}`,
      defaultBranch: 'trunk',
      visibility: 'public',
    });
    h.fake.createRepo('octo-org/secret', { private: true });
    await expect(h.adapter.resolveRepo('octo-org/secret')).resolves.toMatchObject({ visibility: 'private' });
    await expect(h.adapter.resolveRepo(`${h.fake.webUrl}/${REPO}.git`)).resolves.toMatchObject({ path: REPO });
    await expect(h.adapter.resolveRepo('octo-org/missing')).rejects.toMatchObject({ code: 'not_found' });
    await expect(h.adapter.resolveRepo('just-a-name')).rejects.toBeInstanceOf(ForgeError);
    await expect(h.adapter.resolveRepo('a/b/c')).rejects.toMatchObject({ code: 'invalid_input' });
  });

  it('lists the default and protected branches', async () => {
    await expect(h.adapter.branches(REPO)).resolves.toEqual({
      defaultBranch: 'trunk',
      protectedBranches: ['release/1.x', 'trunk'],
    });
  });

  it('closes and reopens issues and pull requests, and creates issues; the feed shows it', async () => {
    const issue = h.fake.openIssue(REPO, { title: 'Close me' });
    const pull = h.fake.openPull(REPO, { title: 'Close me too', head: 'feature' });
    h.clock.advance(1_000);
    h.startNow();
    await h.poll(REPO, ['issues', 'pulls']);
    await h.adapter.setIssueState(REPO, issue.number, 'issue', 'closed');
    await h.adapter.setIssueState(REPO, pull.number, 'pull', 'closed');
    await h.adapter.setIssueState(REPO, issue.number, 'issue', 'open');
    const created = await h.adapter.createIssue(REPO, 'From Slack', 'Body text');
    expect(created).toEqual({ number: pull.number + 1, url: `${h.fake.webUrl}/${REPO}/issues/${pull.number + 1}` });
    h.clock.advance(60_000);
    const result = await h.poll(REPO, ['issues', 'pulls']);
    expect(result.events.map((e) => [e.subjectKey, e.action])).toEqual([
      [`issue:${issue.number}`, 'closed'],
      [`pull:${pull.number}`, 'closed'],
      [`issue:${issue.number}`, 'reopened'],
      [`issue:${created.number}`, 'opened'],
    ]);
    // IssuesEvent payloads carry the issue as of the event: closed, then open again.
    expect(result.events[0]?.state).toBe('closed');
    expect(result.events[2]?.state).toBe('open');
  });

  it('describes issue, pull request, commit and run URLs of its own host only', async () => {
    const issue = h.fake.openIssue(REPO, { title: 'Preview me', labels: ['bug'] });
    const pull = h.fake.openPull(REPO, { title: 'PR preview', head: 'feature', draft: true });
    const pushed = h.fake.push(REPO, 'trunk', ['Preview commit']);
    const run = h.fake.workflowRun(REPO, {
      branch: 'trunk',
      conclusion: 'failure',
      jobs: [{ name: 'unit', conclusion: 'failure' }],
    });
    const web = `${h.fake.webUrl}/${REPO}`;

    await expect(h.adapter.describeUrl(`${web}/issues/${issue.number}`)).resolves.toMatchObject({
      event: 'issues',
      title: 'Preview me',
      labels: ['bug'],
      state: 'open',
      action: 'opened',
    });
    await expect(h.adapter.describeUrl(`${web}/pull/${pull.number}/files`)).resolves.toMatchObject({
      event: 'pulls',
      title: 'PR preview',
      draft: true,
      state: 'draft',
    });
    await expect(h.adapter.describeUrl(`${web}/issues/${pull.number}`)).resolves.toMatchObject({
      event: 'pulls',
      subjectKey: `pull:${pull.number}`,
    });
    const commit = await h.adapter.describeUrl(`${web}/commit/${pushed.head}`);
    expect(commit).toMatchObject({
      event: 'commits',
      title: 'Preview commit',
      details: { kind: 'push', after: pushed.head },
    });
    const described = await h.adapter.describeUrl(`${web}/actions/runs/${run.id}?check_suite_focus=true`);
    expect(described).toMatchObject({
      event: 'pipelines',
      action: 'failed',
      details: { failedJobs: [{ name: 'unit' }] },
    });

    await expect(h.adapter.describeUrl(`${web}/issues/999`)).resolves.toBeNull();
    await expect(h.adapter.describeUrl(`https://github.com/${REPO}/issues/1`)).resolves.toBeNull();
    await expect(h.adapter.describeUrl(`${web}/blob/trunk/README.md`)).resolves.toBeNull();
  });
});

describe('GitHub adapter: GitHub Enterprise Server', () => {
  it('works under /api/v3 and derives the web host from it', async () => {
    h = await startGitHubHarness({ fake: { prefix: '/api/v3' } });
    expect(h.fake.apiUrl).toMatch(/\/api\/v3$/);
    expect(h.adapter.webUrl).toBe(h.fake.webUrl);
    h.fake.createRepo(REPO);
    await expect(h.adapter.resolveRepo(REPO)).resolves.toMatchObject({
      path: REPO,
      webUrl: `${h.fake.webUrl}/${REPO}`,
    });
    await h.poll(REPO, ['issues']);
    h.fake.openIssue(REPO, { title: 'On GHES' });
    h.clock.advance(60_000);
    const result = await h.poll(REPO, ['issues']);
    expect(result.events.map((e) => [e.title, e.url])).toEqual([['On GHES', `${h.fake.webUrl}/${REPO}/issues/1`]]);
    expect(Object.keys(h.fake.stats.byPath).every((path) => path.startsWith('/api/v3/'))).toBe(true);
  });

  it('maps github.com and GHES API URLs to their web hosts', () => {
    const web = (apiUrl: string) => createGitHubAdapter({ accountId: 'a', apiUrl, token: DEFAULT_GITHUB_TOKEN }).webUrl;
    expect(web('https://api.github.com')).toBe('https://github.com');
    expect(web('https://api.github.com/')).toBe('https://github.com');
    expect(web('https://git.example.com/api/v3')).toBe('https://git.example.com');
    expect(web('https://git.example.com/api/v3/')).toBe('https://git.example.com');
  });
});
