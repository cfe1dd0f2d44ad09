import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startGitLabHarness, type GitLabHarness } from '../../../../test/fakes/gitlab/adapter-harness.js';
import { ForgeError } from '../forge-error.js';
import { createGitLabAdapter } from './adapter.js';

let h: GitLabHarness;
const REPO = 'acme/web';

beforeEach(async () => {
  h = await startGitLabHarness({ start: '2025-03-10T09:00:00.000Z' });
  h.fake.createProject(REPO);
});
afterEach(() => h.close());

async function rejection(promise: Promise<unknown>): Promise<ForgeError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof ForgeError)) throw new Error(`expected a ForgeError, got ${String(error)}`);
  return error;
}

describe('GitLab adapter: failures', () => {
  it.each([
    ['a 502 with an HTML page', { status: 502, rawBody: '<html><body>502 Bad Gateway</body></html>' }, 'server_error'],
    [
      'a 200 HTML login page from a proxy',
      { status: 200, rawBody: '<!DOCTYPE html><html><body>Sign in</body></html>' },
      'bad_response',
    ],
    ['truncated JSON', { status: 200, rawBody: '[{"id": 12, "action_name": "opened", "target_ty' }, 'bad_response'],
    ['a JSON object instead of a list', { status: 200, rawBody: '{"message":"maintenance"}' }, 'bad_response'],
  ] as const)(
    'turns %s into a ForgeError and recovers on the next poll without loss or repeat',
    async (_label, failure, code) => {
      const poller = h.poller(REPO, { wanted: ['issues'] });
      const issue = h.fake.openIssue(REPO, { title: 'during the outage' });
      h.clock.advance(1000);
      h.fake.failNext(/\/events/, failure);
      const error = await rejection(poller.poll());
      expect(error.code).toBe(code);
      expect(error.transient).toBe(true);
      const recovered = await poller.poll();
      expect(recovered.events.map((e) => e.number)).toEqual([issue.iid]);
      expect((await poller.poll()).events).toEqual([]);
    },
  );

  it('fails the whole poll when hydration fails, so nothing is half-delivered', async () => {
    const poller = h.poller(REPO, { wanted: ['issues'] });
    h.fake.openIssue(REPO, { title: 'x' });
    h.clock.advance(1000);
    h.fake.failNext(/\/issues/, { status: 503 });
    expect((await rejection(poller.poll())).code).toBe('server_error');
    expect((await poller.poll()).events).toHaveLength(1);
  });

  it('turns a 429 into rate_limited with the retry time, and reports the limit', async () => {
    h.fake.configureRateLimit({ limit: 100, windowMs: 60_000 });
    const poller = h.poller(REPO, { wanted: ['issues'] });
    await poller.poll();
    expect(h.adapter.rateLimit()).toMatchObject({ limit: 100, remaining: 99 });
    h.fake.exhaustRateLimit();
    const error = await rejection(poller.poll());
    expect(error.code).toBe('rate_limited');
    expect(error.details.retryAt).toBe(h.clock.now() + 60_000);
    expect(h.adapter.rateLimit()).toMatchObject({
      remaining: 0,
      resetAt: new Date(h.clock.now() + 60_000).toISOString(),
    });

    h.fake.failNext(/\/events/, { status: 429, headers: { 'Retry-After': '7' } });
    expect((await rejection(poller.poll())).details.retryAt).toBe(h.clock.now() + 7_000);
    h.clock.advance(60_000);
    await expect(poller.poll()).resolves.toMatchObject({ events: [] });
  });

  it('skips malformed feed entries with a logged reason and keeps the good ones', async () => {
    const poller = h.poller(REPO, { wanted: ['commits'] });
    const { event } = h.fake.push(REPO, { branch: 'main', commits: ['good one'] });
    h.clock.advance(1000);
    const feed = await fetch(`${h.fake.apiUrl}/projects/${encodeURIComponent(REPO)}/events`, {
      headers: { 'PRIVATE-TOKEN': h.fake.token },
    }).then((r) => r.json() as Promise<unknown[]>);
    h.fake.failNext(/\/events/, {
      status: 200,
      rawBody: JSON.stringify([
        { id: 'not-a-number', action_name: 42 },
        { id: 999_999, action_name: 'pushed to', created_at: 'yesterday-ish' },
        ...feed,
      ]),
    });
    const { events } = await poller.poll();
    expect(events.map((e) => e.id)).toEqual([`work:gl:${event.id}`]);
    const warnings = h.logs.filter((l) => l.message === 'gitlab: skipped a malformed entry');
    expect(warnings).toHaveLength(2);
    expect(JSON.stringify(warnings[0]?.fields)).toContain('id');
  });

  it('reports a wrong token as unauthorized and a read-only token as missing_scope on writes', async () => {
    const stranger = createGitLabAdapter({
      accountId: 'x',
      apiUrl: h.fake.apiUrl,
      token: 'glpat-wrongwrongwrong',
      clock: h.clock,
      logger: { debug() {}, info() {}, warn() {}, error() {} },
    });
    const unauthorized = await rejection(stranger.whoami());
    expect(unauthorized.code).toBe('unauthorized');
    expect(unauthorized.message).not.toContain('glpat-wrongwrongwrong');

    const issue = h.fake.openIssue(REPO, { title: 'x' });
    h.fake.setScopes(['read_api']);
    expect((await h.adapter.whoami()).scopes).toEqual(['read_api']);
    const denied = await rejection(h.adapter.setIssueState(REPO, issue.iid, 'issue', 'closed'));
    expect(denied.code).toBe('missing_scope');
    expect(h.fake.project(REPO).issues[0]?.state).toBe('opened');
  });

  it('treats an unknown project as not_found with a plain message', async () => {
    const error = await rejection(h.adapter.resolveRepo('acme/missing'));
    expect(error.code).toBe('not_found');
    expect(error.message).toContain('acme/missing');
    expect((await rejection(h.poller('acme/missing').poll())).code).toBe('not_found');
  });
});
