import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventName } from '../../../contract/vocabulary/event-names.js';
import { startGitHubHarness, type GitHubHarness } from '../../../../test/fakes/github/adapter-harness.js';

const REPO = 'octo-org/hello-world';
let h: GitHubHarness;

beforeEach(async () => {
  h = await startGitHubHarness();
  h.fake.createRepo(REPO);
});
afterEach(() => h.close());

async function next(wanted: EventName[]) {
  h.clock.advance(60_000);
  return h.poll(REPO, wanted);
}

describe('GitHub adapter: every event family', () => {
  it('maps reviews and the four kinds of comments', async () => {
    const issue = h.fake.openIssue(REPO, { title: 'An issue', labels: ['bug'] });
    const pull = h.fake.openPull(REPO, { title: 'A pull', head: 'topic', labels: ['ui'] });
    h.clock.advance(1_000);
    h.startNow();
    await h.poll(REPO, ['reviews', 'comments']);

    h.fake.review(REPO, pull.number, { state: 'approved', body: 'LGTM', actor: 'hubot' });
    h.fake.comment(REPO, { issue: issue.number }, 'On the issue');
    h.fake.comment(REPO, { issue: pull.number }, 'On the PR conversation');
    h.fake.comment(REPO, { pull: pull.number, path: 'src/a.ts', line: 3 }, 'On the code');
    h.fake.comment(REPO, { commit: pull.pull?.headSha ?? '' }, 'On the commit');
    const result = await next(['reviews', 'comments']);
    expect(result.events.map((e) => [e.event, e.action, e.subjectKey, e.title, e.labels, e.details])).toEqual([
      [
        'reviews',
        'submitted',
        `pull:${pull.number}`,
        'A pull',
        ['ui'],
        { kind: 'review', state: 'approved', body: 'LGTM' },
      ],
      [
        'comments',
        'commented',
        `issue:${issue.number}`,
        'An issue',
        ['bug'],
        { kind: 'comment', body: 'On the issue', on: 'issue' },
      ],
      [
        'comments',
        'commented',
        `pull:${pull.number}`,
        'A pull',
        ['ui'],
        { kind: 'comment', body: 'On the PR conversation', on: 'pull' },
      ],
      [
        'comments',
        'commented',
        `pull:${pull.number}`,
        'A pull',
        ['ui'],
        { kind: 'comment', body: 'On the code', on: 'review' },
      ],
      [
        'comments',
        'commented',
        null,
        `Commit ${pull.pull?.headSha.slice(0, 7)}`,
        [],
        { kind: 'comment', body: 'On the commit', on: 'commit' },
      ],
    ]);
    expect(result.events[0]).toMatchObject({ actor: 'hubot', url: expect.stringContaining('#pullrequestreview-') });
    expect(result.events[3]?.url).toContain('#discussion_r');
  });

  it('maps tags, branches, releases, wiki pages and discussions', async () => {
    const wanted: EventName[] = ['tags', 'branches', 'releases', 'wiki', 'discussions'];
    await h.poll(REPO, wanted);
    h.fake.createTag(REPO, 'v0.9.0');
    h.fake.deleteTag(REPO, 'v0.9.0');
    h.fake.createBranch(REPO, 'hotfix');
    h.fake.deleteBranch(REPO, 'hotfix');
    h.fake.publishRelease(REPO, { tag: 'v1.0.0', name: 'First stable', body: 'Notes' });
    h.fake.editWiki(REPO, ['Home', 'Setup']);
    h.fake.editWiki(REPO, ['Home']);
    const discussion = h.fake.startDiscussion(REPO, { title: 'Roadmap?', body: 'Ideas', category: 'Ideas' });
    h.fake.comment(REPO, { discussion: discussion.number }, 'Dark mode please');
    const result = await next(wanted);
    expect(result.events.map((e) => [e.event, e.action, e.title])).toEqual([
      ['tags', 'created', 'Tag v0.9.0 created'],
      ['branches', 'created', 'Branch hotfix created'],
      ['branches', 'deleted', 'Branch hotfix deleted'],
      ['tags', 'created', 'Tag v1.0.0 created'],
      ['releases', 'published', 'First stable'],
      ['wiki', 'created', '2 wiki pages'],
      ['wiki', 'edited', 'Home'],
      ['discussions', 'opened', 'Roadmap?'],
      ['discussions', 'commented', 'Roadmap?'],
    ]);
    const byTitle = (title: string) => result.events.find((e) => e.title === title);
    expect(byTitle('First stable')?.details).toEqual({
      kind: 'release',
      tag: 'v1.0.0',
      name: 'First stable',
      body: 'Notes',
    });
    expect(byTitle('2 wiki pages')?.details).toEqual({
      kind: 'wiki',
      pages: [
        { title: 'Home', action: 'created', url: `${h.fake.webUrl}/${REPO}/wiki/Home` },
        { title: 'Setup', action: 'created', url: `${h.fake.webUrl}/${REPO}/wiki/Setup` },
      ],
    });
    expect(result.events[7]).toMatchObject({
      subjectKey: `discussion:${discussion.number}`,
      details: { kind: 'discussion', body: 'Ideas', category: 'Ideas' },
    });
    expect(result.events[1]).toMatchObject({
      branch: 'hotfix',
      details: { kind: 'ref', refType: 'branch', ref: 'hotfix' },
    });
  });

  it('only returns the families that are wanted, and hydrates nothing for the others', async () => {
    await h.poll(REPO, ['releases']);
    h.fake.openPull(REPO, { title: 'Unwanted', head: 'u' });
    h.fake.openIssue(REPO, { title: 'Unwanted too' });
    h.fake.publishRelease(REPO, { tag: 'v2' });
    const result = await next(['releases']);
    expect(result.events.map((e) => e.event)).toEqual(['releases']);
    expect(result.requests).toEqual({ total: 1, billable: 1 });
  });

  it('skips unknown types and malformed entries with a logged reason, and keeps going', async () => {
    await h.poll(REPO, ['issues', 'pulls', 'commits']);
    const repo = h.fake.world.repo(REPO);
    h.fake.world.emit(repo, 'WatchEvent', 'fan', { action: 'started' });
    h.fake.world.emit(repo, 'BrandNewEvent', 'someone', { whatever: true });
    h.fake.world.emit(repo, 'PullRequestEvent', 'someone', { action: 'opened' });
    h.fake.world.emit(repo, 'PushEvent', 'someone', { ref: 42 });
    h.fake.openIssue(REPO, { title: 'Real one' });
    const result = await next(['issues', 'pulls', 'commits']);
    expect(result.events.map((e) => e.title)).toEqual(['Real one']);
    const messages = h.logs.map((l) => `${l.level}: ${l.message}`);
    expect(messages).toContain('debug: github: feed event type is not notified');
    expect(messages).toContain('info: github: skipped an unknown feed event type');
    expect(messages).toContain(
      'warn: github: skipped a malformed feed event: PullRequestEvent without action/pull_request number',
    );
    expect(messages).toContain('warn: github: skipped a malformed feed event: PushEvent without ref/head/before');
  });

  it('survives a feed page with entries that are not events at all', async () => {
    await h.poll(REPO, ['issues']);
    const now = new Date(h.clock.now() + 1_000).toISOString();
    const good = {
      id: '99',
      type: 'IssuesEvent',
      actor: { login: 'a' },
      payload: {
        action: 'opened',
        issue: { number: 7, title: 'From payload', state: 'open', html_url: 'https://x/7', labels: [] },
      },
      created_at: now,
    };
    h.fake.failNext(/\/events$/, {
      status: 200,
      rawBody: JSON.stringify([good, null, 'text', { id: '98', type: 'IssuesEvent' }, { type: 'PushEvent' }]),
    });
    h.clock.advance(2_000);
    const result = await h.poll(REPO, ['issues']);
    // Issue 7 does not exist in the fake: the adapter falls back to the payload's issue.
    expect(result.events.map((e) => [e.id, e.title])).toEqual([['gh:gh:99', 'From payload']]);
    expect(h.logs.filter((l) => l.level === 'warn').length).toBeGreaterThanOrEqual(3);
  });
});
