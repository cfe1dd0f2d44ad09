import type { RepoCursor } from '../forges/forge-adapter.js';
import type { Db } from './database.js';

export interface StoredCursor {
  cursor: RepoCursor;
  polledAt: number;
}

/** Per account+repo poll position. Written in the same transaction as the events it produced. */
export class CursorStore {
  constructor(private readonly db: Db) {}

  get(account: string, repo: string): StoredCursor | null {
    const row = this.db
      .prepare('SELECT cursor, polled_at FROM cursors WHERE account = ? AND repo = ?')
      .get(account, repo.toLowerCase()) as { cursor: string; polled_at: number } | undefined;
    return row ? { cursor: JSON.parse(row.cursor) as RepoCursor, polledAt: row.polled_at } : null;
  }

  /** Whether `cursor` is what is stored already (so writing it would change nothing). */
  unchanged(account: string, repo: string, cursor: RepoCursor): boolean {
    const row = this.db
      .prepare('SELECT cursor FROM cursors WHERE account = ? AND repo = ?')
      .get(account, repo.toLowerCase()) as { cursor: string } | undefined;
    return row !== undefined && row.cursor === JSON.stringify(cursor);
  }

  put(account: string, repo: string, cursor: RepoCursor, polledAt: number): void {
    this.db
      .prepare(
        'INSERT INTO cursors (account, repo, cursor, polled_at) VALUES (?, ?, ?, ?) ON CONFLICT(account, repo) DO UPDATE SET cursor = excluded.cursor, polled_at = excluded.polled_at',
      )
      .run(account, repo.toLowerCase(), JSON.stringify(cursor), polledAt);
  }

  /**
   * A repository was renamed or moved: its poll position and pipeline states follow it to the new path (unless the new
   * path already has its own). Run inside the transaction that records the rename.
   */
  moveRepo(account: string, from: string, to: string): void {
    const [a, b] = [from.toLowerCase(), to.toLowerCase()];
    if (a === b) return;
    this.db.prepare('UPDATE OR IGNORE cursors SET repo = ? WHERE account = ? AND repo = ?').run(b, account, a);
    this.db.prepare('UPDATE OR IGNORE pipeline_status SET repo = ? WHERE account = ? AND repo = ?').run(b, account, a);
    this.db.prepare('UPDATE OR IGNORE threads SET repo = ? WHERE account = ? AND repo = ?').run(b, account, a);
  }

  /** Remembers an event id; false when it was seen before (the dedupe across polls and restarts). */
  markSeen(eventId: string, at: number): boolean {
    return (
      this.db.prepare('INSERT OR IGNORE INTO seen_events (id, seen_at) VALUES (?, ?)').run(eventId, at).changes === 1
    );
  }

  pruneSeen(olderThan: number): void {
    this.db.prepare('DELETE FROM seen_events WHERE seen_at < ?').run(olderThan);
  }

  previousPipelineStatus(account: string, repo: string, ref: string): string | null {
    const row = this.db
      .prepare('SELECT status FROM pipeline_status WHERE account = ? AND repo = ? AND ref = ?')
      .get(account, repo.toLowerCase(), ref) as { status: string } | undefined;
    return row?.status ?? null;
  }

  setPipelineStatus(account: string, repo: string, ref: string, status: string, at: number = Date.now()): void {
    this.db
      .prepare(
        'INSERT INTO pipeline_status (account, repo, ref, status, updated_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT(account, repo, ref) DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at',
      )
      .run(account, repo.toLowerCase(), ref, status, at);
  }
}
