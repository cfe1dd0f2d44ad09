import type { FeedDestination, FeedItem, FeedQuery, FixPlace } from '../../contract/schemas.js';
import type { FeedEvent } from '../../contract/schemas.js';
import { type DestinationKind, type FeedFate, overallFate } from '../../contract/vocabulary/feed-fates.js';
import type { Db } from './database.js';

interface EventRow {
  id: number;
  event_id: string;
  event: string;
  action: string;
  forge: string;
  repo: string;
  actor: string;
  summary: string;
  url: string;
  created_at: string;
}

interface DestinationRow {
  id: number;
  feed_id: number;
  kind: string;
  target: string | null;
  subscription_id: string | null;
  fate: string;
  reason: string | null;
  fix: string | null;
  fix_at: string | null;
  error_code: string | null;
  error: string | null;
  slack_link: string | null;
  next_attempt_at: number | null;
  outbox_id: number | null;
}

/** A forge event as the feed records it (its destinations are added one by one). */
export type NewFeedEvent = Pick<
  FeedItem,
  'eventId' | 'event' | 'action' | 'forge' | 'repo' | 'actor' | 'summary' | 'url' | 'createdAt'
>;

/** One place the event goes (or was filtered for), with its fate when recorded. */
export interface NewDestination {
  kind: DestinationKind;
  target: string | null;
  subscriptionId: string | null;
  fate: FeedFate;
  reason?: string | null;
  outboxId?: number | null;
}

/**
 * A destination's new fate. Words about an earlier fate (reason, fix, error) are cleared unless given again; a Slack
 * link, once known, is kept.
 */
export interface DestinationPatch {
  fate: FeedFate;
  reason?: string | null;
  fix?: string | null;
  fixAt?: FixPlace | null;
  errorCode?: string | null;
  error?: string | null;
  slackLink?: string | null;
  nextAttemptAt?: number | null;
}

/** A destination with what the engine needs and the UI never sees: its event and its outbox row. */
export interface DestinationRef {
  id: number;
  feedId: number;
  outboxId: number | null;
  fate: FeedFate;
  errorCode: string | null;
}

function toDestination(row: DestinationRow): FeedDestination {
  return {
    id: row.id,
    kind: row.kind as DestinationKind,
    target: row.target,
    subscriptionId: row.subscription_id,
    fate: row.fate as FeedFate,
    reason: row.reason,
    fix: row.fix,
    fixAt: row.fix_at as FixPlace | null,
    errorCode: row.error_code,
    error: row.error,
    slackLink: row.slack_link,
    nextAttemptAt: row.next_attempt_at === null ? null : new Date(row.next_attempt_at).toISOString(),
  };
}

function toItem(row: EventRow, destinations: FeedDestination[]): FeedItem {
  return {
    id: row.id,
    eventId: row.event_id,
    event: row.event as FeedEvent,
    action: row.action,
    forge: row.forge as FeedItem['forge'],
    repo: row.repo,
    actor: row.actor,
    summary: row.summary,
    url: row.url,
    createdAt: row.created_at,
    fate: overallFate(destinations.map((d) => d.fate)),
    destinations,
  };
}

const likeText = (text: string): string => `%${text.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;

/**
 * The live feed: one row per forge event the engine saw, and for each the destinations it had — the channels its
 * subscriptions post to (or filtered it for), and later people's DMs and the desktop — each with its own fate.
 */
export class FeedStore {
  constructor(
    private readonly db: Db,
    private readonly now: () => number,
  ) {}

  insertEvent(event: NewFeedEvent): number {
    const info = this.db
      .prepare(
        `INSERT INTO feed (event_id, event, action, forge, repo, actor, summary, url, created_at, seen_at)
         VALUES (@eventId, @event, @action, @forge, @repo, @actor, @summary, @url, @createdAt, @seenAt)`,
      )
      .run({
        eventId: event.eventId,
        event: event.event,
        action: event.action,
        forge: event.forge,
        repo: event.repo,
        actor: event.actor,
        summary: event.summary,
        url: event.url,
        createdAt: event.createdAt,
        seenAt: this.now(),
      });
    return Number(info.lastInsertRowid);
  }

  addDestination(feedId: number, d: NewDestination): number {
    const info = this.db
      .prepare(
        `INSERT INTO feed_destinations (feed_id, kind, target, subscription_id, fate, reason, outbox_id)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(feedId, d.kind, d.target, d.subscriptionId, d.fate, d.reason ?? null, d.outboxId ?? null);
    return Number(info.lastInsertRowid);
  }

  /** Records a destination's new fate; returns its event's id (to push), or null when there is no such destination. */
  updateDestination(id: number, patch: DestinationPatch): number | null {
    return this.patch('id = @key', id, patch);
  }

  /** The same, for the destination a delivery (outbox row) belongs to. */
  updateByOutbox(outboxId: number, patch: DestinationPatch): number | null {
    return this.patch('outbox_id = @key', outboxId, patch);
  }

  private patch(where: string, key: number, patch: DestinationPatch): number | null {
    const row = this.db
      .prepare(
        `UPDATE feed_destinations SET fate = @fate, reason = @reason, fix = @fix, fix_at = @fixAt,
                error_code = @errorCode, error = @error, slack_link = COALESCE(@slackLink, slack_link),
                next_attempt_at = @nextAttemptAt
         WHERE ${where} RETURNING feed_id`,
      )
      .get({
        key,
        fate: patch.fate,
        reason: patch.reason ?? null,
        fix: patch.fix ?? null,
        fixAt: patch.fixAt ?? null,
        errorCode: patch.errorCode ?? null,
        error: patch.error ?? null,
        slackLink: patch.slackLink ?? null,
        nextAttemptAt: patch.nextAttemptAt ?? null,
      }) as { feed_id: number } | undefined;
    return row?.feed_id ?? null;
  }

  /** The engine's view of one destination (with its outbox row), or null. */
  destination(id: number): DestinationRef | null {
    const row = this.db.prepare('SELECT * FROM feed_destinations WHERE id = ?').get(id) as DestinationRow | undefined;
    return row ? toRef(row) : null;
  }

  /** Every destination of one event, for the engine (retry, dismiss). */
  destinationsOf(feedId: number): DestinationRef[] {
    const rows = this.db
      .prepare('SELECT * FROM feed_destinations WHERE feed_id = ? ORDER BY id')
      .all(feedId) as DestinationRow[];
    return rows.map(toRef);
  }

  get(id: number): FeedItem | null {
    const row = this.db.prepare('SELECT * FROM feed WHERE id = ?').get(id) as EventRow | undefined;
    return row ? toItem(row, this.destinationsFor([row.id]).get(row.id) ?? []) : null;
  }

  /** A page of the feed, newest first; `dmTo`: only events with a DM to this Slack user ("For you"). */
  page(query: FeedQuery, dmTo?: string): { items: FeedItem[]; total: number } {
    const where: string[] = [];
    const params: Record<string, unknown> = {};
    if (dmTo !== undefined) {
      where.push(
        "EXISTS (SELECT 1 FROM feed_destinations d WHERE d.feed_id = feed.id AND d.kind = 'dm' AND d.target = @dmTo)",
      );
      params.dmTo = dmTo;
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
      // An event matches a fate when any of its destinations has it.
      where.push('EXISTS (SELECT 1 FROM feed_destinations d WHERE d.feed_id = feed.id AND d.fate = @fate)');
      params.fate = query.fate;
    }
    if (query.text) {
      where.push(
        `(summary LIKE @text ESCAPE '\\' OR actor LIKE @text ESCAPE '\\' OR repo LIKE @text ESCAPE '\\'
          OR EXISTS (SELECT 1 FROM feed_destinations d WHERE d.feed_id = feed.id
                       AND (d.reason LIKE @text ESCAPE '\\' OR d.target LIKE @text ESCAPE '\\')))`,
      );
      params.text = likeText(query.text);
    }
    const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const total = (this.db.prepare(`SELECT COUNT(*) AS n FROM feed ${filter}`).get(params) as { n: number }).n;
    const before = query.beforeId !== undefined ? `${filter ? `${filter} AND` : 'WHERE'} id < @beforeId` : filter;
    const rows = this.db.prepare(`SELECT * FROM feed ${before} ORDER BY id DESC LIMIT @limit`).all({
      ...params,
      ...(query.beforeId !== undefined ? { beforeId: query.beforeId } : {}),
      limit: query.limit ?? 100,
    }) as EventRow[];
    const destinations = this.destinationsFor(rows.map((r) => r.id));
    return { items: rows.map((r) => toItem(r, destinations.get(r.id) ?? [])), total };
  }

  private destinationsFor(feedIds: readonly number[]): Map<number, FeedDestination[]> {
    const byFeed = new Map<number, FeedDestination[]>();
    if (feedIds.length === 0) return byFeed;
    const rows = this.db
      .prepare('SELECT * FROM feed_destinations WHERE feed_id IN (SELECT value FROM json_each(?)) ORDER BY feed_id, id')
      .all(JSON.stringify(feedIds)) as DestinationRow[];
    for (const row of rows) {
      const list = byFeed.get(row.feed_id);
      if (list) list.push(toDestination(row));
      else byFeed.set(row.feed_id, [toDestination(row)]);
    }
    return byFeed;
  }

  lastEventAt(subscriptionId: string): string | null {
    const row = this.db
      .prepare(
        `SELECT MAX(f.created_at) AS t FROM feed f
         WHERE f.id IN (SELECT feed_id FROM feed_destinations WHERE subscription_id = ?)`,
      )
      .get(subscriptionId) as { t: string | null };
    return row.t;
  }

  /** Events after `id`; with `dmTo`, only those with a DM to this Slack user (that person's "For you"). */
  countSince(id: number, dmTo?: string): number {
    if (dmTo !== undefined)
      return (
        this.db
          .prepare(
            "SELECT COUNT(DISTINCT feed_id) AS n FROM feed_destinations WHERE feed_id > ? AND kind = 'dm' AND target = ?",
          )
          .get(id, dmTo) as { n: number }
      ).n;
    return (this.db.prepare('SELECT COUNT(*) AS n FROM feed WHERE id > ?').get(id) as { n: number }).n;
  }

  maxId(): number {
    return (this.db.prepare('SELECT COALESCE(MAX(id), 0) AS n FROM feed').get() as { n: number }).n;
  }
}

function toRef(row: DestinationRow): DestinationRef {
  return {
    id: row.id,
    feedId: row.feed_id,
    outboxId: row.outbox_id,
    fate: row.fate as FeedFate,
    errorCode: row.error_code,
  };
}
