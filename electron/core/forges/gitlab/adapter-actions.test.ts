import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startGitLabHarness, type GitLabHarness } from '../../../../test/fakes/gitlab/adapter-harness.js';

let h: GitLabHarness;
const REPO = 'acme/platform/backend/api';

beforeEach(async () => {
  h = await startGitLabHarness({ start: '2025-03-10T09:00:00.000Z' });
  h.fake.createProject(REPO, { defaultBranch: 'develop', protectedBranches: ['develop', 'release/*'] });
});
afterEach(() => h.close());

describe('GitLab adapter: account, repos and actions', () => {
  it('derives the web URL and identifies the user and token scopes', async () => {
    expect(h.adapter.kind).toBe('gitlab');
    expect(h.adapter.webUrl).toBe(h.fake.url);
    expect(await h.adapter.whoami()).toEqual({
      login: 'fake-user',
      name: 'Fake User',
      scopes: ['api', 'read_api', 'read_user'],
    });
  });

  it('resolves subgroup projects by path or web URL and lists default + protected branches', async () => {
    const expected = { path: REPO, webUrl: `${h.fake.url}/${REPO}`, defaultBranch: 'develop', visibility: 'private' };
    expect(await h.adapter.resolveRepo(REPO)).toEqual(expected);
    expect(await h.adapter.resolveRepo(`${h.fake.url}/${REPO}.git`)).toEqual(expected);
    expect(await h.adapter.branches(REPO)).toEqual({
      defaultBranch: 'develop',
      protectedBranches: ['develop', 'release/*'],
    });
    expect(h.fake.stats.count(/acme\/platform\/backend\/api$/)).toBe(3);
  });

  it('suggests projects for the subscription form, searched by what is typed', async () => {
    h.fake.createProject('acme/web/frontend');
    expect(await h.adapter.listRepos?.()).toEqual(expect.arrayContaining([REPO, 'acme/web/frontend']));
    expect(await h.adapter.listRepos?.('front')).toEqual(['acme/web/frontend']);
  });

  it('closes and reopens issues and merge requests, visible in the feed', async () => {
    const issue = h.fake.openIssue(REPO, { title: 'Bug' });
    h.fake.push(REPO, { branch: 'fix', commits: ['fix'] });
    const mr = h.fake.openMergeRequest(REPO, { title: 'Fix', sourceBranch: 'fix' });
    h.clock.advance(120_000);
    const poller = h.poller(REPO, { wanted: ['issues', 'pulls'] });
    await h.adapter.setIssueState(REPO, issue.iid, 'issue', 'closed');
    await h.adapter.setIssueState(REPO, mr.iid, 'pull', 'closed');
    expect([h.fake.project(REPO).issues[0]?.state, h.fake.project(REPO).mergeRequests[0]?.state]).toEqual([
      'closed',
      'closed',
    ]);
    h.clock.advance(120_000);
    await h.adapter.setIssueState(REPO, issue.iid, 'issue', 'open');
    h.clock.advance(1000);
    expect((await poller.poll()).events.map((e) => `${e.subjectKey} ${e.action}`)).toEqual([
      `issue:${issue.iid} closed`,
      `mr:${mr.iid} closed`,
      `issue:${issue.iid} reopened`,
    ]);
  });

  it('creates an issue', async () => {
    const created = await h.adapter.createIssue(REPO, 'From Slack', 'Reported in #support');
    expect(created).toEqual({ number: 1, url: `${h.fake.url}/${REPO}/-/issues/1` });
    expect(h.fake.project(REPO).issues[0]).toMatchObject({ title: 'From Slack', description: 'Reported in #support' });
  });

  it('describes issue, merge request, commit and pipeline URLs for link previews', async () => {
    const issue = h.fake.openIssue(REPO, { title: 'Crash on save', labels: ['bug'] });
    const { commits } = h.fake.push(REPO, { branch: 'feature', commits: ['Add save button'] });
    const mr = h.fake.openMergeRequest(REPO, { title: 'Save button', sourceBranch: 'feature', draft: true });
    const pipeline = h.fake.runPipeline(REPO, {
      ref: 'feature',
      status: 'failed',
      jobs: [{ name: 'unit', stage: 'test', status: 'failed' }],
    });
    const web = `${h.fake.url}/${REPO}`;

    expect(await h.adapter.describeUrl(`${web}/-/issues/${issue.iid}`)).toMatchObject({
      event: 'issues',
      subjectKey: `issue:${issue.iid}`,
      title: 'Crash on save',
      labels: ['bug'],
      state: 'open',
      repo: REPO,
    });
    expect(await h.adapter.describeUrl(`${web}/-/merge_requests/${mr.iid}#note_5`)).toMatchObject({
      event: 'pulls',
      subjectKey: `mr:${mr.iid}`,
      draft: true,
      state: 'draft',
      branch: 'develop',
    });
    const sha = commits[0]?.sha ?? '';
    expect(await h.adapter.describeUrl(`${web}/-/commit/${sha}`)).toMatchObject({
      event: 'commits',
      title: 'Add save button',
      details: { kind: 'push', totalCommits: 1 },
    });
    expect(await h.adapter.describeUrl(`${web}/-/pipelines/${pipeline.id}`)).toMatchObject({
      event: 'pipelines',
      action: 'failed',
      details: { failedStages: ['test'] },
    });

    expect(await h.adapter.describeUrl(`${web}/-/issues/999`)).toBeNull();
    expect(await h.adapter.describeUrl(`https://gitlab.example.com/${REPO}/-/issues/1`)).toBeNull();
    expect(await h.adapter.describeUrl(`${web}/-/tree/main`)).toBeNull();
  });
});
