import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { Clock } from '../runtime/clock.js';
import { silentLogger } from '../runtime/logger.js';
import type { ForgeKind } from '../../contract/vocabulary/forges.js';
import { CursorStore } from './cursor-store.js';
import { type Db, openDatabase } from './database.js';
import { FeedStore } from './feed-store.js';
import { MIGRATIONS, migrate } from './migrations.js';
import { OutboxStore } from './outbox-store.js';
import { QueueStore } from './queue-store.js';
import type { QueueItem } from '../queue/queue-model.js';
import { RetentionService } from './retention.js';
import { dueOccurrence } from '../queue/digest-schedule.js';
import { ThreadStore } from './thread-store.js';

const DAY = 86_400_000;
const EVERY_DAY = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const T0 = Date.parse('2026-03-01T12:00:00Z');

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function world(options: { retentionDays?: number; forges?: ForgeKind[]; db?: (dir: string) => Db } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'forgebell-retention-'));
  dirs.push(dir);
  let now = T0;
  const clock: Clock = { now: () => now, monotonic: () => now, setTimeout: () => ({ cancel: () => undefined }) };
  const db = options.db ? options.db(dir) : openDatabase(dir);
  let retentionDays = options.retentionDays ?? 30;
  const service = new RetentionService({
    db,
    clock,
    logger: silentLogger,
    retentionDays: () => retentionDays,
    forges: () => options.forges ?? ['github'],
  });
  return {
    dir,
    db,
    service,
    feed: new FeedStore(db, () => now),
    outbox: new OutboxStore(db),
    threads: new ThreadStore(db, () => now),
    cursors: new CursorStore(db),
    at: (t: number) => void (now = t),
    now: () => now,
    setRetention: (d: number) => void (retentionDays = d),
  };
}

type World = ReturnType<typeof world>;

const FATE = { sent: 'delivered', pending: 'queued', held: 'held', quiet: 'held', failed: 'failed' } as const;

/** One event delivered to one destination, as the engine records it: the feed row, its destination and outbox row. */
function delivered(
  w: World,
  id: string,
  state: 'sent' | 'pending' | 'held' | 'quiet' | 'failed',
  bodyBytes = 200,
): number {
  const feedId = w.feed.insertEvent({
    eventId: id,
    event: 'issues',
    action: 'opened',
    forge: 'github',
    repo: 'o/r',
    actor: 'a',
    summary: `issue ${id}`,
    url: 'https://github.com/o/r/issues/1',
    createdAt: new Date(T0).toISOString(),
  });
  const rowId = w.outbox.enqueue({
    deliveryId: `${id}|s1`,
    feedId,
    subscriptionId: 's1',
    channel: 'dev',
    kind: 'event',
    payload: JSON.stringify({ kind: 'event', body: 'x'.repeat(bodyBytes) }),
    state: state === 'held' || state === 'quiet' ? state : 'pending',
    at: w.now(),
  });
  if (state === 'sent') w.outbox.markSent(rowId, 'C1', '1.0');
  if (state === 'failed') w.outbox.markFailed(rowId, 'no');
  w.feed.addDestination(feedId, {
    kind: 'channel',
    target: 'dev',
    subscriptionId: 's1',
    fate: FATE[state],
    outboxId: rowId,
  });
  return feedId;
}

const destinationsOf = (w: World, feedId: number): number =>
  (w.db.prepare('SELECT COUNT(*) AS n FROM feed_destinations WHERE feed_id = ?').get(feedId) as { n: number }).n;

describe('retention', () => {
  it('removes what is older than retentionDays, keeps what is still to be delivered and recent seen ids', async () => {
    const w = world();
    const sent = delivered(w, 'old-sent', 'sent');
    const failed = delivered(w, 'old-failed', 'failed');
    const pending = delivered(w, 'old-pending', 'pending');
    const held = delivered(w, 'old-held', 'held');
    const quiet = delivered(w, 'old-quiet', 'quiet'); // a DM waiting for the end of quiet hours
    w.threads.put('dev', 'gh', 'o/r', 'issue:1', { channelId: 'C1', ts: '1.0' });
    w.threads.put('dev', 'gh', 'o/r', 'issue:2', { channelId: 'C1', ts: '2.0' });
    w.cursors.setPipelineStatus('gh', 'o/r', 'main', 'failed', T0);
    w.cursors.markSeen('o/r|old', T0);

    w.at(T0 + 20 * DAY);
    w.threads.touch('dev', 'gh', 'o/r', 'issue:2'); // a reply kept this thread in use
    const recent = delivered(w, 'recent', 'sent');

    w.at(T0 + 31 * DAY);
    const report = await w.service.runOnce();
    expect(report.deleted).toEqual({
      feed: 2,
      feedDestinations: 2,
      outbox: 2,
      threads: 1,
      pipelineStatus: 1,
      seenEvents: 0,
      digestDays: 0,
    });
    expect([sent, failed].map((id) => w.feed.get(id))).toEqual([null, null]);
    expect([sent, failed].map((id) => destinationsOf(w, id))).toEqual([0, 0]);
    expect([pending, held, quiet, recent].map((id) => destinationsOf(w, id))).toEqual([1, 1, 1, 1]);
    expect([pending, held, quiet, recent].map((id) => w.feed.get(id)?.id)).toEqual([pending, held, quiet, recent]);
    expect(w.outbox.counts()).toEqual({ pending: 1, failed: 0, held: 1, quiet: 1 });
    expect(w.threads.get('dev', 'gh', 'o/r', 'issue:1')).toBeNull();
    expect(w.threads.get('dev', 'gh', 'o/r', 'issue:2')).not.toBeNull();
    expect(w.cursors.previousPipelineStatus('gh', 'o/r', 'main')).toBeNull();
    // GitHub's feed can show an event 30 days back: its id stays, so it can never be posted twice.
    expect(w.cursors.markSeen('o/r|old', T0 + 31 * DAY)).toBe(false);

    w.at(T0 + 38 * DAY);
    expect((await w.service.runOnce()).deleted.seenEvents).toBe(1);
  });

  it('leaves the review queue alone: a quiet repository read long ago, its items and dirty marks', async () => {
    const w = world();
    const queue = new QueueStore(w.db);
    const pull: QueueItem = {
      kind: 'pull',
      repo: 'o/r',
      number: 7,
      title: 'Old but open',
      url: 'https://github.com/o/r/pull/7',
      draft: false,
      author: 'alice',
      reviewers: ['bob'],
      teams: [],
      reviews: [],
      checks: null,
      headBranch: 'b',
      createdAt: new Date(T0).toISOString(),
      updatedAt: new Date(T0).toISOString(),
    };
    queue.replaceRepo('gh', 'o/r', [pull], T0);
    queue.markDirty('gh', 'o/r', [{ kind: 'pull', number: 8 }]);
    delivered(w, 'old-sent', 'sent'); // control: something old that retention does remove

    w.at(T0 + 400 * DAY);
    const report = await w.service.runOnce();
    expect(report.deleted.feed).toBe(1);
    // Read once and kept current by events: pruning it would make the next digest read every repository again.
    expect(queue.repoState('gh', 'o/r')).toEqual({ readAt: T0, problem: null });
    expect(queue.items('gh', ['o/r'])).toEqual([pull]);
    expect(queue.dirty('gh', ['o/r'])).toEqual([{ repo: 'o/r', kind: 'pull', number: 8 }]);
  });

  it("a digest's posted day outlives its 12-hour catch-up window across restarts (never posted twice), then goes", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'forgebell-retention-'));
    dirs.push(dir);
    let now = 0;
    const clock: Clock = { now: () => now, monotonic: () => now, setTimeout: () => ({ cancel: () => undefined }) };
    /** A start of Forgebell on the same data directory: a new connection, store and retention service. */
    const start = () => {
      const db = openDatabase(dir);
      const retention = new RetentionService({
        db,
        clock,
        logger: silentLogger,
        retentionDays: () => 1,
        forges: () => ['gitlab'],
      });
      return { db, retention, queue: new QueueStore(db) };
    };
    // 09:00 in Tokyo every day, posted on time: the record must then outlive the whole 12-hour catch-up window.
    const schedule = { at: '09:00', days: [...EVERY_DAY], timeZone: 'Asia/Tokyo' };
    const key = 'channel:dev|gitlab:group/app';
    const nine = Date.parse('2026-03-02T00:00:00Z'); // 09:00 in Tokyo on 2026-03-02
    now = nine + 60_000;
    let run = start();
    const due = dueOccurrence(schedule, now);
    expect(due?.day).toBe('2026-03-02');
    expect(run.queue.claimDigestDay(key, '2026-02-20', now - 10 * DAY)).toBe(true); // an old day's record
    expect(run.queue.claimDigestDay(key, due!.day, now)).toBe(true);
    // Every 20 minutes for three days: retention runs, Forgebell restarts, the digest check asks again. While day D
    // can still come due, its record is there and claiming it again is refused.
    let checked = 0;
    for (let t = now; t < nine + 3 * DAY; t += 20 * 60_000) {
      now = t;
      await run.retention.runOnce();
      run.db.close();
      run = start();
      const occurrence = dueOccurrence(schedule, t);
      if (occurrence?.day === '2026-03-02') {
        expect(run.queue.claimDigestDay(key, occurrence.day, t)).toBe(false);
        checked++;
      }
    }
    expect(checked).toBe(36); // the 12-hour window was looked at, every 20 minutes
    expect(run.queue.digestPosted(key, '2026-02-20')).toBe(false); // the old day went at the first run
    expect(run.queue.digestPosted(key, '2026-03-02')).toBe(true);
    // Three days after it was written, the record of 2026-03-02 goes too: that day can never come due again.
    now = nine + 60_000 + 3 * DAY + 1;
    expect((await run.retention.runOnce()).deleted.digestDays).toBe(1);
    expect(run.queue.digestPosted(key, '2026-03-02')).toBe(false);
    run.db.close();
  });

  it('an event with a destination still to go keeps its row and every destination; then all go together', async () => {
    const w = world();
    // Delivered to a channel, and a DM to a person in quiet hours (its outbox row names no feed row).
    const id = delivered(w, 'split', 'sent');
    const dm = w.outbox.enqueue({
      deliveryId: 'split|dm|U1',
      feedId: null,
      subscriptionId: null,
      channel: 'U1',
      kind: 'dm',
      payload: JSON.stringify({ kind: 'dm', notice: 'x' }),
      state: 'quiet',
      at: w.now(),
    });
    w.feed.addDestination(id, { kind: 'dm', target: 'U1', subscriptionId: null, fate: 'held', outboxId: dm });
    // A desktop notification still queued (no outbox row at all): its fate alone keeps the event.
    const desktop = delivered(w, 'desktop', 'sent');
    w.feed.addDestination(desktop, { kind: 'desktop', target: null, subscriptionId: null, fate: 'queued' });
    const control = delivered(w, 'control', 'sent');
    w.at(T0 + 31 * DAY);
    expect((await w.service.runOnce()).deleted).toMatchObject({ feed: 1, feedDestinations: 1 });
    expect(w.feed.get(control)).toBeNull();
    expect(destinationsOf(w, id)).toBe(2);
    expect(destinationsOf(w, desktop)).toBe(2);
    // Even when the destination's fate says nothing about it, the live outbox row keeps the event.
    w.feed.updateByOutbox(dm, { fate: 'delivered' });
    expect((await w.service.runOnce()).deleted).toMatchObject({ feed: 0, feedDestinations: 0 });
    w.outbox.markSent(dm, 'D1', '5.0');
    expect((await w.service.runOnce()).deleted).toMatchObject({ feed: 1, feedDestinations: 2, outbox: 1 });
    expect(destinationsOf(w, id)).toBe(0);
  });

  it('keeps the events and DMs a summary still to be sent lists; prunes them once it went', async () => {
    const w = world();
    const events = ['q1', 'q2'].map((id) => {
      const feedId = delivered(w, id, 'quiet');
      const outboxId = (w.db.prepare('SELECT id FROM outbox WHERE feed_id = ?').get(feedId) as { id: number }).id;
      return { feedId, outboxId };
    });
    const outboxIds = events.map((e) => e.outboxId);
    w.outbox.setState(outboxIds, 'summarised');
    // The engine says "queued" on them; here the fate is left as it was, so only the summary's list keeps them.
    const summary = w.outbox.enqueue({
      deliveryId: 'dm-summary|U1|1-2-2',
      feedId: null,
      subscriptionId: null,
      channel: 'U1',
      kind: 'dm-summary',
      payload: JSON.stringify({ kind: 'dm-summary', notices: [], feedIds: events.map((e) => e.feedId), outboxIds }),
      at: w.now(),
    });
    for (const e of events) w.feed.updateByOutbox(e.outboxId, { fate: 'delivered' });
    const control = delivered(w, 'control', 'sent');
    w.at(T0 + 31 * DAY);
    expect((await w.service.runOnce()).deleted).toMatchObject({ feed: 1, outbox: 1 });
    expect(w.feed.get(control)).toBeNull();
    expect(events.map((e) => w.feed.get(e.feedId)?.id)).toEqual(events.map((e) => e.feedId));
    expect((w.db.prepare("SELECT COUNT(*) AS n FROM outbox WHERE state = 'summarised'").get() as { n: number }).n).toBe(
      2,
    );
    w.outbox.markSent(summary, 'D1', '6.0');
    w.at(T0 + 62 * DAY);
    expect((await w.service.runOnce()).deleted).toMatchObject({ feed: 2, feedDestinations: 2, outbox: 3 });
  });

  it('keeps seen ids for the longest window of the forges in use, and follows retentionDays changes', async () => {
    const w = world({ forges: ['gitlab'] });
    w.cursors.markSeen('g/p|1', T0);
    w.at(T0 + 6 * DAY);
    expect((await w.service.runOnce()).deleted.seenEvents).toBe(0);
    w.at(T0 + 8 * DAY);
    expect((await w.service.runOnce()).deleted.seenEvents).toBe(1);

    const id = delivered(w, 'x', 'sent');
    w.at(T0 + 10 * DAY);
    expect((await w.service.runOnce()).deleted.feed).toBe(0);
    w.setRetention(1);
    expect((await w.service.runOnce()).deleted.feed).toBe(1);
    expect(w.feed.get(id)).toBeNull();
  });

  it('gives the space back to the file system in small steps', async () => {
    const w = world();
    w.db.transaction(() => {
      for (let i = 0; i < 4000; i++) delivered(w, `e${i}`, 'sent', 2000);
    })();
    w.db.pragma('wal_checkpoint(TRUNCATE)');
    const big = statSync(join(w.dir, 'state.db')).size;
    expect(w.db.pragma('auto_vacuum', { simple: true })).toBe(2);
    w.at(T0 + 31 * DAY);
    const report = await w.service.runOnce();
    expect(report.deleted.outbox).toBe(4000);
    expect(report.freedPages).toBeGreaterThan(1000);
    expect(w.db.pragma('freelist_count', { simple: true })).toBe(0);
    const small = statSync(join(w.dir, 'state.db')).size;
    expect(small).toBeLessThan(big / 10);
    expect(statSync(join(w.dir, 'state.db-wal')).size).toBe(0);
  });

  it('converts a database made before incremental vacuum, once, when a quarter of it is free', async () => {
    const w = world({
      db: (dir) => {
        // Schema 1 as an older Forgebell wrote it: no auto_vacuum, no used_at/updated_at columns.
        const old = new Database(join(dir, 'state.db'));
        old.pragma('journal_mode = WAL');
        migrate(old, 'the old database', MIGRATIONS.slice(0, 1));
        old.exec(`INSERT INTO threads VALUES ('dev', 'gh', 'o/r', 'issue:9', 'C1', '9.0');
          INSERT INTO pipeline_status VALUES ('gh', 'o/r', 'main', 'failed');`);
        old.close();
        return openDatabase(dir);
      },
    });
    expect(w.db.pragma('auto_vacuum', { simple: true })).toBe(0);
    // Upgraded rows count as used at the upgrade: nothing is lost the day Forgebell is updated.
    w.at(Date.now() + 29 * DAY);
    expect((await w.service.runOnce()).deleted).toMatchObject({ threads: 0, pipelineStatus: 0 });
    w.db.transaction(() => {
      for (let i = 0; i < 4000; i++) delivered(w, `e${i}`, 'sent', 2000);
    })();
    w.at(Date.now() + 80 * DAY);
    const report = await w.service.runOnce();
    expect(report.converted).toBe(true);
    expect(report.deleted).toMatchObject({ outbox: 4000, threads: 1, pipelineStatus: 1 });
    expect(w.db.pragma('auto_vacuum', { simple: true })).toBe(2);
    expect(w.db.pragma('freelist_count', { simple: true })).toBe(0);
  });
});
