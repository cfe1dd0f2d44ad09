import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startGitHubHarness, type GitHubHarness } from '../../../../test/fakes/github/adapter-harness.js';

const REPO = 'octo-org/hello-world';
let h: GitHubHarness;

beforeEach(async () => {
  h = await startGitHubHarness();
  h.fake.createRepo(REPO, { protectedBranches: ['main'] });
});
afterEach(() => h.close());

describe('GitHub adapter: events feed polling', () => {
  it('returns nothing that happened before the subscription started, then a new issue exactly once', async () => {
    h.fake.openIssue(REPO, { title: 'Old bug' });
    h.fake.push(REPO, 'main', 2);
    h.clock.advance(60_000);
    h.startNow();

    const first = await h.poll(REPO, ['issues', 'commits']);
    expect(first.events).toEqual([]);
    expect(first.minIntervalSeconds).toBe(60);
    expect(first.requests).toEqual({ total: 1, billable: 1 });

    h.clock.advance(5_000);
    const issue = h.fake.openIssue(REPO, { title: 'Login page crashes', body: 'Steps…', labels: ['bug'] });
    h.clock.advance(60_000);
    const second = await h.poll(REPO, ['issues', 'commits']);
    expect(second.events).toHaveLength(1);
    const [event] = second.events;
    expect(event).toMatchObject({
      id: `gh:gh:${h.fake.actions.at(-1)?.eventIds[0]}`,
      accountId: 'gh',
      forge: 'github',
      repo: REPO,
      repoUrl: `${h.fake.webUrl}/${REPO}`,
      event: 'issues',
      action: 'opened',
      subjectKey: `issue:${issue.number}`,
      number: issue.number,
      title: 'Login page crashes',
      url: `${h.fake.webUrl}/${REPO}/issues/${issue.number}`,
      actor: 'octocat',
      state: 'open',
      labels: ['bug'],
      details: { kind: 'issue', body: 'Steps…' },
    });

    h.clock.advance(60_000);
    const third = await h.poll(REPO, ['issues', 'commits']);
    expect(third.events).toEqual([]);
  });

  it('treats an event from the same second, just before the subscription started, as history', async () => {
    h.clock.advance(200);
    h.fake.openIssue(REPO, { title: 'Just before' });
    h.clock.advance(300);
    h.startNow();
    expect((await h.poll(REPO, ['issues'])).events).toEqual([]);
  });

  it('costs only free 304s while the repo is idle, for the feed, runs and deployments alike', async () => {
    const wanted = ['issues', 'pulls', 'pipelines', 'deployments'] as const;
    await h.poll(REPO, [...wanted]);
    const billableBefore = h.fake.stats.billable;
    for (let i = 0; i < 3; i++) {
      h.clock.advance(60_000);
      const idle = await h.poll(REPO, [...wanted]);
      expect(idle.events).toEqual([]);
      expect(idle.requests).toEqual({ total: 3, billable: 0 });
    }
    expect(h.fake.stats.billable).toBe(billableBefore);
    expect(h.fake.stats.notModified).toBe(9);
  });

  it('does not read runs or deployments when nobody wants them', async () => {
    await h.poll(REPO, ['issues']);
    h.clock.advance(60_000);
    await h.poll(REPO, ['issues']);
    expect(Object.keys(h.fake.stats.byPath).sort()).toEqual([`/repos/${REPO}/events`]);
  });

  it('honours X-Poll-Interval', async () => {
    h.fake.pollIntervalSeconds = 120;
    const result = await h.poll(REPO, ['issues']);
    expect(result.minIntervalSeconds).toBe(120);
  });

  it('hydrates pushes: commits from compare, oldest first; skips empty pushes, deletions and tag pushes', async () => {
    await h.poll(REPO, ['commits']);
    const pushed = h.fake.push(REPO, 'main', [
      'Fix login\n\nLong text',
      { message: 'Add tests', author: 'hubot' },
      'Bump version',
    ]);
    h.fake.push(REPO, 'feature/empty', []);
    h.fake.createBranch(REPO, 'tmp');
    h.fake.deleteBranch(REPO, 'tmp');
    h.fake.createTag(REPO, 'v1.0.0');
    h.clock.advance(60_000);

    const result = await h.poll(REPO, ['commits']);
    expect(result.events).toHaveLength(1);
    const [push] = result.events;
    expect(push).toMatchObject({
      event: 'commits',
      action: 'pushed',
      branch: 'main',
      title: '3 new commits pushed to main',
      actor: 'octocat',
    });
    expect(push?.details).toEqual({
      kind: 'push',
      totalCommits: 3,
      before: pushed.before,
      after: pushed.head,
      compareUrl: `${h.fake.webUrl}/${REPO}/compare/${pushed.before.slice(0, 12)}...${pushed.head.slice(0, 12)}`,
      commits: [
        {
          sha: pushed.shas[0],
          title: 'Fix login',
          author: 'octocat',
          url: `${h.fake.webUrl}/${REPO}/commit/${pushed.shas[0]}`,
        },
        {
          sha: pushed.shas[1],
          title: 'Add tests',
          author: 'hubot',
          url: `${h.fake.webUrl}/${REPO}/commit/${pushed.shas[1]}`,
        },
        {
          sha: pushed.shas[2],
          title: 'Bump version',
          author: 'octocat',
          url: `${h.fake.webUrl}/${REPO}/commit/${pushed.shas[2]}`,
        },
      ],
    });
    expect(h.logs.some((l) => l.message.includes('without new commits'))).toBe(true);
    expect(h.logs.some((l) => l.message.includes('push deleting tmp'))).toBe(true);
  });

  it('lists the commits of a new branch against the default branch', async () => {
    await h.poll(REPO, ['commits', 'branches']);
    h.fake.push(REPO, 'feature/x', 2);
    h.clock.advance(60_000);
    const result = await h.poll(REPO, ['commits', 'branches']);
    expect(result.events.map((e) => [e.event, e.action, e.branch])).toEqual([
      ['branches', 'created', 'feature/x'],
      ['commits', 'pushed', 'feature/x'],
    ]);
    expect(result.events[1]?.details).toMatchObject({ kind: 'push', totalCommits: 2, before: null });
  });

  it('hydrates pull requests: title, draft, labels, base branch; ready and merged', async () => {
    await h.poll(REPO, ['pulls']);
    const pull = h.fake.openPull(REPO, {
      title: 'Add dark mode',
      body: 'Closes #1',
      head: 'dark-mode',
      draft: true,
      commits: 2,
    });
    h.fake.labelIssue(REPO, pull.number, ['ui', 'enhancement']);
    h.clock.advance(60_000);

    const opened = await h.poll(REPO, ['pulls']);
    expect(opened.events).toHaveLength(1);
    expect(opened.events[0]).toMatchObject({
      event: 'pulls',
      action: 'opened',
      title: 'Add dark mode',
      subjectKey: `pull:${pull.number}`,
      number: pull.number,
      draft: true,
      state: 'draft',
      labels: ['ui', 'enhancement'],
      branch: 'main',
      url: `${h.fake.webUrl}/${REPO}/pull/${pull.number}`,
      details: { kind: 'pull', body: 'Closes #1', sourceBranch: 'dark-mode', targetBranch: 'main', merged: false },
    });

    h.fake.markReady(REPO, pull.number);
    h.clock.advance(1_000);
    h.fake.mergePull(REPO, pull.number, { actor: 'hubot' });
    h.clock.advance(60_000);
    const later = await h.poll(REPO, ['pulls']);
    expect(later.events.map((e) => [e.action, e.state, e.draft])).toEqual([
      ['ready_for_review', 'merged', false],
      ['merged', 'merged', false],
    ]);
    expect(later.events[1]).toMatchObject({ actor: 'hubot', details: { merged: true } });
    // One pulls/{n} read serves both events of the poll.
    expect(h.fake.stats.byPath[`/repos/${REPO}/pulls/${pull.number}`]).toBe(2);
  });

  it('reports a closed, unmerged pull request as closed, and reopened', async () => {
    await h.poll(REPO, ['pulls']);
    const pull = h.fake.openPull(REPO, { title: 'Try', head: 'try' });
    h.fake.closePull(REPO, pull.number);
    h.fake.reopenIssue(REPO, pull.number);
    h.clock.advance(60_000);
    const result = await h.poll(REPO, ['pulls']);
    expect(result.events.map((e) => e.action)).toEqual(['opened', 'closed', 'reopened']);
  });

  it('catches up across pages after many events, without duplicates and in order', async () => {
    await h.poll(REPO, ['comments']);
    const issue = h.fake.openIssue(REPO, { title: 'Busy thread' });
    for (let i = 1; i <= 250; i++) {
      h.fake.comment(REPO, { issue: issue.number }, `comment ${i}`);
      h.clock.advance(1_000);
    }
    const result = await h.poll(REPO, ['comments']);
    expect(result.events).toHaveLength(250);
    expect(result.events.map((e) => (e.details.kind === 'comment' ? e.details.body : ''))).toEqual(
      Array.from({ length: 250 }, (_, i) => `comment ${i + 1}`),
    );
    expect(new Set(result.events.map((e) => e.id)).size).toBe(250);
    expect(result.requests.total).toBe(3);
    expect(result.warnings).toEqual([]);

    h.fake.comment(REPO, { issue: issue.number }, 'one more');
    h.clock.advance(60_000);
    const next = await h.poll(REPO, ['comments']);
    expect(next.events.map((e) => (e.details.kind === 'comment' ? e.details.body : ''))).toEqual(['one more']);
    expect(next.requests.total).toBe(1);
  });

  it('warns when more happened than the feed keeps (300 events)', async () => {
    await h.poll(REPO, ['comments']);
    h.fake.openIssue(REPO, { title: 'Flood' });
    h.clock.advance(1_000);
    await h.poll(REPO, ['comments']);
    for (let i = 1; i <= 320; i++) h.fake.comment(REPO, { issue: 1 }, `c${i}`);
    h.clock.advance(60_000);
    const result = await h.poll(REPO, ['comments']);
    expect(result.events).toHaveLength(300);
    expect(result.events[0]?.details).toMatchObject({ body: 'c21' });
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toMatch(/only keeps the latest 300 events/);
  });

  it('catches an event that shows up in the feed late, behind events already seen', async () => {
    await h.poll(REPO, ['issues', 'comments']);
    h.fake.setEventLag(90_000);
    h.fake.openIssue(REPO, { title: 'Slow to appear' });
    h.fake.setEventLag(0);
    h.clock.advance(10_000);
    h.fake.comment(REPO, { issue: 1 }, 'fast');
    h.clock.advance(10_000);
    expect((await h.poll(REPO, ['issues', 'comments'])).events.map((e) => e.event)).toEqual(['comments']);
    h.clock.advance(90_000);
    const late = await h.poll(REPO, ['issues', 'comments']);
    expect(late.events.map((e) => [e.event, e.title])).toEqual([['issues', 'Slow to appear']]);
  });
});
