import { afterEach, describe, expect, it } from 'vitest';
import { startGitLabHarness, type GitLabHarness } from '../../../../test/fakes/gitlab/adapter-harness.js';
import type { QueuePull } from '../../queue/queue-model.js';
import { reviewState } from '../../queue/queue-model.js';

/** The review queue on GitLab, through the fake: merge requests with reviewers and approvals, assigned issues. */
describe('GitLab review queue', () => {
  let h: GitLabHarness;
  afterEach(() => h.close());

  it('lists open merge requests (draft, author, reviewers, approvals) and assigned issues; re-reads one by kind', async () => {
    h = await startGitLabHarness();
    h.fake.createProject('group/app');
    const waiting = h.fake.openMergeRequest('group/app', {
      title: 'Waiting',
      sourceBranch: 'w',
      author: 'carol',
      reviewers: ['alice'],
    });
    const approved = h.fake.openMergeRequest('group/app', {
      title: 'Approved',
      sourceBranch: 'a',
      author: 'alice',
      reviewers: ['bob'],
    });
    h.fake.approve('group/app', approved.iid, { author: 'bob' });
    h.fake.openMergeRequest('group/app', { title: 'Draft', sourceBranch: 'd', author: 'carol', draft: true });
    const issue = h.fake.openIssue('group/app', { title: 'Assigned', author: 'carol', assignees: ['alice'] });
    h.fake.openIssue('group/app', { title: 'Nobody’s', author: 'carol' });
    const requests = { total: 0, billable: 0, points: 0 };
    const source = h.adapter.queue;
    if (!source) throw new Error('the GitLab adapter has no queue source');

    const [read] = await source.readRepos(['group/app'], requests);
    if (!read?.ok) throw new Error(`not read: ${JSON.stringify(read)}`);
    const byTitle = (t: string) => read.pulls.find((p) => p.title.endsWith(t)) as QueuePull;
    expect(byTitle('Waiting')).toMatchObject({ author: 'carol', reviewers: ['alice'], draft: false });
    expect(reviewState(byTitle('Waiting').reviews)).toBe('waiting');
    expect(reviewState(byTitle('Approved').reviews)).toBe('approved');
    expect(byTitle('Approved').reviewers).toEqual([]);
    expect(byTitle('Draft').draft).toBe(true);
    expect(read.issues.map((i) => i.title)).toEqual(['Assigned']);
    // 1 merge request list + 1 issue list + 1 approvals per merge request.
    expect(requests.total).toBe(2 + 3);

    // Merge request !1 and issue #1 share a number: each is read from its own endpoint.
    h.fake.mergeMergeRequest('group/app', waiting.iid, { author: 'bob' });
    const again = await source.readItems(
      [
        { repo: 'group/app', kind: 'pull', number: waiting.iid },
        { repo: 'group/app', kind: 'issue', number: issue.iid },
      ],
      requests,
    );
    expect(again.map((r) => ('item' in r ? (r.item?.title ?? null) : r.error))).toEqual([null, 'Assigned']);
  });

  it('a project that disappeared is reported gone, not thrown', async () => {
    h = await startGitLabHarness();
    const [read] = await h.adapter.queue!.readRepos(['group/none'], { total: 0, billable: 0, points: 0 });
    expect(read).toMatchObject({ ok: false, gone: true });
  });
});
