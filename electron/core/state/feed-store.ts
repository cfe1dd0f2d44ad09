import type { FeedFate, FeedItem, FeedQuery } from '../../contract/schemas.js';
import type { EventName } from '../../contract/vocabulary/event-names.js';
import type { Db } from './database.js';

interface FeedRow {
  id: number;
  event_id: string;
  subscription_id: string | null;
  event: string;
  action: string;
  forge: string;
  repo: string;
  actor: string;
  summary: string;
  url: string;
  created_at: string;
  fate: string;
  reason: string | null;
  channel: string | null;
  slack_link: string | null;
  next_attempt_at: number | null;
}

export type NewFeedItem = Omit<FeedItem, 'id' | 'nextAttemptAt'> & { nextAttemptAt?: number | null };

function toItem(row: FeedRow): FeedItem {
  return {
    id: row.id,
    eventId: row.event_id,
    subscriptionId: row.subscription_id,
    event: row.event as EventName,
    action: row.action,
    forge: row.forge as FeedItem['forge'],
    repo: row.repo,
    actor: row.actor,
    summary: row.summary,
    url: row.url,
    createdAt: row.created_at,
    fate: row.fate as FeedFate,
    reason: row.reason,
    channel: row.channel,
    slackLink: row.slack_link,
    nextAttemptAt: row.next_attempt_at === null ? null : new Date(row.next_attempt_at).toISOString(),
  };
}

/** The live feed: every event the engine saw, with its fate. */
export class FeedStore {
  constructor(
    private readonly db: Db,
    private readonly now: () => number,
  ) {}

  insert(item: NewFeedItem): number {
    const info = this.db
      .prepare(
        `INSERT INTO feed (event_id, subscription_id, event, action, forge, repo, actor, summary, url, created_at, fate,
                           reason, channel, slack_link, next_attempt_at, seen_at)
         VALUES (@eventId, @subscriptionId, @event, @action, @forge, @repo, @actor, @summary, @url, @createdAt, @fate,
                 @reason, @channel, @slackLink, @nextAttemptAt, @seenAt)`,
      )
      .run({ ...item, nextAttemptAt: item.nextAttemptAt ?? null, seenAt: this.now() });
    return Number(info.lastInsertRowid);
  }

  update(
    id: number,
    patch: {
      fate: FeedFate;
      reason?: string | null;
      slackLink?: string | null;
      nextAttemptAt?: number | null;
      channel?: string | null;
    },
  ): void {
    this.db
      .prepare(
        `UPDATE feed SET fate = @fate, reason = @reason, slack_link = COALESCE(@slackLink, slack_link),
                         next_attempt_at = @nextAttemptAt, channel = COALESCE(@channel, channel)
         WHERE id = @id`,
      )
      .run({
        id,
        fate: patch.fate,
        reason: patch.reason ?? null,
        slackLink: patch.slackLink ?? null,
        nextAttemptAt: patch.nextAttemptAt ?? null,
        channel: patch.channel ?? null,
      });
  }

  get(id: number): FeedItem | null {
    const row = this.db.prepare('SELECT * FROM feed WHERE id = ?').get(id) as FeedRow | undefined;
    return row ? toItem(row) : null;
  }

  /** A page of the feed, newest first; `channel`: only rows sent there (a Slack user ID: that person's DMs). */
  page(query: FeedQuery, channel?: string): { items: FeedItem[]; total: number } {
    const where: string[] = [];
    const params: Record<string, unknown> = {};
    if (channel !== undefined) {
      where.push('channel = @channel');
      params.channel = channel;
    }
    if (query.repo) {
      where.push('repo = @repo');
      params.repo = query.repo;
    }
    if (query.event) {
      where.push('event = @event');
      params.event = query.event;
    }
    if (query.fate) {
      where.push('fate = @fate');
      params.fate = query.fate;
    }
    if (query.text) {
      where.push("(summary LIKE @text ESCAPE '\\' OR actor LIKE @text ESCAPE '\\' OR repo LIKE @text ESCAPE '\\')");
      params.text = `%${query.text.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    }
    const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const total = (this.db.prepare(`SELECT COUNT(*) AS n FROM feed ${filter}`).get(params) as { n: number }).n;
    const before = query.beforeId !== undefined ? `${filter ? `${filter} AND` : 'WHERE'} id < @beforeId` : filter;
    const rows = this.db.prepare(`SELECT * FROM feed ${before} ORDER BY id DESC LIMIT @limit`).all({
      ...params,
      ...(query.beforeId !== undefined ? { beforeId: query.beforeId } : {}),
      limit: query.limit ?? 100,
    }) as FeedRow[];
    return { items: rows.map(toItem), total };
  }

  lastEventAt(subscriptionId: string): string | null {
    const row = this.db
      .prepare('SELECT MAX(created_at) AS t FROM feed WHERE subscription_id = ?')
      .get(subscriptionId) as { t: string | null };
    return row.t;
  }

  /** Rows after `id`; with `channel`, only those sent there (a Slack user ID: that person's DMs). */
  countSince(id: number, channel?: string): number {
    if (channel !== undefined)
      return (
        this.db.prepare('SELECT COUNT(*) AS n FROM feed WHERE id > ? AND channel = ?').get(id, channel) as { n: number }
      ).n;
    return (this.db.prepare('SELECT COUNT(*) AS n FROM feed WHERE id > ?').get(id) as { n: number }).n;
  }

  maxId(): number {
    return (this.db.prepare('SELECT COALESCE(MAX(id), 0) AS n FROM feed').get() as { n: number }).n;
  }
}
