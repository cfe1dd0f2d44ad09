import Database from 'better-sqlite3';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';

export type Db = Database.Database;

const SCHEMA_VERSION = 2;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS cursors (
  account TEXT NOT NULL,
  repo TEXT NOT NULL,
  cursor TEXT NOT NULL,
  polled_at INTEGER NOT NULL,
  PRIMARY KEY (account, repo)
);
CREATE TABLE IF NOT EXISTS seen_events (
  id TEXT PRIMARY KEY,
  seen_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS seen_events_seen_at ON seen_events(seen_at);
CREATE TABLE IF NOT EXISTS feed (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id TEXT NOT NULL,
  subscription_id TEXT,
  event TEXT NOT NULL,
  action TEXT NOT NULL,
  forge TEXT NOT NULL,
  repo TEXT NOT NULL,
  actor TEXT NOT NULL,
  summary TEXT NOT NULL,
  url TEXT NOT NULL,
  created_at TEXT NOT NULL,
  fate TEXT NOT NULL,
  reason TEXT,
  channel TEXT,
  slack_link TEXT,
  next_attempt_at INTEGER,
  seen_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS feed_repo ON feed(repo);
CREATE INDEX IF NOT EXISTS feed_subscription ON feed(subscription_id, created_at);
CREATE TABLE IF NOT EXISTS outbox (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  delivery_id TEXT NOT NULL UNIQUE,
  feed_id INTEGER,
  subscription_id TEXT,
  channel TEXT NOT NULL,
  kind TEXT NOT NULL,
  payload TEXT NOT NULL,
  state TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  last_error TEXT,
  sent_channel TEXT,
  sent_ts TEXT,
  created_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS outbox_state ON outbox(state, channel, id);
CREATE TABLE IF NOT EXISTS threads (
  channel TEXT NOT NULL,
  account TEXT NOT NULL,
  repo TEXT NOT NULL,
  subject TEXT NOT NULL,
  channel_id TEXT NOT NULL,
  ts TEXT NOT NULL,
  used_at INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (channel, account, repo, subject)
);
CREATE TABLE IF NOT EXISTS pipeline_status (
  account TEXT NOT NULL,
  repo TEXT NOT NULL,
  ref TEXT NOT NULL,
  status TEXT NOT NULL,
  updated_at INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (account, repo, ref)
);
CREATE TABLE IF NOT EXISTS pattern_members (
  subscription_id TEXT NOT NULL,
  repo_id TEXT NOT NULL,
  path TEXT NOT NULL,
  picked_up_at INTEGER NOT NULL,
  PRIMARY KEY (subscription_id, repo_id)
);
CREATE TABLE IF NOT EXISTS pattern_listings (
  subscription_id TEXT PRIMARY KEY,
  listed_at INTEGER NOT NULL,
  warning TEXT
);
CREATE TABLE IF NOT EXISTS kv (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
`;

/**
 * Durable state in SQLite (WAL, synchronous=FULL): a committed transaction survives kill -9 and power
 * loss; an uncommitted one leaves no trace. Every state change that must be atomic runs in one transaction.
 */
export function openDatabase(dataDir: string, fileName = 'state.db'): Db {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const path = join(dataDir, fileName);
  // Owner-only: the database is made 0600 before SQLite opens it, and SQLite gives the -wal and -shm files the
  // database's mode; files an older version left readable by others are fixed here.
  closeSync(openSync(path, 'a', 0o600));
  if (process.platform !== 'win32')
    for (const file of [path, `${path}-wal`, `${path}-shm`]) if (existsSync(file)) chmodSync(file, 0o600);
  const db = new Database(path);
  // A new database reclaims the pages retention frees in small steps (PRAGMA incremental_vacuum); this must be set
  // before anything is written. One made before keeps auto_vacuum off until the retention service converts it.
  if ((db.pragma('page_count', { simple: true }) as number) === 0) db.pragma('auto_vacuum = INCREMENTAL');
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > SCHEMA_VERSION) {
    db.close();
    throw new Error(
      `${join(dataDir, fileName)} was written by a newer Forgebell (schema ${version}). Update Forgebell.`,
    );
  }
  return applySchema(db);
}

function applySchema(db: Db): Db {
  db.transaction(() => {
    db.exec(SCHEMA);
    migrateToRetention(db, Date.now());
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  })();
  return db;
}

/** The same schema in memory: fast tests of the real stores (no durability, no file). */
export function openMemoryDatabase(): Db {
  return applySchema(new Database(':memory:'));
}

/**
 * Schema 2 (retention): when a thread parent was last used and when a pipeline status last changed, so both can
 * be pruned; rows that existed before count as used now (nothing is pruned at the upgrade). Indexes for the
 * retention deletes. Idempotent.
 */
function migrateToRetention(db: Db, now: number): void {
  const columns = (table: string): string[] =>
    (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name);
  if (!columns('threads').includes('used_at')) {
    db.exec('ALTER TABLE threads ADD COLUMN used_at INTEGER NOT NULL DEFAULT 0');
    db.prepare('UPDATE threads SET used_at = ?').run(now);
  }
  if (!columns('pipeline_status').includes('updated_at')) {
    db.exec('ALTER TABLE pipeline_status ADD COLUMN updated_at INTEGER NOT NULL DEFAULT 0');
    db.prepare('UPDATE pipeline_status SET updated_at = ?').run(now);
  }
  db.exec(`
    CREATE INDEX IF NOT EXISTS feed_seen_at ON feed(seen_at);
    CREATE INDEX IF NOT EXISTS outbox_created_at ON outbox(created_at);
    CREATE INDEX IF NOT EXISTS threads_used_at ON threads(used_at);
    CREATE INDEX IF NOT EXISTS pipeline_status_updated_at ON pipeline_status(updated_at);
  `);
}
