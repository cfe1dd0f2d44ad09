import type { Db } from './database.js';

export interface ThreadRef {
  channelId: string;
  ts: string;
}

/** Which Slack message is the parent of an issue's or PR/MR's thread, per channel, and when it was last used. */
export class ThreadStore {
  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {}

  get(channel: string, account: string, repo: string, subject: string): ThreadRef | null {
    const row = this.db
      .prepare('SELECT channel_id, ts FROM threads WHERE channel = ? AND account = ? AND repo = ? AND subject = ?')
      .get(channel, account, repo.toLowerCase(), subject) as { channel_id: string; ts: string } | undefined;
    return row ? { channelId: row.channel_id, ts: row.ts } : null;
  }

  put(channel: string, account: string, repo: string, subject: string, ref: ThreadRef): void {
    this.db
      .prepare(
        'INSERT OR REPLACE INTO threads (channel, account, repo, subject, channel_id, ts, used_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(channel, account, repo.toLowerCase(), subject, ref.channelId, ref.ts, this.now());
  }

  /** A reply went into this thread: it stays in the map for another retention period. */
  touch(channel: string, account: string, repo: string, subject: string): void {
    this.db
      .prepare('UPDATE threads SET used_at = ? WHERE channel = ? AND account = ? AND repo = ? AND subject = ?')
      .run(this.now(), channel, account, repo.toLowerCase(), subject);
  }
}
