import { afterEach, describe, expect, it } from 'vitest';
import { startGitHubHarness, type GitHubHarness } from '../../../../test/fakes/github/adapter-harness.js';
import { DEFAULT_GITHUB_TOKEN, type NotModifiedHeaders } from '../../../../test/fakes/github/index.js';

/**
 * A 304 Not Modified need not repeat the ETag, Link or X-Poll-Interval of the answer it stands for (GitHub may send a
 * bare 304, or different values): the client keeps using the cached ones. The fake sends bare 304s by default.
 */

const REPO = 'octo-org/hello-world';
let h: GitHubHarness;
afterEach(() => h.close());

async function start(notModifiedHeaders: NotModifiedHeaders): Promise<void> {
  h = await startGitHubHarness({ fake: { notModifiedHeaders } });
  h.fake.createRepo(REPO, { protectedBranches: ['main'] });
}

describe('GitHub fake: what a 304 carries', () => {
  it('bare by default; the same headers again with `repeat`; others with `changed`', async () => {
    await start('bare');
    const get = async (etag?: string) =>
      fetch(`${h.fake.apiUrl}/repos/${REPO}/events?per_page=1`, {
        headers: { authorization: `Bearer ${DEFAULT_GITHUB_TOKEN}`, ...(etag ? { 'if-none-match': etag } : {}) },
      });
    h.fake.openIssue(REPO, { title: 'two events, two pages' });
    const first = await get();
    const etag = first.headers.get('etag') ?? '';
    expect([etag, first.headers.get('link'), first.headers.get('x-poll-interval')]).toEqual([
      expect.stringMatching(/^W\//),
      expect.stringContaining('rel="next"'),
      '60',
    ]);
    const headersOf = (r: Response) => [
      r.status,
      r.headers.get('etag'),
      r.headers.get('link'),
      r.headers.get('x-poll-interval'),
    ];
    expect(headersOf(await get(etag))).toEqual([304, null, null, null]);
    h.fake.notModifiedHeaders = 'repeat';
    expect(headersOf(await get(etag))).toEqual([304, etag, first.headers.get('link'), '60']);
    h.fake.notModifiedHeaders = 'changed';
    const changed = await get(etag);
    expect(changed.status).toBe(304);
    expect(changed.headers.get('etag')).toMatch(/^W\//);
    expect(changed.headers.get('etag')).not.toBe(etag);
    expect(changed.headers.get('link')).not.toContain('rel="next"');
    expect(changed.headers.get('x-poll-interval')).toBe('120');
    // Rate-limit headers are on every answer.
    expect(changed.headers.get('x-ratelimit-remaining')).not.toBeNull();
  });
});

describe('GitHub client: a 304 keeps the cached ETag and Link', () => {
  for (const mode of ['bare', 'changed'] as const) {
    it(`${mode} 304s: an idle repository keeps costing nothing (feed, runs, deployments, statuses)`, async () => {
      await start(mode);
      h.fake.deploy(REPO, { environment: 'production', ref: 'main', state: 'in_progress' });
      const wanted = ['issues', 'pipelines', 'deployments'] as const;
      await h.poll(REPO, [...wanted]);
      const billable = h.fake.stats.billable;
      for (let i = 0; i < 4; i++) {
        h.clock.advance(60_000);
        const idle = await h.poll(REPO, [...wanted]);
        expect(idle.events).toEqual([]);
        expect(idle.requests.billable).toBe(0);
      }
      expect(h.fake.stats.billable).toBe(billable);
      expect(h.fake.stats.notModified).toBeGreaterThanOrEqual(4 * 4);
      // Something new is still seen at once.
      h.fake.openIssue(REPO, { title: 'After the quiet' });
      h.clock.advance(60_000);
      expect((await h.poll(REPO, [...wanted])).events.map((e) => e.title)).toEqual(['After the quiet']);
    });

    it(`${mode} 304s: a paged list read again from the cache still follows its cached Link`, async () => {
      await start(mode);
      const names = Array.from({ length: 130 }, (_, i) => `release/${String(i).padStart(3, '0')}`);
      for (const name of names) {
        h.fake.createBranch(REPO, name);
        h.fake.protectBranch(REPO, name);
      }
      const first = await h.adapter.branches(REPO);
      expect(first.protectedBranches).toHaveLength(131);
      const billable = h.fake.stats.billable;
      const again = await h.adapter.branches(REPO);
      expect(again.protectedBranches).toEqual(first.protectedBranches);
      expect(h.fake.stats.billable).toBe(billable);
    });
  }

  it('bare 304s: the last X-Poll-Interval GitHub sent still holds', async () => {
    await start('bare');
    h.fake.pollIntervalSeconds = 90;
    const first = await h.poll(REPO, ['issues']);
    expect(first.minIntervalSeconds).toBe(90);
    for (let i = 0; i < 2; i++) {
      h.clock.advance(90_000);
      const idle = await h.poll(REPO, ['issues']);
      expect(idle.requests).toEqual({ total: 1, billable: 0 });
      expect(idle.minIntervalSeconds).toBe(90);
    }
  });
});
