import Database from 'better-sqlite3';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { migrate } from './migrations.js';
import { cacheStatements } from './statement-cache.js';

export type Db = Database.Database;

/**
 * The connection's page cache, in SQLite's unit (negative: KiB): 2 MB, SQLite's own default. better-sqlite3 builds
 * SQLite with 16 MB (SQLITE_DEFAULT_CACHE_SIZE=-16000), and the engine's cache filled towards that as state.db grew:
 * at 1,000 repositories it held 12 MB after 40 minutes, the whole of the engine's native memory climb (issue #16).
 * The pages the engine reads again (recent feed and outbox rows, the indexes it looks ids up in) fit in 2 MB; the
 * rest is in the operating system's file cache anyway.
 */
export const PAGE_CACHE_SIZE = -2000;

/**
 * Durable state in SQLite (WAL, synchronous=FULL): a committed transaction survives kill -9 and power
 * loss; an uncommitted one leaves no trace. Every state change that must be atomic runs in one transaction.
 * The schema is brought up to date by the migration chain (migrations.ts) before anything else reads it.
 */
export function openDatabase(dataDir: string, fileName = 'state.db'): Db {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const path = join(dataDir, fileName);
  // Owner-only: the database is made 0600 before SQLite opens it, and SQLite gives the -wal and -shm files the
  // database's mode; files an older version left readable by others are fixed here.
  closeSync(openSync(path, 'a', 0o600));
  if (process.platform !== 'win32')
    for (const file of [path, `${path}-wal`, `${path}-shm`]) if (existsSync(file)) chmodSync(file, 0o600);
  const db = cacheStatements(new Database(path));
  // A new database reclaims the pages retention frees in small steps (PRAGMA incremental_vacuum); this must be set
  // before anything is written. One made before keeps auto_vacuum off until the retention service converts it.
  if ((db.pragma('page_count', { simple: true }) as number) === 0) db.pragma('auto_vacuum = INCREMENTAL');
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  db.pragma(`cache_size = ${PAGE_CACHE_SIZE}`);
  try {
    migrate(db, path);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

/** The same schema in memory: fast tests of the real stores (no durability, no file). */
export function openMemoryDatabase(): Db {
  const db = cacheStatements(new Database(':memory:'));
  db.pragma('foreign_keys = ON');
  migrate(db, 'the in-memory database');
  return db;
}
