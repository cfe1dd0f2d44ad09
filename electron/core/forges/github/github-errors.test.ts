import { afterEach, describe, expect, it } from 'vitest';
import { startGitHubHarness, type GitHubHarness } from '../../../../test/fakes/github/adapter-harness.js';
import { ForgeError } from '../forge-error.js';

const REPO = 'octo-org/hello-world';
let h: GitHubHarness;

async function start(options: Parameters<typeof startGitHubHarness>[0] = {}): Promise<GitHubHarness> {
  h = await startGitHubHarness(options);
  h.fake.createRepo(REPO);
  return h;
}
afterEach(() => h.close());

async function pollError(promise: Promise<unknown>): Promise<ForgeError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ForgeError);
  return error as ForgeError;
}

describe('GitHub adapter: failures', () => {
  it('turns an HTML 502 page into a server_error; the next poll delivers what happened meanwhile', async () => {
    await start();
    await h.poll(REPO, ['issues']);
    h.fake.openIssue(REPO, { title: 'During the outage' });
    h.fake.failNext(/\/events$/, { status: 502, rawBody: '<html><body><h1>502 Bad Gateway</h1></body></html>' });
    h.clock.advance(60_000);
    const error = await pollError(h.poll(REPO, ['issues']));
    expect(error.code).toBe('server_error');
    expect(error.transient).toBe(true);

    h.clock.advance(60_000);
    const next = await h.poll(REPO, ['issues']);
    expect(next.events.map((e) => e.title)).toEqual(['During the outage']);
  });

  it('turns truncated JSON and an HTML page with status 200 into bad_response', async () => {
    await start();
    await h.poll(REPO, ['issues']);
    h.fake.openIssue(REPO, { title: 'Still delivered' });
    h.clock.advance(60_000);
    h.fake.failNext(/\/events$/, { status: 200, rawBody: '[{"id":"1","type":"PushEv' });
    expect((await pollError(h.poll(REPO, ['issues']))).code).toBe('bad_response');
    h.fake.failNext(/\/events$/, { status: 200, rawBody: '<!DOCTYPE html><html><body>Sign in</body></html>' });
    expect((await pollError(h.poll(REPO, ['issues']))).code).toBe('bad_response');
    expect((await h.poll(REPO, ['issues'])).events.map((e) => e.title)).toEqual(['Still delivered']);
  });

  it('fails the whole poll when hydration hits a 5xx, so nothing is lost or half-filled', async () => {
    await start();
    await h.poll(REPO, ['pulls']);
    const pull = h.fake.openPull(REPO, { title: 'Needs hydration', head: 'x', labels: ['ui'] });
    h.clock.advance(60_000);
    h.fake.failNext(new RegExp(`/pulls/${pull.number}$`), { status: 500 });
    expect((await pollError(h.poll(REPO, ['pulls']))).code).toBe('server_error');
    const next = await h.poll(REPO, ['pulls']);
    expect(next.events.map((e) => [e.title, e.labels])).toEqual([['Needs hydration', ['ui']]]);
  });

  it('falls back to the thin payload when the pull request cannot be read (404)', async () => {
    await start();
    await h.poll(REPO, ['pulls']);
    const pull = h.fake.openPull(REPO, { title: 'Gone', head: 'gone' });
    h.clock.advance(60_000);
    h.fake.failNext(new RegExp(`/pulls/${pull.number}$`), { status: 404, body: { message: 'Not Found' } });
    const result = await h.poll(REPO, ['pulls']);
    expect(result.events[0]).toMatchObject({
      title: `Pull request #${pull.number}`,
      branch: 'main',
      subjectKey: `pull:${pull.number}`,
    });
  });

  it('still reports a push whose comparison cannot be read, without the commit list', async () => {
    await start();
    await h.poll(REPO, ['commits']);
    h.fake.push(REPO, 'main', 2);
    h.clock.advance(60_000);
    h.fake.failNext(/\/compare\//, { status: 404, body: { message: 'Not Found' } });
    const result = await h.poll(REPO, ['commits']);
    expect(result.events.map((e) => [e.title, e.details.kind === 'push' && e.details.commits.length])).toEqual([
      ['New commits pushed to main', 0],
    ]);
  });

  it('reports primary rate-limit exhaustion (403) as rate_limited with the reset time', async () => {
    await start();
    await h.poll(REPO, ['issues']);
    h.fake.setRateLimit({ remaining: 0, resetInSeconds: 600 });
    const error = await pollError(h.poll(REPO, ['issues']));
    expect(error.code).toBe('rate_limited');
    expect(error.details.status).toBe(403);
    expect(error.details.retryAt).toBe(Math.ceil((h.clock.now() + 600_000) / 1000) * 1000);
    expect(h.adapter.rateLimit()).toMatchObject({
      limit: 5000,
      remaining: 0,
      resetAt: new Date(error.details.retryAt ?? 0).toISOString(),
    });

    h.clock.advance(601_000);
    await expect(h.poll(REPO, ['issues'])).resolves.toMatchObject({ events: [] });
    // A fresh window, and the unchanged feed answered 304, which costs nothing.
    expect(h.adapter.rateLimit().remaining).toBe(5000);
  });

  it('reports exhaustion answered with 429 the same way', async () => {
    await start({ fake: { rateLimit: { exhaustedStatus: 429, limit: 2 } } });
    await h.poll(REPO, ['issues']);
    h.fake.openIssue(REPO, { title: 'x' });
    h.clock.advance(1_000);
    await h.poll(REPO, ['issues']).catch(() => undefined);
    const error = await pollError(h.poll(REPO, ['issues']));
    expect(error).toMatchObject({ code: 'rate_limited', details: { status: 429 } });
    expect(error.details.retryAt).toBeGreaterThan(h.clock.now());
  });

  it('reports a secondary rate limit with the retry-after delay', async () => {
    await start();
    h.fake.secondaryLimit(/\/events$/, { retryAfterSeconds: 30 });
    const error = await pollError(h.poll(REPO, ['issues']));
    expect(error).toMatchObject({ code: 'rate_limited', details: { retryAt: h.clock.now() + 30_000 } });
  });

  it('reports a bad token as unauthorized', async () => {
    await start({ token: 'ghp_notARealToken0000000000000000000000' });
    expect((await pollError(h.adapter.whoami())).code).toBe('unauthorized');
    expect((await pollError(h.poll(REPO, ['issues']))).code).toBe('unauthorized');
  });

  it('starts afresh from an unreadable cursor instead of failing', async () => {
    await start();
    const result = await h.adapter.poll({
      repo: REPO,
      cursor: { something: 'else' },
      since: new Date(h.clock.now()),
      wanted: new Set(['issues']),
    });
    expect(result.events).toEqual([]);
    expect(h.logs.some((l) => l.level === 'warn' && l.message.includes('unreadable poll cursor'))).toBe(true);
  });
});
