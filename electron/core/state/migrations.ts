import type Database from 'better-sqlite3';
import { fixPlaceOf } from '../../contract/vocabulary/delivery-errors.js';

type Db = Database.Database;

/**
 * The state database's schema as a chain of steps, like config upgrades: step N turns a version N-1 database into
 * version N, in its own transaction together with `PRAGMA user_version = N`. A new database runs every step; an older
 * one runs the steps it lacks; a crash mid-step leaves the previous version, whole. A later change adds a step at the
 * end — never edits a step that has shipped.
 */
export interface Migration {
  to: number;
  /** What the step brings, for the log and the error when it fails. */
  what: string;
  up(db: Db): void;
}

/** Version 1: the first schema (one feed row per delivery). `IF NOT EXISTS` because it predates versioning. */
const V1 = `
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
  PRIMARY KEY (channel, account, repo, subject)
);
CREATE TABLE IF NOT EXISTS pipeline_status (
  account TEXT NOT NULL,
  repo TEXT NOT NULL,
  ref TEXT NOT NULL,
  status TEXT NOT NULL,
  PRIMARY KEY (account, repo, ref)
);
CREATE TABLE IF NOT EXISTS kv (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
`;

/**
 * Version 2: one feed row per forge event, and a destination row for each place it went (or was filtered for) with
 * that destination's own fate. The per-delivery rows of version 1 become destinations of their event's row (grouped by
 * repository and event id; the row keeps the id of the event's first v1 row, so ids stay in time order), outbox rows
 * point at the event's row and each destination at its outbox row. A failed row's "Slack: code — cause. fix" becomes the
 * raw error, its code (what failures are grouped by), the cause, the fix and where to make it.
 * Ids are never reused: the new table's id sequence continues from the old one.
 */
function feedPerEvent(db: Db): void {
  db.exec(`
    ALTER TABLE feed RENAME TO feed_v1;
    DROP INDEX IF EXISTS feed_repo;
    DROP INDEX IF EXISTS feed_subscription;
    CREATE TABLE feed (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      event_id TEXT NOT NULL,
      event TEXT NOT NULL,
      action TEXT NOT NULL,
      forge TEXT NOT NULL,
      repo TEXT NOT NULL,
      actor TEXT NOT NULL,
      summary TEXT NOT NULL,
      url TEXT NOT NULL,
      created_at TEXT NOT NULL,
      seen_at INTEGER NOT NULL
    );
    CREATE INDEX feed_repo ON feed(repo);
    CREATE TABLE feed_destinations (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      feed_id INTEGER NOT NULL REFERENCES feed(id) ON DELETE CASCADE,
      kind TEXT NOT NULL,
      target TEXT,
      subscription_id TEXT,
      fate TEXT NOT NULL,
      reason TEXT,
      fix TEXT,
      fix_at TEXT,
      error_code TEXT,
      error TEXT,
      slack_link TEXT,
      next_attempt_at INTEGER,
      outbox_id INTEGER
    );
    CREATE INDEX feed_destinations_feed ON feed_destinations(feed_id, fate);
    CREATE INDEX feed_destinations_fate ON feed_destinations(fate, feed_id);
    CREATE INDEX feed_destinations_outbox ON feed_destinations(outbox_id);
    CREATE INDEX feed_destinations_subscription ON feed_destinations(subscription_id, feed_id);

    CREATE TEMP TABLE feed_groups AS
      SELECT v.id AS old_id, g.first_id AS new_id
      FROM feed_v1 v JOIN (SELECT repo, event_id, MIN(id) AS first_id FROM feed_v1 GROUP BY repo, event_id) g
        ON g.repo = v.repo AND g.event_id = v.event_id;
    CREATE INDEX temp.feed_groups_old ON feed_groups(old_id);

    INSERT INTO feed (id, event_id, event, action, forge, repo, actor, summary, url, created_at, seen_at)
      SELECT v.id, v.event_id, v.event, v.action, v.forge, v.repo, v.actor, v.summary, v.url, v.created_at, v.seen_at
      FROM feed_v1 v WHERE v.id IN (SELECT new_id FROM feed_groups)
      ORDER BY v.id;

    INSERT INTO feed_destinations (feed_id, kind, target, subscription_id, fate, reason, fix, slack_link,
                                   next_attempt_at, outbox_id)
      SELECT g.new_id,
             -- A personal DM's row (no subscription, sent to a Slack user ID) becomes a 'dm' destination.
             CASE WHEN v.subscription_id IS NULL AND v.channel GLOB '[UW][A-Z0-9][A-Z0-9]*' THEN 'dm' ELSE 'channel' END,
             COALESCE(v.channel, (SELECT o.channel FROM outbox o WHERE o.feed_id = v.id ORDER BY o.id DESC LIMIT 1)),
             v.subscription_id, v.fate,
             CASE WHEN v.fate = 'failed' AND instr(v.reason, ' — ') > 0
                  THEN substr(v.reason, 1, instr(v.reason, ' — ') - 1) ELSE v.reason END,
             CASE WHEN v.fate = 'failed' AND instr(v.reason, ' — ') > 0
                  THEN substr(v.reason, instr(v.reason, ' — ') + 3) ELSE NULL END,
             v.slack_link, v.next_attempt_at,
             (SELECT o.id FROM outbox o WHERE o.feed_id = v.id ORDER BY o.id DESC LIMIT 1)
      FROM feed_v1 v JOIN feed_groups g ON g.old_id = v.id
      ORDER BY v.id;

    UPDATE outbox SET feed_id = (SELECT new_id FROM feed_groups WHERE old_id = outbox.feed_id)
      WHERE feed_id IS NOT NULL AND feed_id IN (SELECT old_id FROM feed_groups);
  `);
  // A v1 failure said "Slack: <code> — <cause>. <fix>": keep the raw error, group it by its code, split the words.
  const failed = db.prepare("SELECT id, reason, fix FROM feed_destinations WHERE fate = 'failed'").all() as {
    id: number;
    reason: string | null;
    fix: string | null;
  }[];
  const setFailure = db.prepare(
    'UPDATE feed_destinations SET reason = ?, fix = ?, fix_at = ?, error_code = ?, error = ? WHERE id = ?',
  );
  for (const row of failed) {
    const code = /^Slack(?: webhook)?: ([a-z_]+)/.exec(row.reason ?? '')?.[1] ?? null;
    const split = row.fix ? /^(.+?[.!?])\s+(.+)$/s.exec(row.fix) : null;
    setFailure.run(split?.[1] ?? row.fix ?? row.reason, split?.[2] ?? null, fixPlaceOf(code), code, row.reason, row.id);
  }
  // The new table's id sequence continues from the old one, so an id the UI once showed never names another event.
  const old = db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'feed_v1'").get() as { seq: number } | undefined;
  if (old) {
    const updated = db.prepare("UPDATE sqlite_sequence SET seq = MAX(seq, ?) WHERE name = 'feed'").run(old.seq);
    if (updated.changes === 0) db.prepare("INSERT INTO sqlite_sequence (name, seq) VALUES ('feed', ?)").run(old.seq);
  }
  db.exec('DROP TABLE feed_v1; DROP TABLE temp.feed_groups;');
}

/** Pattern subscriptions (owner/*, group/**): which repositories each follows, and when it was last listed. */
const PATTERNS = `
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
`;

/**
 * Version 4 (retention): when a thread parent was last used and when a pipeline status last changed, so both can be
 * pruned; rows that existed before count as used now (nothing is pruned at the upgrade). Indexes for the retention
 * deletes. Idempotent: it looks at the columns before adding them (a development database of the retention work,
 * stamped with another number, may already have them).
 */
export function retentionColumns(db: Db, now: number = Date.now()): void {
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

/**
 * Version 5: the review queue (digests, `/forgebell todo`): repositories read in full, their open items, the items an
 * event marked dirty, and each digest's posted days (with the index retention prunes them by). These tables were
 * created if missing by the queue's store before they joined the chain, so a database stamped 4 may already hold
 * them with their rows: `IF NOT EXISTS` keeps those as they are.
 */
const REVIEW_QUEUE = `
CREATE TABLE IF NOT EXISTS queue_repos (
  account TEXT NOT NULL,
  repo TEXT NOT NULL,
  read_at INTEGER NOT NULL,
  problem TEXT,
  PRIMARY KEY (account, repo)
);
CREATE TABLE IF NOT EXISTS queue_items (
  account TEXT NOT NULL,
  repo TEXT NOT NULL,
  kind TEXT NOT NULL,
  number INTEGER NOT NULL,
  data TEXT NOT NULL,
  PRIMARY KEY (account, repo, kind, number)
);
CREATE TABLE IF NOT EXISTS digest_days (
  key TEXT NOT NULL,
  day TEXT NOT NULL,
  at INTEGER NOT NULL,
  PRIMARY KEY (key, day)
);
CREATE INDEX IF NOT EXISTS digest_days_at ON digest_days(at);
CREATE TABLE IF NOT EXISTS queue_dirty (
  account TEXT NOT NULL,
  repo TEXT NOT NULL,
  kind TEXT NOT NULL,
  number INTEGER NOT NULL,
  PRIMARY KEY (account, repo, kind, number)
);
`;

/**
 * Version 6: the personal layer's state (people-store.ts): the DM keys spent, a person's DM problem, when a person
 * was last asked to sign in again, and each signed-in person's inbox position. People's store created these tables if
 * missing before they joined the chain, so a database stamped 5 may already hold them with their rows: `IF NOT EXISTS`
 * keeps those as they are.
 */
const PEOPLE = `
CREATE TABLE IF NOT EXISTS dm_keys (
  key TEXT PRIMARY KEY,
  at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS people_state (
  slack TEXT PRIMARY KEY,
  dm_problem TEXT,
  dm_problem_code TEXT,
  dm_problem_at INTEGER
);
CREATE TABLE IF NOT EXISTS signin_asks (
  slack TEXT NOT NULL,
  account TEXT NOT NULL,
  at INTEGER NOT NULL,
  PRIMARY KEY (slack, account)
);
CREATE TABLE IF NOT EXISTS inbox_cursors (
  slack TEXT NOT NULL,
  account TEXT NOT NULL,
  cursor TEXT NOT NULL,
  polled_at INTEGER NOT NULL,
  PRIMARY KEY (slack, account)
);
`;

/**
 * Version 7: each inbox's cadence (inbox-cadence.ts) beside its position, so a restart neither reads a backed-off
 * inbox sooner than its interval nor forgets how far it had backed off. Null: the normal cadence.
 */
function inboxCadence(db: Db): void {
  const columns = db.prepare('PRAGMA table_info(inbox_cursors)').all() as { name: string }[];
  if (!columns.some((c) => c.name === 'interval_ms'))
    db.exec('ALTER TABLE inbox_cursors ADD COLUMN interval_ms INTEGER');
}

export const MIGRATIONS: readonly Migration[] = [
  { to: 1, what: 'cursors, seen ids, feed, outbox, threads, pipeline states', up: (db) => db.exec(V1) },
  { to: 2, what: 'one feed row per event, with its destinations', up: feedPerEvent },
  { to: 3, what: "pattern subscriptions' members and listings", up: (db) => db.exec(PATTERNS) },
  { to: 4, what: 'when threads and pipeline states were last used (retention)', up: (db) => retentionColumns(db) },
  { to: 5, what: 'the review queue and the days each digest was posted', up: (db) => db.exec(REVIEW_QUEUE) },
  { to: 6, what: "people's DM keys, DM problems, sign-in asks and inbox positions", up: (db) => db.exec(PEOPLE) },
  { to: 7, what: "each personal inbox's reading cadence", up: inboxCadence },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.to;

/** Runs the steps the database lacks, each in its own transaction. Throws (changing nothing) for a newer database. */
export function migrate(db: Db, where: string, steps: readonly Migration[] = MIGRATIONS): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  const latest = steps[steps.length - 1]?.to ?? 0;
  if (version > latest)
    throw new Error(`${where} was written by a newer Forgebell (schema ${version}). Update Forgebell.`);
  for (const step of steps) {
    if (step.to <= version) continue;
    try {
      db.transaction(() => {
        step.up(db);
        db.pragma(`user_version = ${step.to}`);
      })();
    } catch (error) {
      throw new Error(
        `Could not upgrade ${where} to schema ${step.to} (${step.what}): ${(error as Error).message}. Nothing of this step was changed.`,
        { cause: error },
      );
    }
  }
}
