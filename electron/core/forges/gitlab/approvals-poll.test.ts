import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startGitLabHarness, type GitLabHarness } from '../../../../test/fakes/gitlab/adapter-harness.js';
import type { EventName } from '../../../contract/vocabulary/event-names.js';
import type { ForgeEvent } from '../../events/forge-event.js';
import { silentLogger } from '../../runtime/logger.js';
import type { ForgeAdapter, PollResult, RepoCursor } from '../forge-adapter.js';
import { MAX_TRACKED_MRS } from './approvals-poll.js';
import { createGitLabAdapter } from './adapter.js';

let h: GitLabHarness;
const REPO = 'acme/platform/web';
const MINUTE = 60_000;

beforeEach(async () => {
  h = await startGitLabHarness({ start: '2025-03-10T09:00:00.000Z' });
  h.fake.createProject(REPO);
});
afterEach(() => h.close());

const approvalReads = (): number => h.fake.stats.count(/\/merge_requests\/\d+\/approvals$/);
const brief = (events: ForgeEvent[]): string[][] => events.map((e) => [e.event, e.action, e.actor]);
const tracked = (cursor: RepoCursor | null): { iid: number; approvers: { username: string }[] }[] =>
  (cursor as { approvals: { tracked: { iid: number; approvers: { username: string }[] }[] } }).approvals.tracked;
const warnings = (text: string) => h.logs.filter((l) => l.level === 'warn' && l.message.includes(text));

/** A poll loop over any adapter instance, carrying the cursor as JSON like the engine's database does. */
function loop(wanted: readonly EventName[], since = h.clock.now()) {
  let cursor: RepoCursor | null = null;
  return {
    async poll(adapter: ForgeAdapter = h.adapter): Promise<PollResult> {
      const result = await adapter.poll({ repo: REPO, cursor, since: new Date(since), wanted: new Set(wanted) });
      cursor = JSON.parse(JSON.stringify(result.cursor)) as RepoCursor;
      return result;
    },
    get cursor() {
      return cursor;
    },
    set cursor(next) {
      cursor = next;
    },
  };
}

describe('GitLab adapter: merge request unapprovals', () => {
  it('reports an approval, its revocation once, and a later re-approve/unapprove again', async () => {
    const poller = h.poller(REPO, { wanted: ['reviews'] });
    const mr = h.fake.openMergeRequest(REPO, {
      title: 'Cache tweaks',
      sourceBranch: 'feature/cache',
      labels: ['perf'],
      description: 'Faster',
    });
    h.clock.advance(1000);
    expect((await poller.poll()).events).toEqual([]);

    h.clock.advance(5 * MINUTE);
    h.fake.approve(REPO, mr.iid, { author: 'alice' });
    h.clock.advance(1000);
    const approved = await poller.poll();
    expect(brief(approved.events)).toEqual([['reviews', 'approved', 'alice']]);

    h.clock.advance(5 * MINUTE);
    h.fake.unapprove(REPO, mr.iid, { author: 'alice' });
    const revokedAt = new Date(h.clock.now()).toISOString();
    h.clock.advance(1000);
    const revoked = await poller.poll();
    expect(revoked.events).toHaveLength(1);
    const alice = h.fake.store.user('alice');
    const event = revoked.events[0];
    expect(event).toMatchObject({
      event: 'reviews',
      action: 'unapproved',
      actor: 'alice',
      createdAt: revokedAt,
      subjectKey: `mr:${mr.iid}`,
      number: mr.iid,
      title: 'Cache tweaks',
      url: `${h.fake.url}/${REPO}/-/merge_requests/${mr.iid}`,
      state: 'open',
      labels: ['perf'],
      branch: 'main',
      draft: false,
      confidential: false,
      details: { kind: 'review', state: 'unapproved', body: null },
    });
    expect(event?.id).toMatch(new RegExp(`^work:gl-unapproved:${mr.iid}:${alice.id}:\\d+$`));
    // Same card and thread as the approval: only the id, action, time and review state differ.
    const strip = (e: ForgeEvent | undefined) => ({ ...e, id: null, action: null, createdAt: null, details: null });
    expect(strip(event)).toEqual(strip(approved.events[0]));

    h.clock.advance(MINUTE);
    expect((await poller.poll()).events).toEqual([]);
    h.clock.advance(10 * MINUTE);
    expect((await poller.poll()).events).toEqual([]);

    // Re-approve, then revoke within GitLab's one-minute touch throttle: updated_at does not move, still reported.
    h.fake.approve(REPO, mr.iid, { author: 'alice' });
    h.clock.advance(1000);
    expect(brief((await poller.poll()).events)).toEqual([['reviews', 'approved', 'alice']]);
    const touchedAt = h.fake.project(REPO).mergeRequests[0]?.updatedAt;
    h.clock.advance(20_000);
    h.fake.unapprove(REPO, mr.iid, { author: 'alice' });
    expect(h.fake.project(REPO).mergeRequests[0]?.updatedAt).toBe(touchedAt);
    h.clock.advance(1000);
    const again = await poller.poll();
    expect(brief(again.events)).toEqual([['reviews', 'unapproved', 'alice']]);
    expect(again.events[0]?.id).not.toBe(event?.id);
    for (let i = 0; i < 3; i++) {
      h.clock.advance(2 * MINUTE);
      expect((await poller.poll()).events).toEqual([]);
    }
  });

  it('reports an approval given and revoked between two polls, in order', async () => {
    const poller = h.poller(REPO, { wanted: ['pulls', 'reviews'] });
    const mr = h.fake.openMergeRequest(REPO, { title: 'Quick one', sourceBranch: 'quick' });
    h.fake.approve(REPO, mr.iid, { author: 'bob' });
    h.clock.advance(10_000);
    h.fake.unapprove(REPO, mr.iid, { author: 'bob' });
    h.clock.advance(1000);
    const { events } = await poller.poll();
    expect(events.map((e) => `${e.event}:${e.action}:${e.actor}`)).toEqual([
      'pulls:opened:fake-user',
      'pulls:approved:bob',
      'reviews:approved:bob',
      'reviews:unapproved:bob',
    ]);
    expect(Date.parse(events[3]?.createdAt ?? '')).toBeGreaterThan(Date.parse(events[2]?.createdAt ?? ''));
  });

  it('costs nothing without reviews, and only a gate list once followed MRs are quiet', async () => {
    const mr = h.fake.openMergeRequest(REPO, { title: 'Docs', sourceBranch: 'docs' });
    h.clock.advance(1000);
    const pullsOnly = loop(['pulls']);
    const withReviews = loop(['reviews']);
    h.clock.advance(1000);
    await pullsOnly.poll();
    h.fake.stats.reset();
    expect((await withReviews.poll()).requests.total).toBe(1); // the feed only: no followed MR yet

    h.fake.approve(REPO, mr.iid, { author: 'carol' });
    h.clock.advance(1000);
    h.fake.stats.reset();
    expect(brief((await pullsOnly.poll()).events)).toEqual([['pulls', 'approved', 'carol']]);
    h.clock.advance(5 * MINUTE);
    h.fake.unapprove(REPO, mr.iid, { author: 'carol' });
    h.clock.advance(1000);
    expect((await pullsOnly.poll()).events).toEqual([]);
    expect(approvalReads()).toBe(0);
    expect(tracked(pullsOnly.cursor)).toEqual([]);

    // Polled only now, the reviews subscription gets the approval from the feed and the revocation from one read.
    h.fake.stats.reset();
    expect(brief((await withReviews.poll()).events)).toEqual([
      ['reviews', 'approved', 'carol'],
      ['reviews', 'unapproved', 'carol'],
    ]);
    expect(approvalReads()).toBe(1);
    h.fake.approve(REPO, mr.iid, { author: 'dave' });
    h.clock.advance(1000);
    // dave is both in the feed and in the approvals read: one approved event (the feed's), nothing more later.
    expect(brief((await withReviews.poll()).events)).toEqual([['reviews', 'approved', 'dave']]);
    h.clock.advance(5 * MINUTE);
    expect((await withReviews.poll()).events).toEqual([]);
    h.fake.stats.reset();
    h.clock.advance(MINUTE);
    const quiet = await withReviews.poll();
    expect(quiet.events).toEqual([]);
    expect([...h.fake.stats.byPath.keys()].sort()).toEqual([
      `/api/v4/projects/${REPO}/events`,
      `/api/v4/projects/${REPO}/merge_requests`,
    ]);
    expect(quiet.requests.total).toBe(2);
  });

  it('ignores approvals from before the subscription', async () => {
    const mr = h.fake.openMergeRequest(REPO, { title: 'Old', sourceBranch: 'old' });
    h.fake.approve(REPO, mr.iid, { author: 'alice' });
    h.fake.approve(REPO, mr.iid, { author: 'bob' });
    h.clock.advance(10_000);
    h.fake.unapprove(REPO, mr.iid, { author: 'bob' });
    h.clock.advance(MINUTE);
    const poller = h.poller(REPO, { wanted: ['reviews'] });
    h.clock.advance(1000);
    expect((await poller.poll()).events).toEqual([]);
    h.clock.advance(2 * MINUTE);
    h.fake.unapprove(REPO, mr.iid, { author: 'alice' });
    h.clock.advance(1000);
    // alice approved before the subscription started: her approval was never followed.
    expect((await poller.poll()).events).toEqual([]);
    h.fake.approve(REPO, mr.iid, { author: 'erin' });
    h.clock.advance(2 * MINUTE);
    h.fake.unapprove(REPO, mr.iid, { author: 'erin' });
    h.clock.advance(1000);
    expect(brief((await poller.poll()).events)).toEqual([
      ['reviews', 'approved', 'erin'],
      ['reviews', 'unapproved', 'erin'],
    ]);
  });

  it('keeps the followed approvers across a restart (cursor round-trip), and reads old cursors', async () => {
    const mr = h.fake.openMergeRequest(REPO, { title: 'Persisted', sourceBranch: 'p' });
    const engine = loop(['reviews']);
    h.clock.advance(1000);
    await engine.poll();
    h.fake.approve(REPO, mr.iid, { author: 'alice' });
    h.fake.approve(REPO, mr.iid, { author: 'bob' });
    h.clock.advance(1000);
    expect(brief((await engine.poll()).events)).toEqual([
      ['reviews', 'approved', 'alice'],
      ['reviews', 'approved', 'bob'],
    ]);
    expect(tracked(engine.cursor)).toMatchObject([
      { iid: mr.iid, approvers: [{ username: 'alice' }, { username: 'bob' }] },
    ]);

    const restarted = createGitLabAdapter({
      accountId: 'work',
      apiUrl: h.fake.apiUrl,
      token: h.fake.token,
      clock: h.clock,
      logger: silentLogger,
    });
    h.clock.advance(5 * MINUTE);
    h.fake.unapprove(REPO, mr.iid, { author: 'bob' });
    h.clock.advance(1000);
    const after = await engine.poll(restarted);
    expect(brief(after.events)).toEqual([['reviews', 'unapproved', 'bob']]);
    expect((await engine.poll(restarted)).events).toEqual([]);

    // A cursor written before approvals were followed still reads (nothing followed yet).
    const legacy = { ...(engine.cursor ?? {}) };
    delete legacy.approvals;
    engine.cursor = legacy;
    h.clock.advance(MINUTE);
    expect((await engine.poll(restarted)).events).toEqual([]);
    expect(tracked(engine.cursor)).toEqual([]);
  });

  it('skips one MR on a garbage or 404 approvals answer, with a logged reason, and carries on', async () => {
    const poller = h.poller(REPO, { wanted: ['reviews'] });
    const a = h.fake.openMergeRequest(REPO, { title: 'A', sourceBranch: 'a' });
    const b = h.fake.openMergeRequest(REPO, { title: 'B', sourceBranch: 'b' });
    h.fake.approve(REPO, a.iid, { author: 'alice' });
    h.fake.approve(REPO, b.iid, { author: 'alice' });
    h.clock.advance(1000);
    expect((await poller.poll()).events).toHaveLength(2);

    h.clock.advance(5 * MINUTE);
    h.fake.unapprove(REPO, a.iid, { author: 'alice' });
    h.fake.unapprove(REPO, b.iid, { author: 'alice' });
    h.fake.failNext(new RegExp(`/merge_requests/${a.iid}/approvals$`), {
      status: 200,
      rawBody: '{"approved":true,"approved_by":"nope"}',
    });
    h.clock.advance(1000);
    const first = await poller.poll();
    expect(first.events.map((e) => [e.action, e.number])).toEqual([['unapproved', b.iid]]);
    expect(warnings('skipped the approvals of a merge request')).toMatchObject([
      { fields: { repo: REPO, iid: a.iid } },
    ]);
    expect(String(warnings('skipped the approvals')[0]?.fields?.reason)).toMatch(/unexpected shape/);
    h.clock.advance(MINUTE);
    expect((await poller.poll()).events.map((e) => [e.action, e.number])).toEqual([['unapproved', a.iid]]);

    h.fake.approve(REPO, a.iid, { author: 'bob' });
    h.clock.advance(1000);
    await poller.poll();
    h.clock.advance(5 * MINUTE);
    h.fake.unapprove(REPO, a.iid, { author: 'bob' });
    h.fake.failNext(new RegExp(`/merge_requests/${a.iid}/approvals$`), {
      status: 404,
      rawBody: '{"message":"404 Not found"}',
    });
    h.clock.advance(1000);
    expect((await poller.poll()).events).toEqual([]);
    expect(warnings('stopped following the approvals of a merge request that cannot be read')).toMatchObject([
      { fields: { iid: a.iid } },
    ]);
    expect(tracked(poller.cursor).map((t) => t.iid)).not.toContain(a.iid);
  });

  it('stops following merged MRs and caps how many MRs are followed', async () => {
    const poller = h.poller(REPO, { wanted: ['reviews'] });
    const mrs = Array.from({ length: MAX_TRACKED_MRS + 2 }, (_, i) =>
      h.fake.openMergeRequest(REPO, { title: `MR ${i}`, sourceBranch: `b${i}` }),
    );
    for (const mr of mrs) {
      h.clock.advance(100);
      h.fake.approve(REPO, mr.iid, { author: 'alice' });
    }
    h.clock.advance(1000);
    h.fake.stats.reset();
    expect((await poller.poll()).events).toHaveLength(mrs.length);
    expect(approvalReads()).toBe(MAX_TRACKED_MRS);
    expect(warnings(`at most ${MAX_TRACKED_MRS} merge requests`)).toMatchObject([
      { fields: { dropped: [mrs[1]?.iid, mrs[0]?.iid] } },
    ]);
    expect(tracked(poller.cursor)).toHaveLength(MAX_TRACKED_MRS);

    const last = mrs.at(-1);
    if (!last) throw new Error('no MR');
    h.clock.advance(5 * MINUTE);
    h.fake.mergeMergeRequest(REPO, last.iid);
    h.clock.advance(1000);
    await poller.poll();
    expect(tracked(poller.cursor).map((t) => t.iid)).not.toContain(last.iid);
    expect(tracked(poller.cursor)).toHaveLength(MAX_TRACKED_MRS - 1);
  });
});
