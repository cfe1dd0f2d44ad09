import Database from 'better-sqlite3';
import type { Db } from './database.js';

/**
 * Durable state of the personal layer, beside the outbox in the same database (so it commits with it):
 * - `dm_keys`: the DM keys spent (dm-key.ts), with when — one DM per person, subject and reason, across restarts;
 * - `people_state`: a DM Slack refused for good (the person is marked until a DM gets through), and when a person was
 *   last asked to sign in again (once, not once per cycle);
 * - `inbox_cursors`: each signed-in person's inbox position per account (If-Modified-Since, what was seen), when it
 *   was last read and the interval until the next read (its cadence, people/inbox-cadence.ts).
 * The tables are step 6 of the schema's migration chain (migrations.ts), the cadence step 7.
 */
export interface DmProblem {
  code: string;
  message: string;
  at: number;
}

export class PeopleStore {
  constructor(private readonly db: Db) {}

  /**
   * Spends a DM key: true when it was free (never used, or last used `windowMs` or more ago), and records `at`.
   * Called inside the transaction that queues the DM, so the key and the DM commit together.
   */
  claimDmKey(key: string, at: number, windowMs: number): boolean {
    const row = this.db.prepare('SELECT at FROM dm_keys WHERE key = ?').get(key) as { at: number } | undefined;
    if (row && at - row.at < windowMs) return false;
    this.db
      .prepare('INSERT INTO dm_keys (key, at) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET at = excluded.at')
      .run(key, at);
    return true;
  }

  /** Forgets keys older than `olderThan` (past every window). */
  pruneDmKeys(olderThan: number): void {
    this.db.prepare('DELETE FROM dm_keys WHERE at < ?').run(olderThan);
  }

  dmProblems(): Map<string, DmProblem> {
    const rows = this.db
      .prepare(
        'SELECT slack, dm_problem, dm_problem_code, dm_problem_at FROM people_state WHERE dm_problem IS NOT NULL',
      )
      .all() as { slack: string; dm_problem: string; dm_problem_code: string | null; dm_problem_at: number }[];
    return new Map(
      rows.map((r) => [r.slack, { code: r.dm_problem_code ?? 'unknown', message: r.dm_problem, at: r.dm_problem_at }]),
    );
  }

  /** Marks (or, with null, clears) a person's DM problem; true when that changed anything. */
  setDmProblem(slack: string, problem: DmProblem | null): boolean {
    const before = this.dmProblems().get(slack) ?? null;
    if ((before === null && problem === null) || (before && problem && before.code === problem.code)) return false;
    this.db
      .prepare(
        `INSERT INTO people_state (slack, dm_problem, dm_problem_code, dm_problem_at) VALUES (@slack, @message, @code, @at)
         ON CONFLICT(slack) DO UPDATE SET dm_problem = @message, dm_problem_code = @code, dm_problem_at = @at`,
      )
      .run({ slack, message: problem?.message ?? null, code: problem?.code ?? null, at: problem?.at ?? null });
    return true;
  }

  /** When this person was last asked to sign in again for `account` (null: never since their last sign-in). */
  signinAskedAt(slack: string, account: string): number | null {
    const row = this.db.prepare('SELECT at FROM signin_asks WHERE slack = ? AND account = ?').get(slack, account) as
      { at: number } | undefined;
    return row?.at ?? null;
  }

  /** Remembers that the person was asked to sign in again (null: forget it, they signed in). */
  setSigninAsked(slack: string, account: string, at: number | null): void {
    if (at === null) this.db.prepare('DELETE FROM signin_asks WHERE slack = ? AND account = ?').run(slack, account);
    else
      this.db
        .prepare(
          'INSERT INTO signin_asks (slack, account, at) VALUES (?, ?, ?) ON CONFLICT(slack, account) DO UPDATE SET at = excluded.at',
        )
        .run(slack, account, at);
  }

  inboxCursor(slack: string, account: string): Record<string, unknown> | null {
    const row = this.db
      .prepare('SELECT cursor FROM inbox_cursors WHERE slack = ? AND account = ?')
      .get(slack, account) as { cursor: string } | undefined;
    return row ? (JSON.parse(row.cursor) as Record<string, unknown>) : null;
  }

  /** When the inbox was last read and the interval chosen then until the next read (null: the normal one). */
  inboxTiming(slack: string, account: string): { polledAt: number; intervalMs: number | null } | null {
    const row = this.db
      .prepare('SELECT polled_at, interval_ms FROM inbox_cursors WHERE slack = ? AND account = ?')
      .get(slack, account) as { polled_at: number | null; interval_ms: number | null } | undefined;
    if (typeof row?.polled_at !== 'number') return null;
    return { polledAt: row.polled_at, intervalMs: typeof row.interval_ms === 'number' ? row.interval_ms : null };
  }

  /** The inbox's position after a read at `at`, and the interval until the next read (null: the normal one). */
  putInboxCursor(
    slack: string,
    account: string,
    cursor: Record<string, unknown>,
    at: number,
    intervalMs: number | null = null,
  ): void {
    this.db
      .prepare(
        `INSERT INTO inbox_cursors (slack, account, cursor, polled_at, interval_ms) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT(slack, account) DO UPDATE SET cursor = excluded.cursor, polled_at = excluded.polled_at,
           interval_ms = excluded.interval_ms`,
      )
      .run(slack, account, JSON.stringify(cursor), at, intervalMs);
  }

  dropInboxCursor(slack: string, account: string): void {
    this.db.prepare('DELETE FROM inbox_cursors WHERE slack = ? AND account = ?').run(slack, account);
  }
}

/**
 * The DM problems recorded in a data dir's state.db, read without writing anything (`doctor` beside a running engine,
 * or without one); empty when there is no database or no such table yet.
 */
export function readDmProblems(dbFile: string): Map<string, DmProblem> {
  let db: Db | null = null;
  try {
    db = new Database(dbFile, { readonly: true, fileMustExist: true });
    const exists = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'people_state'").get();
    if (!exists) return new Map();
    const rows = db
      .prepare(
        'SELECT slack, dm_problem, dm_problem_code, dm_problem_at FROM people_state WHERE dm_problem IS NOT NULL',
      )
      .all() as { slack: string; dm_problem: string; dm_problem_code: string | null; dm_problem_at: number }[];
    return new Map(
      rows.map((r) => [r.slack, { code: r.dm_problem_code ?? 'unknown', message: r.dm_problem, at: r.dm_problem_at }]),
    );
  } catch {
    return new Map();
  } finally {
    db?.close();
  }
}
