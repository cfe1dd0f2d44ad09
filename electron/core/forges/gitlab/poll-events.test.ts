import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startGitLabHarness, type GitLabHarness } from '../../../../test/fakes/gitlab/adapter-harness.js';

let h: GitLabHarness;
const REPO = 'acme/platform/backend';

beforeEach(async () => {
  h = await startGitLabHarness({ start: '2025-03-10T09:00:00.000Z' });
  h.fake.createProject(REPO, { protectedBranches: ['main', 'release/*'] });
});
afterEach(() => h.close());

const summary = (events: { event: string; action: string; number: number | null }[]): string[] =>
  events.map((e) => `${e.event}:${e.action}${e.number === null ? '' : `#${e.number}`}`);

describe('GitLab adapter: events feed', () => {
  it('first poll with since=now returns nothing from before', async () => {
    h.fake.openIssue(REPO, { title: 'old news' });
    h.fake.push(REPO, { branch: 'main', commits: ['old commit'] });
    h.clock.advance(60 * 60_000);
    const poller = h.poller(REPO);
    const first = await poller.poll();
    expect(first.events).toEqual([]);
    expect(first.requests.total).toBeGreaterThan(0);
    expect(first.requests.billable).toBe(first.requests.total);

    h.clock.advance(60_000);
    h.fake.openIssue(REPO, { title: 'fresh' });
    const second = await poller.poll();
    expect(summary(second.events)).toEqual(['issues:opened#2']);
  });

  it('delivers an issue opened today exactly once across polls the same day and across midnight', async () => {
    h.clock.set('2025-03-10T23:50:00.000Z');
    const poller = h.poller(REPO, { wanted: ['issues'] });
    expect((await poller.poll()).events).toEqual([]);

    h.clock.set('2025-03-10T23:51:00.000Z');
    const issue = h.fake.openIssue(REPO, { title: 'Login broken', labels: ['bug'], description: 'Steps…' });
    h.clock.set('2025-03-10T23:52:00.000Z');
    const delivered = await poller.poll();
    expect(delivered.events).toHaveLength(1);
    expect(delivered.events[0]).toMatchObject({
      id: `work:gl:${h.fake.project(REPO).events.at(-1)?.id}`,
      forge: 'gitlab',
      repo: REPO,
      repoUrl: `${h.fake.url}/${REPO}`,
      event: 'issues',
      action: 'opened',
      subjectKey: `issue:${issue.iid}`,
      number: issue.iid,
      title: 'Login broken',
      url: `${h.fake.url}/${REPO}/-/issues/${issue.iid}`,
      actor: 'fake-user',
      createdAt: '2025-03-10T23:51:00.000Z',
      state: 'open',
      labels: ['bug'],
      confidential: false,
      details: { kind: 'issue', body: 'Steps…' },
    });

    h.clock.set('2025-03-10T23:59:00.000Z');
    expect((await poller.poll()).events).toEqual([]);
    h.clock.set('2025-03-10T23:59:59.500Z');
    h.fake.closeIssue(REPO, issue.iid);
    h.clock.set('2025-03-11T00:00:30.000Z');
    expect(summary((await poller.poll()).events)).toEqual([`issues:closed#${issue.iid}`]);
    h.clock.set('2025-03-11T00:05:00.000Z');
    expect((await poller.poll()).events).toEqual([]);
    h.clock.set('2025-03-11T09:00:00.000Z');
    h.fake.reopenIssue(REPO, issue.iid);
    h.clock.set('2025-03-11T09:01:00.000Z');
    expect(summary((await poller.poll()).events)).toEqual([`issues:reopened#${issue.iid}`]);
    h.clock.set('2025-03-12T09:01:00.000Z');
    expect((await poller.poll()).events).toEqual([]);
    // Every feed request used a date-only `after`.
    expect(h.fake.stats.count(/\/events$/)).toBe(7);
  });

  it('keeps the de-duplication set bounded to the recent window', async () => {
    const poller = h.poller(REPO, { wanted: ['issues'] });
    h.fake.openIssue(REPO, { title: 'a' });
    await poller.poll();
    const seenBefore = Object.keys((poller.cursor as { seen: Record<string, number> }).seen);
    expect(seenBefore.length).toBeGreaterThan(0);
    h.clock.advance(3 * 86_400_000);
    await poller.poll();
    expect(Object.keys((poller.cursor as { seen: Record<string, number> }).seen)).toEqual([]);
  });

  it('maps a confidential issue and its notes to confidential_issues / confidential_comments', async () => {
    const poller = h.poller(REPO);
    const secret = h.fake.openIssue(REPO, { title: 'CVE', confidential: true, labels: ['security'] });
    h.fake.comment(REPO, { issue: secret.iid, body: 'patch ready' });
    const open = h.fake.openIssue(REPO, { title: 'Public' });
    h.fake.comment(REPO, { issue: open.iid, body: 'internal only', internal: true });
    h.fake.comment(REPO, { issue: open.iid, body: 'hello world' });
    h.clock.advance(1000);
    const { events } = await poller.poll();
    expect(events.map((e) => [e.event, e.action, e.confidential, e.subjectKey])).toEqual([
      ['confidential_issues', 'opened', true, `issue:${secret.iid}`],
      ['confidential_comments', 'commented', true, `issue:${secret.iid}`],
      ['issues', 'opened', false, `issue:${open.iid}`],
      ['confidential_comments', 'commented', true, `issue:${open.iid}`],
      ['comments', 'commented', false, `issue:${open.iid}`],
    ]);
    expect(events[1]).toMatchObject({
      labels: ['security'],
      details: { kind: 'comment', body: 'patch ready', on: 'issue' },
    });
    expect(events[4]?.url).toMatch(new RegExp(`/-/issues/${open.iid}#note_\\d+$`));

    h.fake.openIssue(REPO, { title: 'another secret', confidential: true });
    const onlyPublic = h.poller(REPO, { wanted: ['issues'], since: h.clock.now() - 10_000 });
    expect(summary((await onlyPublic.poll()).events)).toEqual([`issues:opened#${open.iid}`]);
  });

  it('follows a merge request: draft opened, approved (pulls + reviews), merged', async () => {
    const poller = h.poller(REPO);
    h.fake.push(REPO, { branch: 'feature/login', commits: ['login form'] });
    const mr = h.fake.openMergeRequest(REPO, {
      title: 'Login form',
      sourceBranch: 'feature/login',
      draft: true,
      labels: ['frontend'],
      description: 'Adds it',
    });
    h.clock.advance(1000);
    const opened = await poller.poll();
    expect(summary(opened.events)).toEqual(['branches:created', 'commits:pushed', `pulls:opened#${mr.iid}`]);
    expect(opened.events[2]).toMatchObject({
      subjectKey: `mr:${mr.iid}`,
      draft: true,
      state: 'draft',
      labels: ['frontend'],
      branch: 'main',
      title: 'Draft: Login form',
    });
    expect(opened.events[2]?.details).toEqual({
      kind: 'pull',
      body: 'Adds it',
      sourceBranch: 'feature/login',
      targetBranch: 'main',
      merged: false,
    });

    h.fake.approve(REPO, mr.iid, { author: 'alice' });
    h.clock.advance(1000);
    const approved = await poller.poll();
    expect(approved.events.map((e) => [e.event, e.action, e.actor])).toEqual([
      ['pulls', 'approved', 'alice'],
      ['reviews', 'approved', 'alice'],
    ]);
    expect(new Set(approved.events.map((e) => e.id)).size).toBe(2);

    h.clock.advance(60_000);
    h.fake.mergeMergeRequest(REPO, mr.iid, { author: 'bob' });
    h.clock.advance(1000);
    const merged = await poller.poll();
    expect(summary(merged.events)).toEqual(['commits:pushed', `pulls:merged#${mr.iid}`]);
    expect(merged.events[1]).toMatchObject({ state: 'merged', draft: false, actor: 'bob', details: { merged: true } });
    expect((await poller.poll()).events).toEqual([]);
  });

  it('hydrates a push of several commits, new branches, deletions and tags', async () => {
    const poller = h.poller(REPO);
    h.fake.push(REPO, {
      branch: 'main',
      commits: ['first', 'second', { title: 'third', message: 'third\n\nbody' }],
      author: 'carol',
    });
    h.fake.push(REPO, { branch: 'topic', commits: ['t1', 't2'] });
    h.fake.deleteBranch(REPO, 'topic');
    h.fake.createTag(REPO, 'v1.0.0');
    h.clock.advance(1000);
    const { events } = await poller.poll();
    expect(summary(events)).toEqual([
      'commits:pushed',
      'branches:created',
      'commits:pushed',
      'branches:deleted',
      'tags:created',
    ]);
    const push = events[0];
    expect(push).toMatchObject({ title: '3 commits to main', branch: 'main', actor: 'carol' });
    expect(push?.details).toMatchObject({ kind: 'push', totalCommits: 3 });
    if (push?.details.kind !== 'push') throw new Error('not a push');
    expect(push.details.commits.map((c) => c.title)).toEqual(['first', 'second', 'third']);
    expect(push.details.compareUrl).toBe(
      `${h.fake.url}/${REPO}/-/compare/${push.details.before}...${push.details.after}`,
    );
    expect(push.details.commits[2]?.url).toBe(`${h.fake.url}/${REPO}/-/commit/${push.details.after}`);
    const topic = events[2];
    if (topic?.details.kind !== 'push') throw new Error('not a push');
    expect(topic.details.commits.map((c) => c.title)).toEqual(['t1', 't2']);
    expect(topic.id).toBe(`${events[1]?.id}:commits`);
    expect(events[4]).toMatchObject({
      title: 'v1.0.0',
      branch: null,
      details: { kind: 'ref', refType: 'tag', ref: 'v1.0.0' },
    });
    expect(h.fake.stats.count(/repository\/compare$/)).toBe(1);
  });

  it('reports wiki edits and skips endpoints nobody wants', async () => {
    const poller = h.poller(REPO, { wanted: ['wiki'] });
    h.fake.editWiki(REPO, { title: 'Getting started', content: 'hi' });
    h.fake.editWiki(REPO, { title: 'Getting started', content: 'hello' });
    h.fake.openIssue(REPO, { title: 'ignored' });
    h.clock.advance(1000);
    h.fake.stats.reset();
    const { events } = await poller.poll();
    expect(events.map((e) => [e.event, e.action, e.title, e.url])).toEqual([
      ['wiki', 'created', 'Getting started', `${h.fake.url}/${REPO}/-/wikis/Getting-started`],
      ['wiki', 'updated', 'Getting started', `${h.fake.url}/${REPO}/-/wikis/Getting-started`],
    ]);
    expect([...h.fake.stats.byPath.keys()]).toEqual([`/api/v4/projects/${REPO}/events`]);
  });

  it('pages through a busy feed without losing or repeating events', async () => {
    const poller = h.poller(REPO, { wanted: ['issues'] });
    for (let i = 0; i < 250; i++) {
      h.clock.advance(10_000);
      h.fake.openIssue(REPO, { title: `issue ${i}` });
    }
    h.clock.advance(1000);
    const first = await poller.poll();
    expect(first.events.map((e) => e.number)).toEqual(Array.from({ length: 250 }, (_, i) => i + 1));
    h.fake.openIssue(REPO, { title: 'one more' });
    h.clock.advance(15 * 60_000);
    h.fake.stats.reset();
    expect((await poller.poll()).events.map((e) => e.number)).toEqual([251]);
    // Newest first, stopping once a page reaches the previous poll: one page is enough now.
    expect(h.fake.stats.count(/\/events$/)).toBe(1);
  });
});
