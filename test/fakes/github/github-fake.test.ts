import { afterEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_GITHUB_TOKEN,
  ManualClock,
  startGitHubFake,
  type GitHubFake,
  type GitHubFakeOptions,
} from './index.js';

const REPO = 'octo-org/hello-world';
let fake: GitHubFake;
const clock = new ManualClock(Date.parse('2025-06-02T09:00:00Z'));

async function start(options: GitHubFakeOptions = {}): Promise<GitHubFake> {
  fake = await startGitHubFake({ now: clock.now, ...options });
  fake.createRepo(REPO, { protectedBranches: ['main'] });
  return fake;
}
afterEach(() => fake.close());

async function get(path: string, headers: Record<string, string> = {}, token: string | null = DEFAULT_GITHUB_TOKEN) {
  const response = await fetch(path.startsWith('http') ? path : `${fake.apiUrl}${path}`, {
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
  });
  const text = await response.text();
  const json = response.headers.get('content-type')?.includes('json') && text ? (JSON.parse(text) as unknown) : null;
  return { status: response.status, headers: response.headers, text, json };
}

async function send(method: string, path: string, body: unknown) {
  const response = await fetch(`${fake.apiUrl}${path}`, {
    method,
    headers: { authorization: `token ${DEFAULT_GITHUB_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

describe('GitHub fake: protocol', () => {
  it('authenticates tokens, sends scopes and rate-limit headers, and does not bill 304s', async () => {
    await start({
      tokens: {
        [DEFAULT_GITHUB_TOKEN]: { login: 'octocat', scopes: ['repo'] },
        github_pat_fine: { login: 'fine', scopes: null },
      },
    });
    expect((await get('/user', {}, null)).status).toBe(401);
    expect((await get('/user', {}, 'ghp_wrong')).json).toMatchObject({ message: 'Bad credentials' });

    const first = await get(`/repos/${REPO}/events`);
    expect(first.status).toBe(200);
    expect(first.headers.get('x-oauth-scopes')).toBe('repo');
    expect(first.headers.get('x-poll-interval')).toBe('60');
    expect(first.headers.get('x-ratelimit-remaining')).toBe('4999');
    expect(first.headers.get('x-ratelimit-used')).toBe('1');
    expect(first.headers.get('x-ratelimit-resource')).toBe('core');
    const etag = first.headers.get('etag') ?? '';
    expect(etag).toMatch(/^W\/"[0-9a-f]{40}"$/);

    const again = await get(`/repos/${REPO}/events`, { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.text).toBe('');
    expect(again.headers.get('x-ratelimit-remaining')).toBe('4999');
    expect(fake.stats).toMatchObject({ billable: 1, notModified: 1, unauthorized: 2, total: 4 });

    fake.openIssue(REPO, { title: 'change' });
    expect((await get(`/repos/${REPO}/events`, { 'if-none-match': etag })).status).toBe(200);
    const fine = await get('/user', {}, 'github_pat_fine');
    expect(fine.headers.get('x-oauth-scopes')).toBeNull();
    expect(fine.json).toMatchObject({ login: 'fine' });
  });

  it('exhausts the primary limit with 403 and remaining 0, then resets', async () => {
    await start({ rateLimit: { limit: 2, windowSeconds: 60 } });
    await get('/user');
    await get('/user');
    const blocked = await get('/user');
    expect(blocked.status).toBe(403);
    expect(blocked.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(blocked.json).toMatchObject({ message: expect.stringContaining('API rate limit exceeded') });
    clock.advance(61_000);
    expect((await get('/user')).status).toBe(200);
  });

  it('injects failures: HTML pages, truncated JSON, secondary limits', async () => {
    await start();
    fake.failNext(/\/events$/, { status: 502, rawBody: '<html>Bad gateway</html>', times: 2 });
    fake.secondaryLimit(/\/user$/, { retryAfterSeconds: 17 });
    const html = await fetch(`${fake.apiUrl}/repos/${REPO}/events`, {
      headers: { authorization: `Bearer ${DEFAULT_GITHUB_TOKEN}` },
    });
    expect(html.status).toBe(502);
    expect(html.headers.get('content-type')).toContain('text/html');
    expect((await get(`/repos/${REPO}/events`)).status).toBe(502);
    expect((await get(`/repos/${REPO}/events`)).status).toBe(200);
    const secondary = await get('/user');
    expect(secondary.status).toBe(403);
    expect(secondary.headers.get('retry-after')).toBe('17');
    fake.failNext('/issues', { status: 200, rawBody: '[{"id": 1, "tit' });
    const truncated = await fetch(`${fake.apiUrl}/repos/${REPO}/issues`, {
      headers: { authorization: `Bearer ${DEFAULT_GITHUB_TOKEN}` },
    });
    expect(await truncated.text()).toBe('[{"id": 1, "tit');
    expect(fake.stats.injected).toBe(4);
  });

  it('serves GHES under /api/v3 only', async () => {
    await start({ prefix: '/api/v3' });
    expect(fake.apiUrl).toBe(`${fake.webUrl}/api/v3`);
    expect((await get(`/repos/${REPO}`)).json).toMatchObject({
      full_name: REPO,
      html_url: `${fake.webUrl}/${REPO}`,
      url: `${fake.apiUrl}/repos/${REPO}`,
    });
    expect((await get(`${fake.webUrl}/repos/${REPO}`)).status).toBe(404);
  });
});

describe('GitHub fake: events feed', () => {
  it('pages newest first with Link headers, at most 100 per page and 300 events', async () => {
    await start();
    for (let i = 0; i < 349; i++) fake.openIssue(REPO, { title: `#${i}` });
    const page1 = await get(`/repos/${REPO}/events?per_page=500`);
    const events = page1.json as { id: string; type: string }[];
    expect(events).toHaveLength(100);
    expect(Number(events[0]?.id)).toBeGreaterThan(Number(events[1]?.id));
    const link = page1.headers.get('link') ?? '';
    expect(link).toContain('rel="next"');
    expect(link).toContain('page=3');
    const next = /<([^>]+)>; rel="next"/.exec(link)?.[1] ?? '';
    const page2 = await get(next);
    expect((page2.json as unknown[]).length).toBe(100);
    const page3 = await get(`/repos/${REPO}/events?per_page=100&page=3`);
    expect(page3.headers.get('link')).not.toContain('rel="next"');
    expect((await get(`/repos/${REPO}/events?per_page=100&page=4`)).status).toBe(422);
    expect((await get(`/repos/${REPO}/events`)).json).toHaveLength(30);
  });

  it('keeps 30 days, applies the event lag, and records each action with its time', async () => {
    await start({ eventLagMs: 45_000 });
    const issue = fake.openIssue(REPO, { title: 'lagging' });
    const action = fake.actions.at(-1);
    expect(action).toMatchObject({ type: 'openIssue', repo: REPO, at: clock.now(), ref: issue.number });
    expect((await get(`/repos/${REPO}/events`)).json).toEqual([]);
    // The resource itself is there at once.
    expect((await get(`/repos/${REPO}/issues/${issue.number}`)).json).toMatchObject({ title: 'lagging' });
    clock.advance(45_000);
    const feed = (await get(`/repos/${REPO}/events`)).json as { id: string; type: string; created_at: string }[];
    expect(feed.map((e) => e.id)).toContain(action?.eventIds[0]);
    expect(feed[0]?.created_at).toBe(new Date(action?.at ?? 0).toISOString().replace('.000Z', 'Z'));
    clock.advance(31 * 86_400_000);
    expect((await get(`/repos/${REPO}/events`)).json).toEqual([]);
  });

  it('has thin PushEvent and PullRequestEvent payloads, and no workflow run events', async () => {
    await start();
    const pushed = fake.push(REPO, 'main', 2);
    const pull = fake.openPull(REPO, { title: 'Thin', head: 'topic' });
    fake.workflowRun(REPO, { branch: 'main', conclusion: 'success' });
    const feed = (await get(`/repos/${REPO}/events?per_page=100`)).json as {
      type: string;
      payload: Record<string, unknown>;
    }[];
    expect(feed.some((e) => /Workflow|Check/.test(e.type))).toBe(false);
    const push = feed.find((e) => e.type === 'PushEvent' && e.payload.head === pushed.head);
    expect(Object.keys(push?.payload ?? {}).sort()).toEqual(['before', 'head', 'push_id', 'ref', 'repository_id']);
    const opened = feed.find((e) => e.type === 'PullRequestEvent');
    expect(Object.keys((opened?.payload.pull_request as object) ?? {}).sort()).toEqual([
      'base',
      'head',
      'id',
      'number',
      'url',
    ]);
    expect(opened?.payload).toMatchObject({
      action: 'opened',
      number: pull.number,
      pull_request: { head: { ref: 'topic' }, base: { ref: 'main' } },
    });
  });

  it('serves org feeds: public events only, or the member view for the authenticated user', async () => {
    await start();
    fake.createRepo('octo-org/secret', { private: true });
    fake.openIssue('octo-org/secret', { title: 'hidden' });
    fake.openIssue(REPO, { title: 'visible' });
    const orgFeed = (await get('/orgs/octo-org/events')).json as { repo: { name: string } }[];
    expect(new Set(orgFeed.map((e) => e.repo.name))).toEqual(new Set([REPO]));
    const member = (await get('/users/octocat/events/orgs/octo-org')).json as { repo: { name: string } }[];
    expect(new Set(member.map((e) => e.repo.name))).toEqual(new Set([REPO, 'octo-org/secret']));
    expect((await get('/users/someone-else/events/orgs/octo-org')).status).toBe(404);
  });
});

describe('GitHub fake: resources agree with the feed', () => {
  it('lists issues with PRs marked, filters by state and since, and changes state through PATCH', async () => {
    await start();
    const issue = fake.openIssue(REPO, { title: 'Bug', labels: ['bug'] });
    const pull = fake.openPull(REPO, { title: 'Fix', head: 'fix' });
    clock.advance(10_000);
    const cut = new Date(clock.now()).toISOString();
    const patched = await send('PATCH', `/repos/${REPO}/issues/${issue.number}`, { state: 'closed' });
    expect(patched.json).toMatchObject({ state: 'closed', closed_at: expect.any(String) });
    const all = (await get(`/repos/${REPO}/issues?state=all`)).json as { number: number; pull_request?: unknown }[];
    expect(all.map((i) => [i.number, 'pull_request' in i])).toEqual([
      [pull.number, true],
      [issue.number, false],
    ]);
    expect(((await get(`/repos/${REPO}/issues`)).json as unknown[]).length).toBe(1);
    expect(
      ((await get(`/repos/${REPO}/issues?state=all&since=${cut}`)).json as { number: number }[]).map((i) => i.number),
    ).toEqual([issue.number]);
    const feed = (await get(`/repos/${REPO}/events`)).json as { type: string; payload: { action?: string } }[];
    expect(feed[0]).toMatchObject({ type: 'IssuesEvent', payload: { action: 'closed' } });
    const created = await send('POST', `/repos/${REPO}/issues`, { title: 'New', body: 'x' });
    expect(created).toMatchObject({ status: 201, json: { number: pull.number + 1, user: { login: 'octocat' } } });
    expect((await send('POST', `/repos/${REPO}/issues`, {})).status).toBe(422);
    expect((await get(`/repos/${REPO}/pulls/${issue.number}`)).status).toBe(404);
  });

  it('merges pulls into the commit graph: compare, commits, branches', async () => {
    await start();
    const pull = fake.openPull(REPO, { title: 'Feature', head: 'feature', commits: ['one', 'two'] });
    const before = fake.world.repo(REPO).branches.get('main') ?? '';
    const merge = fake.mergePull(REPO, pull.number);
    const compare = (await get(`/repos/${REPO}/compare/${before}...${merge}`)).json as {
      total_commits: number;
      commits: { commit: { message: string } }[];
    };
    expect(compare.total_commits).toBe(3);
    expect(compare.commits.map((c) => c.commit.message.split('\n')[0])).toEqual([
      'one',
      'two',
      `Merge pull request #${pull.number} from octo-org/feature`,
    ]);
    expect((await get(`/repos/${REPO}/compare/main...feature`)).json).toMatchObject({
      status: 'behind',
      total_commits: 0,
    });
    expect((await get(`/repos/${REPO}/commits/${merge}`)).json).toMatchObject({
      sha: merge,
      parents: [{ sha: before }, {}],
    });
    expect((await get(`/repos/${REPO}/pulls/${pull.number}`)).json).toMatchObject({
      merged: true,
      state: 'closed',
      merge_commit_sha: merge,
    });
    expect((await get(`/repos/${REPO}/branches?protected=true`)).json).toEqual([
      { name: 'main', commit: { sha: merge, url: expect.any(String) }, protected: true },
    ]);
    const feedTypes = ((await get(`/repos/${REPO}/events`)).json as { type: string; payload: { action?: string } }[])
      .slice(0, 2)
      .map((e) => e.type);
    expect(feedTypes).toEqual(['PullRequestEvent', 'PushEvent']);
  });

  it('serves workflow runs with filters and jobs, deployments with statuses, releases', async () => {
    await start();
    const run = fake.workflowRun(REPO, { branch: 'main', status: 'in_progress', jobs: [{ name: 'a' }, { name: 'b' }] });
    fake.workflowRun(REPO, { branch: 'main', conclusion: 'success' });
    expect(
      ((await get(`/repos/${REPO}/actions/runs?status=completed`)).json as { total_count: number }).total_count,
    ).toBe(1);
    fake.updateWorkflowRun(REPO, run.id, { status: 'completed', conclusion: 'failure' });
    expect(
      (
        (await get(`/repos/${REPO}/actions/runs?status=failure`)).json as { workflow_runs: { id: number }[] }
      ).workflow_runs.map((r) => r.id),
    ).toEqual([run.id]);
    const jobs = (await get(`/repos/${REPO}/actions/runs/${run.id}/jobs`)).json as {
      jobs: { name: string; conclusion: string }[];
    };
    expect(jobs.jobs.map((j) => [j.name, j.conclusion])).toEqual([
      ['a', 'failure'],
      ['b', 'failure'],
    ]);
    const deployment = fake.deploy(REPO, { environment: 'production', ref: 'main', state: 'queued' });
    fake.deploymentStatus(REPO, deployment.id, 'success');
    expect((await get(`/repos/${REPO}/deployments`)).json).toMatchObject([
      { id: deployment.id, environment: 'production', ref: 'main' },
    ]);
    expect(
      ((await get(`/repos/${REPO}/deployments/${deployment.id}/statuses`)).json as { state: string }[]).map(
        (s) => s.state,
      ),
    ).toEqual(['success', 'queued']);
    fake.publishRelease(REPO, { tag: 'v1', name: 'One' });
    expect((await get(`/repos/${REPO}/releases`)).json).toMatchObject([{ tag_name: 'v1', name: 'One' }]);
    expect(((await get('/user/repos')).json as { full_name: string }[]).map((r) => r.full_name)).toEqual([REPO]);
  });

  it('hides private repos from classic tokens without the repo scope', async () => {
    await start({ tokens: { ghp_public: { login: 'pub', scopes: ['public_repo'] } } });
    fake.createRepo('octo-org/private', { private: true });
    expect((await get('/repos/octo-org/private', {}, 'ghp_public')).status).toBe(404);
    expect((await get(`/repos/${REPO}`, {}, 'ghp_public')).status).toBe(200);
  });
});
