import type { Clock } from '../runtime/clock.js';
import type { Logger } from '../runtime/logger.js';
import type { ForgeKind } from '../../contract/vocabulary/forges.js';
import type { Db } from './database.js';

/**
 * Keeps the state database from growing without end (spec §8 `retentionDays`): every hour it deletes, in small
 * batches that never hold the database for long, what is older than the retention period —
 *  - feed rows with their destinations (except an event still to be delivered somewhere, held for quiet hours, or
 *    listed by a DM summary not sent yet),
 *  - finished outbox rows (sent, failed, dropped, summarised — not while the summary listing them is still to go),
 *    which keep whole event bodies,
 *  - thread parents not used since, and pipeline statuses not changed since —
 * the record of a digest posted for a day once that day can no longer come due (DIGEST_DAY_KEEP_DAYS),
 * and seen event ids once no forge can show the event again: GitHub's event feed reaches 30 days back (37 kept),
 * GitLab's is read a day at a time from the last poll and its cursor remembers that window itself (7 kept); Gitea's
 * activity feed has no fixed reach, so it is treated like GitHub's (37). Seen ids keep no forge, so the longest
 * window of the forges in use applies to all.
 * Freed pages go back to the file system: `PRAGMA incremental_vacuum` in steps on databases made with
 * auto_vacuum=INCREMENTAL; an older database is converted once with VACUUM when a quarter or more of it is free.
 */

const DAY_MS = 86_400_000;
/** Days a forge may show an event again after we saw it. */
export const SEEN_WINDOW_DAYS: Record<ForgeKind, number> = { github: 37, gitlab: 7, gitea: 37 };
/**
 * Days a "digest posted for day D" record is kept after it was written. It is only asked while day D's occurrence is
 * due: from its time until 12 hours later (digest-schedule's MISSED_GRACE_MS), and it is written inside that window.
 * Three days also cover a digest whose time zone is changed after posting (a local day may then come due again up to
 * 26 hours later) and a system clock set back.
 */
export const DIGEST_DAY_KEEP_DAYS = 3;
const BATCH = 500;
const VACUUM_STEP_PAGES = 256;
const FIRST_RUN_MS = 5 * 60_000;
const EVERY_MS = 3600_000;
/** An older database is converted (one VACUUM) only when at least this share of it is free and this big. */
const CONVERT_FREE_SHARE = 0.25;
const CONVERT_MIN_BYTES = 8 * 1024 * 1024;

/** What the retention service needs from the engine. */
export interface RetentionPort {
  db: Db;
  clock: Clock;
  logger: Logger;
  retentionDays(): number;
  /** The forges of the configured accounts (the seen-id window follows them). */
  forges(): readonly ForgeKind[];
}

export interface RetentionReport {
  deleted: {
    feed: number;
    feedDestinations: number;
    outbox: number;
    threads: number;
    pipelineStatus: number;
    seenEvents: number;
    digestDays: number;
  };
  /** Pages handed back to the file system. */
  freedPages: number;
  converted: boolean;
}

/** Outbox states of a message still to go: queued, being sent, held (paused channel), waiting for quiet hours. */
const LIVE = "('pending', 'sending', 'held', 'quiet')";
/** Destination fates of a delivery still in motion. */
const IN_MOTION = "('queued', 'retrying', 'paused', 'held')";
/** The ids (`feedIds` or `outboxIds`) a DM summary that is still to be sent lists. */
const LISTED_BY_PENDING_SUMMARY = (field: 'feedIds' | 'outboxIds'): string =>
  `SELECT j.value FROM outbox s, json_each(s.payload, '$.${field}') j WHERE s.kind = 'dm-summary' AND s.state IN ${LIVE}`;

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export class RetentionService {
  private timer: { cancel(): void } | null = null;
  private running: Promise<RetentionReport> | null = null;
  private stopped = true;

  constructor(private readonly port: RetentionPort) {}

  start(): void {
    this.stopped = false;
    this.schedule(FIRST_RUN_MS);
  }

  /** Stops the timer and waits for a run in progress to finish its current batch. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.timer?.cancel();
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = this.port.clock.setTimeout(() => {
      this.timer = null;
      void this.runOnce()
        .catch((error: unknown) => this.port.logger.warn('retention: could not prune the database', { error }))
        .finally(() => this.schedule(EVERY_MS));
    }, ms);
  }

  /** One pass: prune, then give freed pages back. Concurrent calls share the pass in progress. */
  runOnce(): Promise<RetentionReport> {
    this.running ??= this.pass().finally(() => (this.running = null));
    return this.running;
  }

  private async pass(): Promise<RetentionReport> {
    const now = this.port.clock.now();
    const days = Math.max(1, Math.floor(this.port.retentionDays()));
    const cutoff = now - days * DAY_MS;
    const forges = this.port.forges();
    const seenDays = Math.max(...(forges.length ? forges : (['github'] as const)).map((f) => SEEN_WINDOW_DAYS[f]));
    const seenCutoff = now - seenDays * DAY_MS;
    const deleted = {
      ...(await this.pruneFeed(cutoff)),
      outbox: await this.inBatches(
        `DELETE FROM outbox WHERE id IN (SELECT id FROM outbox WHERE created_at < @cutoff
           AND state IN ('sent', 'failed', 'dropped', 'summarised')
           AND id NOT IN (${LISTED_BY_PENDING_SUMMARY('outboxIds')}) LIMIT ${BATCH})`,
        { cutoff },
      ),
      threads: await this.inBatches(
        `DELETE FROM threads WHERE rowid IN (SELECT rowid FROM threads WHERE used_at < @cutoff LIMIT ${BATCH})`,
        { cutoff },
      ),
      pipelineStatus: await this.inBatches(
        `DELETE FROM pipeline_status WHERE rowid IN
           (SELECT rowid FROM pipeline_status WHERE updated_at < @cutoff LIMIT ${BATCH})`,
        { cutoff },
      ),
      seenEvents: await this.inBatches(
        `DELETE FROM seen_events WHERE rowid IN (SELECT rowid FROM seen_events WHERE seen_at < @cutoff LIMIT ${BATCH})`,
        { cutoff: seenCutoff },
      ),
      digestDays: await this.inBatches(
        `DELETE FROM digest_days WHERE rowid IN (SELECT rowid FROM digest_days WHERE at < @cutoff LIMIT ${BATCH})`,
        { cutoff: now - DIGEST_DAY_KEEP_DAYS * DAY_MS },
      ),
    };
    const total = Object.values(deleted).reduce((a, b) => a + b, 0);
    const { freedPages, converted } = total > 0 ? await this.reclaim() : { freedPages: 0, converted: false };
    if (total > 0)
      this.port.logger.info(
        `retention: removed what is older than ${days} days (${deleted.feed} feed rows with ${deleted.feedDestinations} destinations, ${deleted.outbox} delivered messages, ${deleted.threads} threads, ${deleted.pipelineStatus} pipeline states), seen ids older than ${seenDays} days (${deleted.seenEvents}) and ${deleted.digestDays} posted-digest days older than ${DIGEST_DAY_KEEP_DAYS} days; ${freedPages} pages freed${converted ? ' (database converted to incremental vacuum)' : ''}`,
      );
    return { deleted, freedPages, converted };
  }

  /**
   * Feed rows older than the cutoff and their destinations, one short transaction per batch. An event is kept while
   * anything about it is still to go: an outbox row of it (or of one of its destinations) still live, a destination
   * still in motion, or a DM summary not sent yet that lists it.
   */
  private async pruneFeed(cutoff: number): Promise<{ feed: number; feedDestinations: number }> {
    const { db } = this.port;
    const pick = db.prepare(
      `SELECT f.id FROM feed f WHERE f.seen_at < @cutoff
         AND NOT EXISTS (SELECT 1 FROM feed_destinations d WHERE d.feed_id = f.id AND d.fate IN ${IN_MOTION})
         AND NOT EXISTS (SELECT 1 FROM feed_destinations d JOIN outbox o ON o.id = d.outbox_id
                         WHERE d.feed_id = f.id AND o.state IN ${LIVE})
         AND f.id NOT IN (SELECT feed_id FROM outbox WHERE feed_id IS NOT NULL AND state IN ${LIVE})
         AND f.id NOT IN (${LISTED_BY_PENDING_SUMMARY('feedIds')})
       LIMIT ${BATCH}`,
    );
    const dropDestinations = db.prepare('DELETE FROM feed_destinations WHERE feed_id = ?');
    const dropFeed = db.prepare('DELETE FROM feed WHERE id = ?');
    const batch = db.transaction((): { feed: number; feedDestinations: number; picked: number } => {
      const ids = (pick.all({ cutoff }) as { id: number }[]).map((r) => r.id);
      let feed = 0;
      let feedDestinations = 0;
      for (const id of ids) {
        feedDestinations += dropDestinations.run(id).changes;
        feed += dropFeed.run(id).changes;
      }
      return { feed, feedDestinations, picked: ids.length };
    });
    const total = { feed: 0, feedDestinations: 0 };
    for (;;) {
      if (!db.open) return total;
      const done = batch();
      total.feed += done.feed;
      total.feedDestinations += done.feedDestinations;
      if (done.picked < BATCH) return total;
      await yieldToEventLoop();
    }
  }

  /** Runs a batched DELETE until it deletes nothing, one short transaction per batch, yielding in between. */
  private async inBatches(sql: string, params: Record<string, number>): Promise<number> {
    const statement = this.port.db.prepare(sql);
    let total = 0;
    for (;;) {
      if (!this.port.db.open) return total;
      const changes = statement.run(params).changes;
      total += changes;
      if (changes < BATCH) return total;
      await yieldToEventLoop();
    }
  }

  private async reclaim(): Promise<{ freedPages: number; converted: boolean }> {
    const { db } = this.port;
    const pragma = (name: string): number => db.pragma(name, { simple: true }) as number;
    let freed = 0;
    let converted = false;
    if (pragma('auto_vacuum') === 2) {
      for (;;) {
        if (!db.open) break;
        const before = pragma('freelist_count');
        if (before === 0) break;
        db.pragma(`incremental_vacuum(${VACUUM_STEP_PAGES})`);
        const after = pragma('freelist_count');
        freed += before - after;
        if (after >= before) break;
        await yieldToEventLoop();
      }
    } else {
      const free = pragma('freelist_count');
      const pages = pragma('page_count');
      if (free >= pages * CONVERT_FREE_SHARE && free * pragma('page_size') >= CONVERT_MIN_BYTES) {
        const started = Date.now();
        db.pragma('auto_vacuum = INCREMENTAL');
        db.exec('VACUUM');
        freed = free;
        converted = true;
        this.port.logger.info(`retention: compacted the database once (${Date.now() - started} ms)`);
      }
    }
    if (db.open) db.pragma('wal_checkpoint(TRUNCATE)');
    return { freedPages: freed, converted };
  }
}
