import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from './database.js';
import { FeedStore } from './feed-store.js';
import { migrate, MIGRATIONS, SCHEMA_VERSION } from './migrations.js';
import { PeopleStore } from './people-store.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A state.db as Forgebell 0.1 left it: schema 1, one feed row per delivery. */
function version1Database(): string {
  const dir = mkdtempSync(join(tmpdir(), 'forgebell-migrate-'));
  dirs.push(dir);
  const db = new Database(join(dir, 'state.db'));
  migrate(db, 'v1', MIGRATIONS.slice(0, 1));
  const feed = db.prepare(
    `INSERT INTO feed (event_id, subscription_id, event, action, forge, repo, actor, summary, url, created_at, fate,
                       reason, channel, slack_link, next_attempt_at, seen_at)
     VALUES (?, ?, 'issues', 'opened', 'github', ?, 'root', ?, 'https://x/1', ?, ?, ?, ?, ?, NULL, 1)`,
  );
  const outbox = db.prepare(
    `INSERT INTO outbox (delivery_id, feed_id, subscription_id, channel, kind, payload, state, next_attempt_at, created_at)
     VALUES (?, ?, ?, ?, 'event', '{}', ?, 1, 1)`,
  );
  // "root opened issue #27" reached three subscriptions: delivered, failed, filtered.
  const a = feed.run(
    '27',
    's1',
    'octo/app',
    'root opened issue #27',
    '2025-06-01T10:00:00Z',
    'delivered',
    null,
    'general',
    'https://slack/p1',
  );
  outbox.run('27|s1', a.lastInsertRowid, 's1', 'general', 'sent');
  const b = feed.run(
    '27',
    's2',
    'octo/app',
    'root opened issue #27',
    '2025-06-01T10:00:00Z',
    'failed',
    'Slack: channel_not_found — The channel does not exist or the bot cannot see it. Check the channel name.',
    'nope',
    null,
  );
  outbox.run('27|s2', b.lastInsertRowid, 's2', 'nope', 'failed');
  feed.run(
    '27',
    's3',
    'octo/app',
    'root opened issue #27',
    '2025-06-01T10:00:00Z',
    'filtered',
    'issues are off for octo/app',
    null,
    null,
  );
  // The same event id in another repository is another event.
  const c = feed.run(
    '27',
    's4',
    'octo/other',
    'root opened issue #27 elsewhere',
    '2025-06-01T10:01:00Z',
    'queued',
    null,
    'general',
    null,
  );
  outbox.run('27|s4', c.lastInsertRowid, 's4', 'general', 'pending');
  // The newest v1 row is one of a group: its id must not be handed out again.
  feed.run('28', 's1', 'octo/app', 'root closed issue #27', '2025-06-01T10:02:00Z', 'delivered', null, 'general', null);
  feed.run('28', 's2', 'octo/app', 'root closed issue #27', '2025-06-01T10:02:00Z', 'delivered', null, 'nope', null);
  db.prepare(
    `INSERT INTO outbox (delivery_id, feed_id, subscription_id, channel, kind, payload, state, next_attempt_at, created_at)
     VALUES ('digest|1', NULL, NULL, 'general', 'digest', '{}', 'sent', 1, 1)`,
  ).run();
  db.close();
  return dir;
}

describe('state database migrations', () => {
  it('is one chain ending at the schema version; a new database runs every step', () => {
    expect(MIGRATIONS.map((m) => m.to)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    const dir = mkdtempSync(join(tmpdir(), 'forgebell-migrate-'));
    dirs.push(dir);
    const db = openDatabase(dir);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    db.close();
  });

  it('version 1 → 2: per-delivery rows become one row per event with its destinations, nothing lost', () => {
    const dir = version1Database();
    const db = openDatabase(dir);
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
      const feed = new FeedStore(db, () => 2);
      const { items, total } = feed.page({ limit: 10 });
      expect(total).toBe(3);
      expect(items.map((i) => [i.repo, i.summary, i.fate])).toEqual([
        ['octo/app', 'root closed issue #27', 'delivered'],
        ['octo/other', 'root opened issue #27 elsewhere', 'queued'],
        ['octo/app', 'root opened issue #27', 'failed'],
      ]);
      const opened = items[2]!;
      expect(opened.id).toBe(1);
      expect(opened.destinations).toMatchObject([
        { kind: 'channel', target: 'general', subscriptionId: 's1', fate: 'delivered', slackLink: 'https://slack/p1' },
        {
          target: 'nope',
          subscriptionId: 's2',
          fate: 'failed',
          reason: 'The channel does not exist or the bot cannot see it.',
          fix: 'Check the channel name.',
          fixAt: 'subscription',
          errorCode: 'channel_not_found',
          error: 'Slack: channel_not_found',
        },
        { target: null, subscriptionId: 's3', fate: 'filtered', reason: 'issues are off for octo/app' },
      ]);
      // Every delivery still belongs to its event, and each destination knows its delivery.
      const outbox = db.prepare('SELECT delivery_id, feed_id FROM outbox ORDER BY id').all();
      expect(outbox).toEqual([
        { delivery_id: '27|s1', feed_id: 1 },
        { delivery_id: '27|s2', feed_id: 1 },
        { delivery_id: '27|s4', feed_id: items[1]!.id },
        { delivery_id: 'digest|1', feed_id: null },
      ]);
      const refs = feed.destinationsOf(1).map((d) => d.outboxId);
      expect(refs[0]).not.toBeNull();
      expect(refs[2]).toBeNull();
      // Ids are never reused: the v1 table's last id was 6.
      expect(feed.insertEvent({ ...opened, eventId: '29' })).toBe(7);
      expect(db.prepare("SELECT name FROM sqlite_master WHERE name LIKE 'feed_v1%'").all()).toEqual([]);
    } finally {
      db.close();
    }
  });

  it('version 3 → 4 (retention): threads and pipeline states get their last-use time, stamped now; idempotent', () => {
    const dir = mkdtempSync(join(tmpdir(), 'forgebell-migrate-'));
    dirs.push(dir);
    const old = new Database(join(dir, 'state.db'));
    migrate(old, 'v3', MIGRATIONS.slice(0, 3));
    old.exec(`INSERT INTO threads VALUES ('dev', 'gh', 'o/r', 'issue:9', 'C1', '9.0');
      INSERT INTO pipeline_status VALUES ('gh', 'o/r', 'main', 'failed');`);
    old.close();
    const before = Date.now();
    const db = openDatabase(dir);
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
      const thread = db.prepare('SELECT used_at FROM threads').get() as { used_at: number };
      const pipeline = db.prepare('SELECT updated_at FROM pipeline_status').get() as { updated_at: number };
      expect(thread.used_at).toBeGreaterThanOrEqual(before);
      expect(pipeline.updated_at).toBeGreaterThanOrEqual(before);
      // Run again on a database that has the columns (a development database of the retention work had them under
      // another number): nothing changes, nothing throws.
      const step = MIGRATIONS.find((m) => m.to === 4)!;
      db.prepare('UPDATE threads SET used_at = 1').run();
      expect(() => db.transaction(() => step.up(db))()).not.toThrow();
      expect((db.prepare('SELECT used_at FROM threads').get() as { used_at: number }).used_at).toBe(1);
      expect(
        (db.prepare("SELECT COUNT(*) AS n FROM sqlite_master WHERE name = 'threads_used_at'").get() as { n: number }).n,
      ).toBe(1);
    } finally {
      db.close();
    }
  });

  it("version 4 → 5 (review queue): tables today's stores created keep their rows; a database without them gets them", () => {
    const dir = mkdtempSync(join(tmpdir(), 'forgebell-migrate-'));
    dirs.push(dir);
    const old = new Database(join(dir, 'state.db'));
    migrate(old, 'v4', MIGRATIONS.slice(0, 4));
    // As the queue's store left them before step 5 existed (created if missing, no index on digest_days.at).
    old.exec(`
      CREATE TABLE queue_repos (account TEXT NOT NULL, repo TEXT NOT NULL, read_at INTEGER NOT NULL, problem TEXT,
        PRIMARY KEY (account, repo));
      CREATE TABLE queue_items (account TEXT NOT NULL, repo TEXT NOT NULL, kind TEXT NOT NULL, number INTEGER NOT NULL,
        data TEXT NOT NULL, PRIMARY KEY (account, repo, kind, number));
      CREATE TABLE digest_days (key TEXT NOT NULL, day TEXT NOT NULL, at INTEGER NOT NULL, PRIMARY KEY (key, day));
      CREATE TABLE queue_dirty (account TEXT NOT NULL, repo TEXT NOT NULL, kind TEXT NOT NULL, number INTEGER NOT NULL,
        PRIMARY KEY (account, repo, kind, number));
      INSERT INTO queue_repos VALUES ('gl', 'group/app', 5, NULL);
      INSERT INTO queue_items VALUES ('gl', 'group/app', 'pull', 3, '{"kind":"pull"}');
      INSERT INTO queue_dirty VALUES ('gl', 'group/app', 'pull', 3);
      INSERT INTO digest_days VALUES ('C1|group/app', '2026-12-04', 7);
    `);
    old.close();
    const fresh = new Database(join(dir, 'fresh.db'));
    migrate(fresh, 'v4', MIGRATIONS.slice(0, 4));
    fresh.close();

    const db = openDatabase(dir);
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
      const count = (table: string) => (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
      expect(['queue_repos', 'queue_items', 'queue_dirty', 'digest_days'].map(count)).toEqual([1, 1, 1, 1]);
      expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'digest_days_at'").get()).toBeDefined();
      // Run again: nothing changes, nothing throws.
      const step = MIGRATIONS.find((m) => m.to === 5)!;
      expect(() => db.transaction(() => step.up(db))()).not.toThrow();
      expect(['queue_repos', 'queue_items', 'queue_dirty', 'digest_days'].map(count)).toEqual([1, 1, 1, 1]);
    } finally {
      db.close();
    }
    // A version 4 database that never had them (the queue never asked): step 5 creates them.
    const other = new Database(join(dir, 'fresh.db'));
    try {
      migrate(other, 'fresh');
      expect(other.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
      other.prepare("INSERT INTO digest_days VALUES ('k', '2026-12-05', 1)").run();
      expect(
        other
          .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'queue_%' ORDER BY name")
          .all(),
      ).toEqual([{ name: 'queue_dirty' }, { name: 'queue_items' }, { name: 'queue_repos' }]);
    } finally {
      other.close();
    }
  });

  it("version 5 → 6 (people): tables people's store created keep their rows; a database without them gets them", () => {
    const dir = mkdtempSync(join(tmpdir(), 'forgebell-migrate-'));
    dirs.push(dir);
    const old = new Database(join(dir, 'state.db'));
    migrate(old, 'v5', MIGRATIONS.slice(0, 5));
    // As people's store left them before step 6 existed (created if missing by the store, the database stamped 5).
    old.exec(`
      CREATE TABLE dm_keys (key TEXT PRIMARY KEY, at INTEGER NOT NULL);
      CREATE TABLE people_state (slack TEXT PRIMARY KEY, dm_problem TEXT, dm_problem_code TEXT, dm_problem_at INTEGER);
      CREATE TABLE signin_asks (slack TEXT NOT NULL, account TEXT NOT NULL, at INTEGER NOT NULL,
        PRIMARY KEY (slack, account));
      CREATE TABLE inbox_cursors (slack TEXT NOT NULL, account TEXT NOT NULL, cursor TEXT NOT NULL,
        polled_at INTEGER NOT NULL, PRIMARY KEY (slack, account));
      INSERT INTO dm_keys VALUES ('U1|pull:7|review_requested', 40);
      INSERT INTO people_state VALUES ('U2', 'Slack refused the DM.', 'cannot_dm_bot', 41);
      INSERT INTO signin_asks VALUES ('U1', 'gh', 42);
      INSERT INTO inbox_cursors VALUES ('U1', 'gh', '{"lastModified":"x"}', 43);
    `);
    old.close();
    const fresh = new Database(join(dir, 'fresh.db'));
    migrate(fresh, 'v5', MIGRATIONS.slice(0, 5));
    fresh.close();

    const tables = ['dm_keys', 'people_state', 'signin_asks', 'inbox_cursors'];
    const db = openDatabase(dir);
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
      const count = (table: string) => (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
      expect(tables.map(count)).toEqual([1, 1, 1, 1]);
      // The store reads what was there: the spent key is still spent, the problem and the inbox position kept.
      const store = new PeopleStore(db);
      expect(store.claimDmKey('U1|pull:7|review_requested', 50, 1000)).toBe(false);
      expect(store.dmProblems().get('U2')).toEqual({ code: 'cannot_dm_bot', message: 'Slack refused the DM.', at: 41 });
      expect(store.inboxCursor('U1', 'gh')).toEqual({ lastModified: 'x' });
      // Run again: nothing changes, nothing throws.
      const step = MIGRATIONS.find((m) => m.to === 6)!;
      expect(() => db.transaction(() => step.up(db))()).not.toThrow();
      expect(tables.map(count)).toEqual([1, 1, 1, 1]);
    } finally {
      db.close();
    }
    // A version 5 database that never had them (no person ever set up): step 6 creates them, the store uses them.
    const other = new Database(join(dir, 'fresh.db'));
    try {
      migrate(other, 'fresh');
      expect(other.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
      const store = new PeopleStore(other);
      expect(store.claimDmKey('k', 1, 1000)).toBe(true);
      store.setSigninAsked('U1', 'gh', 2);
      store.putInboxCursor('U1', 'gh', { etag: 'c' }, 3);
      expect(store.inboxCursor('U1', 'gh')).toEqual({ etag: 'c' });
      expect(
        other
          .prepare(
            `SELECT name FROM sqlite_master WHERE type = 'table' AND name IN (${tables.map(() => '?').join(', ')}) ORDER BY name`,
          )
          .all(...tables),
      ).toEqual([{ name: 'dm_keys' }, { name: 'inbox_cursors' }, { name: 'people_state' }, { name: 'signin_asks' }]);
    } finally {
      other.close();
    }
  });

  it('version 6 → 7 (inbox cadence): inbox positions keep their rows at the normal cadence; the interval is kept', () => {
    const dir = mkdtempSync(join(tmpdir(), 'forgebell-migrate-'));
    dirs.push(dir);
    const old = new Database(join(dir, 'state.db'));
    migrate(old, 'v6', MIGRATIONS.slice(0, 6));
    old.exec(`INSERT INTO inbox_cursors VALUES ('U1', 'gh', '{"lastModified":"x"}', 43)`);
    old.close();
    const db = openDatabase(dir);
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
      const store = new PeopleStore(db);
      expect(store.inboxCursor('U1', 'gh')).toEqual({ lastModified: 'x' });
      expect(store.inboxTiming('U1', 'gh')).toEqual({ polledAt: 43, intervalMs: null });
      store.putInboxCursor('U1', 'gh', { lastModified: 'y' }, 44, 720_000);
      expect(store.inboxTiming('U1', 'gh')).toEqual({ polledAt: 44, intervalMs: 720_000 });
      // Run again: nothing changes, nothing throws.
      const step = MIGRATIONS.find((m) => m.to === 7)!;
      expect(() => db.transaction(() => step.up(db))()).not.toThrow();
      expect(store.inboxTiming('U1', 'gh')).toEqual({ polledAt: 44, intervalMs: 720_000 });
      store.putInboxCursor('U1', 'gh', { lastModified: 'z' }, 45, null);
      expect(store.inboxTiming('U1', 'gh')).toEqual({ polledAt: 45, intervalMs: null });
    } finally {
      db.close();
    }
  });

  it("version 1 → 2: a personal DM's row (no subscription, a Slack user ID) becomes a 'dm' destination", () => {
    const dir = mkdtempSync(join(tmpdir(), 'forgebell-migrate-'));
    dirs.push(dir);
    const v1 = new Database(join(dir, 'state.db'));
    migrate(v1, 'v1', MIGRATIONS.slice(0, 1));
    v1.prepare(
      `INSERT INTO feed (event_id, subscription_id, event, action, forge, repo, actor, summary, url, created_at, fate,
                         reason, channel, slack_link, next_attempt_at, seen_at)
       VALUES ('pr-7', NULL, 'pulls', 'review_requested', 'github', 'octo/app', 'carol',
               'You were asked to review: Faster cache', 'https://x/7', '2025-06-01T10:00:00Z', 'delivered', NULL,
               'U0ALICE001', NULL, NULL, 1)`,
    ).run();
    v1.close();
    const db = openDatabase(dir);
    try {
      const [item] = new FeedStore(db, () => 2).page({ limit: 5 }).items;
      expect(item?.destinations).toMatchObject([
        { kind: 'dm', target: 'U0ALICE001', subscriptionId: null, fate: 'delivered' },
      ]);
    } finally {
      db.close();
    }
  });

  it('a step that fails changes nothing: the database stays at the version before, its data whole', () => {
    const dir = version1Database();
    const db = new Database(join(dir, 'state.db'));
    const broken = [
      ...MIGRATIONS,
      {
        to: SCHEMA_VERSION + 1,
        what: 'a step that breaks halfway',
        up: (d: Database.Database) => {
          d.exec('DELETE FROM outbox');
          throw new Error('disk I/O error');
        },
      },
    ];
    expect(() => migrate(db, 'state.db', broken)).toThrow(
      new RegExp(`Could not upgrade state.db to schema ${SCHEMA_VERSION + 1} .*disk I/O error`),
    );
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect((db.prepare('SELECT COUNT(*) AS n FROM outbox').get() as { n: number }).n).toBe(4);
    db.close();
    expect(() => openDatabase(dir)).not.toThrow();
  });

  it('refuses a database from a newer Forgebell and leaves it alone', () => {
    const dir = mkdtempSync(join(tmpdir(), 'forgebell-migrate-'));
    dirs.push(dir);
    const db = new Database(join(dir, 'state.db'));
    db.pragma(`user_version = ${SCHEMA_VERSION + 5}`);
    db.close();
    expect(() => openDatabase(dir)).toThrow(/newer Forgebell \(schema \d+\)\. Update Forgebell/);
  });
});
