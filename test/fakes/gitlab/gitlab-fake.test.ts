import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock, startGitLabFake, type GitLabFake } from './index.js';

let clock: ManualClock;
let fake: GitLabFake;

beforeEach(async () => {
  clock = new ManualClock('2025-03-10T09:00:00.000Z');
  fake = await startGitLabFake({ now: () => clock.now() });
});
afterEach(() => fake.close());

async function api(
  path: string,
  init: RequestInit & { token?: string | null } = {},
): Promise<{ status: number; headers: Headers; body: unknown; text: string }> {
  const headers = new Headers(init.headers);
  if (init.token !== null) headers.set('PRIVATE-TOKEN', init.token ?? fake.token);
  const response = await fetch(`${fake.apiUrl}${path}`, { ...init, headers });
  const text = await response.text();
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {}
  return { status: response.status, headers: response.headers, body, text };
}

const ids = (body: unknown): number[] => (body as { id: number }[]).map((e) => e.id);

describe('fake GitLab', () => {
  it('requires a token (PRIVATE-TOKEN or Bearer) and serves /user and token scopes', async () => {
    expect((await api('/user', { token: null })).status).toBe(401);
    expect((await api('/user', { token: 'glpat-wrong' })).status).toBe(401);
    const bearer = await api('/user', { token: null, headers: { authorization: `Bearer ${fake.token}` } });
    expect(bearer.body).toMatchObject({ username: 'fake-user' });
    expect((await api('/personal_access_tokens/self')).body).toMatchObject({
      scopes: ['api', 'read_api', 'read_user'],
    });
  });

  it('resolves a subgroup project by numeric id and by URL-encoded path, with no ETag', async () => {
    const project = fake.createProject('acme/platform/api', { protectedBranches: ['main', 'release/*'] });
    const byPath = await api(`/projects/${encodeURIComponent('acme/platform/api')}`);
    const byId = await api(`/projects/${project.id}`);
    expect(byPath.body).toMatchObject({
      id: project.id,
      path_with_namespace: 'acme/platform/api',
      default_branch: 'main',
      web_url: `${fake.url}/acme/platform/api`,
    });
    expect(byId.body).toEqual(byPath.body);
    expect(byPath.headers.get('etag')).toBeNull();
    expect((await api('/projects/acme%2Fnope')).status).toBe(404);
    fake.createBranch('acme/platform/api', 'release/1.0');
    const branches = (await api(`/projects/${project.id}/repository/branches`)).body as {
      name: string;
      protected: boolean;
    }[];
    expect(branches.map((b) => [b.name, b.protected])).toEqual([
      ['main', true],
      ['release/1.0', true],
    ]);
  });

  it('filters events with after = a date, keeping only events after the END of that day', async () => {
    fake.createProject('g/p');
    const first = fake.openIssue('g/p', { title: 'on the 10th' });
    clock.set('2025-03-11T00:00:00.000Z');
    fake.closeIssue('g/p', first.iid);
    clock.set('2025-03-11T15:00:00.000Z');
    fake.reopenIssue('g/p', first.iid);

    const all = (await api('/projects/g%2Fp/events?sort=asc')).body as { action_name: string; created_at: string }[];
    expect(all.map((e) => e.action_name)).toEqual(['created', 'opened', 'closed', 'opened']); // a reopen is "opened" on GitLab
    expect(ids((await api('/projects/g%2Fp/events?after=2025-03-11')).body)).toEqual([]);
    const afterTenth = (await api('/projects/g%2Fp/events?after=2025-03-10&sort=asc')).body as { created_at: string }[];
    expect(afterTenth.map((e) => e.created_at)).toEqual(['2025-03-11T00:00:00.000Z', '2025-03-11T15:00:00.000Z']);
    expect(((await api('/projects/g%2Fp/events?before=2025-03-11')).body as unknown[]).length).toBe(2);
    expect((await api('/projects/g%2Fp/events?after=yesterday')).status).toBe(400);
  });

  it('pages with x-* and Link headers, per_page capped at 100', async () => {
    fake.createProject('g/p');
    for (let i = 0; i < 130; i++) fake.openIssue('g/p', { title: `issue ${i}` });
    const first = await api('/projects/g%2Fp/events?per_page=500');
    expect((first.body as unknown[]).length).toBe(100);
    expect(
      Object.fromEntries(
        ['x-page', 'x-per-page', 'x-next-page', 'x-prev-page', 'x-total', 'x-total-pages'].map((h) => [
          h,
          first.headers.get(h),
        ]),
      ),
    ).toEqual({
      'x-page': '1',
      'x-per-page': '100',
      'x-next-page': '2',
      'x-prev-page': '',
      'x-total': '131',
      'x-total-pages': '2',
    });
    expect(first.headers.get('link')).toContain('rel="next"');
    const second = await api('/projects/g%2Fp/events?per_page=100&page=2');
    expect((second.body as unknown[]).length).toBe(31);
    expect(second.headers.get('x-next-page')).toBe('');
  });

  it('keeps resources and the feed consistent: pushes, MRs, approvals, notes on confidential issues', async () => {
    fake.createProject('g/p');
    const { commits } = fake.push('g/p', { branch: 'main', commits: ['one', 'two', 'three'] });
    const issue = fake.openIssue('g/p', { title: 'secret', confidential: true, labels: ['bug'] });
    const note = fake.comment('g/p', { issue: issue.iid, body: 'psst' });
    fake.push('g/p', { branch: 'feature', commits: ['feat'] });
    const mr = fake.openMergeRequest('g/p', { title: 'Feature', sourceBranch: 'feature', draft: true });
    fake.approve('g/p', mr.iid, { author: 'reviewer' });
    fake.unapprove('g/p', mr.iid, { author: 'reviewer' });
    fake.mergeMergeRequest('g/p', mr.iid);

    const events = (await api('/projects/g%2Fp/events?sort=asc')).body as Record<string, unknown>[];
    expect(events.map((e) => e.action_name)).toEqual([
      'created',
      'pushed to',
      'opened',
      'commented on',
      'pushed new',
      'opened',
      'approved',
      'pushed to',
      'accepted',
    ]);
    expect(events[1]?.push_data).toMatchObject({
      commit_count: 3,
      ref: 'main',
      commit_to: commits[2]?.sha,
      commit_title: 'three',
    });
    expect(events[3]?.note).toMatchObject({
      id: note.id,
      noteable_type: 'Issue',
      noteable_iid: issue.iid,
      confidential: true,
    });
    expect((await api(`/projects/g%2Fp/repository/compare?from=${commits[0]?.sha}&to=no-such-ref`)).status).toBe(404);
    const range = (await api(`/projects/g%2Fp/repository/compare?from=${commits[0]?.sha}&to=${commits[2]?.sha}`))
      .body as { commits: { title: string }[] };
    expect(range.commits.map((c) => c.title)).toEqual(['two', 'three']);
    expect((await api(`/projects/g%2Fp/issues?iids[]=${issue.iid}`)).body).toMatchObject([
      { iid: issue.iid, confidential: true, labels: ['bug'] },
    ]);
    expect((await api(`/projects/g%2Fp/merge_requests/${mr.iid}`)).body).toMatchObject({
      state: 'merged',
      title: 'Draft: Feature',
    });
    expect((await api(`/projects/g%2Fp/merge_requests/${mr.iid}/approvals`)).body).toMatchObject({
      approved: false,
      approved_by: [],
    });
    expect(fake.actions.map((a) => a.kind)).toContain('mr.unapproved');
  });

  it("serves MR approvals in GitLab's shape; unapproving writes no feed row and touches the MR at most once a minute", async () => {
    fake.createProject('g/p');
    const mr = fake.openMergeRequest('g/p', { title: 'Approve me', sourceBranch: 'feature' });
    clock.advance(5 * 60_000);
    fake.approve('g/p', mr.iid, { author: 'alice' });
    const approvedAt = new Date(clock.now()).toISOString();
    clock.advance(10_000);
    fake.approve('g/p', mr.iid); // the token's own user
    const alice = fake.store.user('alice');
    const approvals = await api(`/projects/g%2Fp/merge_requests/${mr.iid}/approvals`);
    expect(approvals.status).toBe(200);
    expect(approvals.body).toMatchObject({
      id: mr.id,
      iid: mr.iid,
      project_id: fake.project('g/p').id,
      title: 'Approve me',
      state: 'opened',
      approved: true,
      approvals_required: 0,
      approvals_left: 0,
      user_has_approved: true,
      user_can_approve: false,
      approved_by: [
        {
          user: { id: alice.id, username: 'alice', name: 'Alice', web_url: `${fake.url}/alice` },
          approved_at: approvedAt,
        },
        { user: { username: 'fake-user' }, approved_at: new Date(clock.now()).toISOString() },
      ],
    });
    // The first approval touched the MR; the second came within a minute (GitLab's throttled touch).
    expect((approvals.body as { updated_at: string }).updated_at).toBe(approvedAt);

    clock.advance(30_000);
    fake.unapprove('g/p', mr.iid, { author: 'alice' });
    expect(fake.project('g/p').mergeRequests[0]?.updatedAt).toBe(approvedAt);
    clock.advance(60_000);
    fake.unapprove('g/p', mr.iid);
    expect(fake.project('g/p').mergeRequests[0]?.updatedAt).toBe(new Date(clock.now()).toISOString());
    const none = await api(`/projects/g%2Fp/merge_requests/${mr.iid}/approvals`);
    expect(none.body).toMatchObject({
      approved: false,
      approved_by: [],
      user_has_approved: false,
      user_can_approve: true,
    });
    const feed = (await api('/projects/g%2Fp/events?sort=asc')).body as { action_name: string }[];
    expect(feed.map((e) => e.action_name)).toEqual(['created', 'opened', 'approved', 'approved']);
    expect(fake.actions.filter((a) => a.kind === 'mr.unapproved').map((a) => a.eventId)).toEqual([null, null]);

    // Unapproving twice, or after the merge, changes nothing.
    fake.unapprove('g/p', mr.iid, { author: 'alice' });
    expect(fake.actions.filter((a) => a.kind === 'mr.unapproved')).toHaveLength(2);
    fake.approve('g/p', mr.iid, { author: 'alice' });
    fake.mergeMergeRequest('g/p', mr.iid);
    fake.unapprove('g/p', mr.iid, { author: 'alice' });
    expect(fake.project('g/p').mergeRequests[0]?.approvals.map((a) => a.user.username)).toEqual(['alice']);

    const missing = await api('/projects/g%2Fp/merge_requests/999/approvals');
    expect([missing.status, missing.body]).toEqual([404, { message: '404 Not found' }]);
    expect((await api('/projects/g%2Fnope/merge_requests/1/approvals')).status).toBe(404);
  });

  it('serves pipelines and deployments only from their own endpoints, with updated_after', async () => {
    fake.createProject('g/p');
    const pipeline = fake.runPipeline('g/p', {
      status: 'running',
      jobs: [{ name: 'lint', stage: 'test', status: 'running' }],
    });
    clock.advance(90_000);
    fake.updatePipeline('g/p', pipeline.id, {
      status: 'failed',
      jobs: [{ name: 'lint', stage: 'test', status: 'failed' }],
    });
    const deployment = fake.deploy('g/p', { environment: 'production' });
    const events = (await api('/projects/g%2Fp/events')).body as { action_name: string }[];
    expect(events.map((e) => e.action_name)).toEqual(['created']);
    const list = (await api('/projects/g%2Fp/pipelines?updated_after=2025-03-10T09:00:30Z&order_by=updated_at'))
      .body as { id: number; status: string; duration?: number }[];
    expect(list).toMatchObject([{ id: pipeline.id, status: 'failed' }]);
    expect(list[0]?.duration).toBeUndefined();
    expect((await api(`/projects/g%2Fp/pipelines/${pipeline.id}`)).body).toMatchObject({
      duration: 90,
      finished_at: '2025-03-10T09:01:30.000Z',
    });
    expect((await api(`/projects/g%2Fp/pipelines/${pipeline.id}/jobs?scope[]=failed`)).body).toMatchObject([
      { name: 'lint', stage: 'test', status: 'failed' },
    ]);
    expect((await api('/projects/g%2Fp/deployments?updated_after=2025-03-10T00:00:00Z')).status).toBe(400);
    expect(
      (await api('/projects/g%2Fp/deployments?updated_after=2025-03-10T00:00:00Z&order_by=updated_at')).body,
    ).toMatchObject([{ id: deployment.id, status: 'running', environment: { name: 'production' } }]);
  });

  it('throttles with RateLimit-* headers and answers 429 with Retry-After and RateLimit-ResetTime', async () => {
    fake.configureRateLimit({ limit: 2, windowMs: 60_000 });
    const ok = await api('/user');
    expect(ok.headers.get('ratelimit-limit')).toBe('2');
    expect(ok.headers.get('ratelimit-remaining')).toBe('1');
    expect(ok.headers.get('ratelimit-name')).toBe('throttle_authenticated_api');
    await api('/user');
    const limited = await api('/user');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('60');
    expect(limited.headers.get('ratelimit-resettime')).toBe(new Date(clock.now() + 60_000).toUTCString());
    clock.advance(60_000);
    expect((await api('/user')).status).toBe(200);
  });

  it('injects failures, counts requests per path and refuses writes without the api scope', async () => {
    fake.createProject('g/p');
    fake.failNext(/\/events/, { status: 502, rawBody: '<html>Bad gateway</html>' });
    const failed = await api('/projects/g%2Fp/events');
    expect([failed.status, failed.headers.get('content-type')]).toEqual([502, 'text/html; charset=utf-8']);
    expect((await api('/projects/g%2Fp/events')).status).toBe(200);
    expect(fake.stats.byPath.get('/api/v4/projects/g/p/events')).toBe(2);
    fake.setScopes(['read_api']);
    const write = await api('/projects/g%2Fp/issues', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'x' }),
    });
    expect([write.status, (write.body as { error: string }).error]).toEqual([403, 'insufficient_scope']);
  });

  it('GraphQL: any token the fake knows gets in; merge requests and issues answer as GitLab Free, with its nulls and errors', async () => {
    fake.createProject('group/app');
    const mr = fake.openMergeRequest('group/app', {
      title: 'Change',
      sourceBranch: 'x',
      author: 'carol',
      reviewers: ['bob'],
    });
    fake.approve('group/app', mr.iid, { author: 'bob' });
    fake.openIssue('group/app', { title: 'Assigned', author: 'carol', assignees: ['alice'] });
    fake.openIssue('group/app', { title: 'Nobody', author: 'carol' });
    fake.addToken('glpat-alice-own-token0001', 'alice', ['read_api']);
    const ask = async (query: string, token: string | null, variables: Record<string, unknown> = {}) => {
      const response = await fetch(`${fake.url}/api/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    const query = `query($p: ID!) { project(fullPath: $p) {
      mergeRequests(state: opened, first: 1) { pageInfo { hasNextPage endCursor } nodes { iid draft state
        reviewers { nodes { username } } approvedBy { nodes { username } } approved approvalsLeft approvalsRequired
        headPipeline { status } } }
      issues(state: opened, assigneeWildcardId: ANY) { nodes { iid title assignees { nodes { username } } } } } }`;
    expect((await ask(query, 'glpat-unknown', { p: 'group/app' })).status).toBe(401);
    const answer = await ask(query, 'glpat-alice-own-token0001', { p: 'group/app' });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      data: {
        project: {
          mergeRequests: {
            pageInfo: { hasNextPage: false, endCursor: expect.any(String) },
            nodes: [
              {
                iid: String(mr.iid),
                draft: false,
                state: 'opened',
                reviewers: { nodes: [{ username: 'bob' }] },
                approvedBy: { nodes: [{ username: 'bob' }] },
                approved: true,
                approvalsLeft: null,
                approvalsRequired: null,
                headPipeline: null,
              },
            ],
          },
          issues: { nodes: [{ iid: '1', title: 'Assigned', assignees: { nodes: [{ username: 'alice' }] } }] },
        },
      },
    });
    // A project nobody has: null, no error (as GitLab answers).
    expect((await ask(query, fake.token, { p: 'group/none' })).body).toEqual({ data: { project: null } });
    // Errors as GitLab words them, in an `errors` array with no data.
    expect(
      (await ask('{ project(fullPath: "group/app") { mergeRequests { nodes { approvalRules } } } }', fake.token)).body,
    ).toEqual({
      errors: [{ message: "Field 'approvalRules' doesn't exist on type 'MergeRequest'" }],
    });
    fake.setGraphqlMaxComplexity(10);
    expect((await ask(query, fake.token, { p: 'group/app' })).body).toEqual({
      errors: [{ message: expect.stringMatching(/^Query has complexity of \d+, which exceeds max complexity of 10$/) }],
    });
  });
});
