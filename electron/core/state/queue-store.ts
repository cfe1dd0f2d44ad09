import type { Db } from './database.js';
import type { QueueItem } from '../queue/queue-model.js';

/**
 * The review queue, durable beside the outbox (same database, so an ingest transaction marks items dirty with the
 * events it records, and a restart does not read every repository again):
 * - `queue_repos`: each repository read in full once, when, and why it could not be (gone, refused);
 * - `queue_items`: its open pull/merge requests and assigned open issues (JSON, the forge-neutral QueueItem);
 * - `queue_dirty`: items an event touched since (read again, alone, the next time the queue is asked);
 * - `digest_days`: each scheduled digest posted, per local day — written in the transaction that queues it, so a
 *   digest is queued once per day whatever restarts or crashes happen around it.
 * Repository keys compare case-insensitively, as the forges do. The tables are step 5 of the migration chain
 * (`state/migrations.ts`).
 */
export interface QueueRepoState {
  readAt: number;
  problem: string | null;
}

const key = (repo: string) => repo.toLowerCase();

export class QueueStore {
  constructor(private readonly db: Db) {}

  repoState(account: string, repo: string): QueueRepoState | null {
    const row = this.db
      .prepare('SELECT read_at, problem FROM queue_repos WHERE account = ? AND repo = ?')
      .get(account, key(repo)) as { read_at: number; problem: string | null } | undefined;
    return row ? { readAt: row.read_at, problem: row.problem } : null;
  }

  /** A full read of one repository replaces what was known of it, in one transaction. */
  replaceRepo(account: string, repo: string, items: readonly QueueItem[], at: number): void {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM queue_items WHERE account = ? AND repo = ?').run(account, key(repo));
      this.db.prepare('DELETE FROM queue_dirty WHERE account = ? AND repo = ?').run(account, key(repo));
      const insert = this.db.prepare(
        'INSERT INTO queue_items (account, repo, kind, number, data) VALUES (?, ?, ?, ?, ?)',
      );
      for (const item of items) insert.run(account, key(repo), item.kind, item.number, JSON.stringify(item));
      this.db
        .prepare(
          'INSERT INTO queue_repos (account, repo, read_at, problem) VALUES (?, ?, ?, NULL) ON CONFLICT(account, repo) DO UPDATE SET read_at = excluded.read_at, problem = NULL',
        )
        .run(account, key(repo), at);
    })();
  }

  /** A repository that could not be read (gone): nothing of it is listed, and the problem is kept to say why. */
  markProblem(account: string, repo: string, problem: string, at: number): void {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM queue_items WHERE account = ? AND repo = ?').run(account, key(repo));
      this.db.prepare('DELETE FROM queue_dirty WHERE account = ? AND repo = ?').run(account, key(repo));
      this.db
        .prepare(
          'INSERT INTO queue_repos (account, repo, read_at, problem) VALUES (?, ?, ?, ?) ON CONFLICT(account, repo) DO UPDATE SET read_at = excluded.read_at, problem = excluded.problem',
        )
        .run(account, key(repo), at, problem);
    })();
  }

  /** Whether any repository of this account is in the queue (then its events are read to keep it current). */
  hasRepos(account: string): boolean {
    return this.db.prepare('SELECT 1 FROM queue_repos WHERE account = ? LIMIT 1').get(account) !== undefined;
  }

  /** Forgets a repository (read in full again when next asked: it came back, or its problem may be over). */
  forgetRepo(account: string, repo: string): void {
    this.db.prepare('DELETE FROM queue_repos WHERE account = ? AND repo = ?').run(account, key(repo));
  }

  /**
   * Marks items dirty; call inside the ingest transaction. Only for repositories already read in full (a repository
   * not read yet is read whole when the queue is first asked). Returns how many were marked.
   */
  markDirty(account: string, repo: string, refs: Iterable<{ kind: QueueItem['kind']; number: number }>): number {
    if (!this.repoState(account, repo)) return 0;
    const insert = this.db.prepare(
      'INSERT OR IGNORE INTO queue_dirty (account, repo, kind, number) VALUES (?, ?, ?, ?)',
    );
    let marked = 0;
    for (const ref of refs) marked += insert.run(account, key(repo), ref.kind, ref.number).changes;
    return marked;
  }

  dirty(account: string, repos: readonly string[]): { repo: string; kind: QueueItem['kind']; number: number }[] {
    const wanted = new Set(repos.map(key));
    const rows = this.db.prepare('SELECT repo, kind, number FROM queue_dirty WHERE account = ?').all(account) as {
      repo: string;
      kind: QueueItem['kind'];
      number: number;
    }[];
    return rows.filter((row) => wanted.has(row.repo));
  }

  /** Stores what a dirty item is now (null: no longer in the queue) and clears its mark. */
  resolveDirty(account: string, repo: string, kind: QueueItem['kind'], number: number, item: QueueItem | null): void {
    this.db.transaction(() => {
      // GitHub numbers pulls and issues together: what was read replaces either kind under that number.
      this.db
        .prepare('DELETE FROM queue_items WHERE account = ? AND repo = ? AND kind = ? AND number = ?')
        .run(account, key(repo), kind, number);
      if (item)
        this.db
          .prepare(
            'INSERT INTO queue_items (account, repo, kind, number, data) VALUES (?, ?, ?, ?, ?) ON CONFLICT(account, repo, kind, number) DO UPDATE SET data = excluded.data',
          )
          .run(account, key(repo), item.kind, number, JSON.stringify(item));
      this.db
        .prepare('DELETE FROM queue_dirty WHERE account = ? AND repo = ? AND kind = ? AND number = ?')
        .run(account, key(repo), kind, number);
    })();
  }

  /** Pull requests of a repository whose head is `branch` (a pipeline on it changes their checks). */
  pullsOnBranch(account: string, repo: string, branch: string): number[] {
    return this.items(account, [repo]).flatMap((item) =>
      item.kind === 'pull' && item.headBranch === branch ? [item.number] : [],
    );
  }

  /**
   * Claims a digest's day: true when it was not posted for that day yet (and records it). Call inside the transaction
   * that queues the digest, so the record and the outbox row commit together or not at all.
   */
  claimDigestDay(key: string, day: string, at: number): boolean {
    return (
      this.db.prepare('INSERT OR IGNORE INTO digest_days (key, day, at) VALUES (?, ?, ?)').run(key, day, at).changes ===
      1
    );
  }

  digestPosted(key: string, day: string): boolean {
    return this.db.prepare('SELECT 1 FROM digest_days WHERE key = ? AND day = ?').get(key, day) !== undefined;
  }

  items(account: string, repos: readonly string[]): QueueItem[] {
    const out: QueueItem[] = [];
    const select = this.db.prepare('SELECT data FROM queue_items WHERE account = ? AND repo = ? ORDER BY number, kind');
    for (const repo of new Set(repos.map(key)))
      for (const row of select.all(account, repo) as { data: string }[]) out.push(JSON.parse(row.data) as QueueItem);
    return out;
  }
}
