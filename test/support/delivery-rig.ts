import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { feedEventFor } from '../../electron/core/engine/ingest.js';
import { messageFormatter } from '../../electron/core/engine/message-formatter.js';
import type { ForgeEvent } from '../../electron/core/events/forge-event.js';
import { type Clock, systemClock } from '../../electron/core/runtime/clock.js';
import { createLogger, type LogLine, Redactor } from '../../electron/core/runtime/logger.js';
import { createWebClient } from '../../electron/core/slack/connection/slack-client.js';
import { BotTransport } from '../../electron/core/slack/delivery/bot-transport.js';
import {
  DeliveryService,
  type DeliveryServiceOptions,
  type OutboxPayload,
} from '../../electron/core/slack/delivery/delivery-service.js';
import { openDatabase } from '../../electron/core/state/database.js';
import { FeedStore } from '../../electron/core/state/feed-store.js';
import { OutboxStore } from '../../electron/core/state/outbox-store.js';
import { ThreadStore } from '../../electron/core/state/thread-store.js';
import type { SlackFake } from '../fakes/slack/index.js';

export interface CommittedRow {
  state: string;
  attempts: number;
  sentTs: string | null;
}

export interface DeliveryRig {
  service: DeliveryService;
  outbox: OutboxStore;
  feed: FeedStore;
  threads: ThreadStore;
  logs: LogLine[];
  /** Storage errors the service reported (the outbox could not be written). */
  storageErrors: unknown[];
  /** A second connection to the same database (a fault can be injected through it: triggers are shared). */
  side: Database.Database;
  /** The row as another process sees it: read through a second connection, so only committed writes count. */
  committed(rowId: number): CommittedRow;
  /** Queues an event as ingest does (feed row + outbox row); delivery id `id|sub`. */
  enqueueEvent(event: ForgeEvent, options?: { channel?: string; threads?: boolean }): number;
  close(): Promise<void>;
}

/**
 * The real delivery path (DeliveryService, BotTransport, the product's WebClient settings, SQLite stores on disk)
 * against the Slack fake, without the rest of the engine: for tests of the outbox's write order and of lost answers,
 * where the client timeout must be short and the rows are queued by hand.
 */
export function startDeliveryRig(
  slack: SlackFake,
  options: {
    clock?: Clock;
    timeoutMs?: number;
    burst?: number;
    maxAttempts?: number;
    storageRetryMs?: number;
    /** What delivery hands the reactions lane (thread parents whose state reaction may change). */
    onThreadEvent?: DeliveryServiceOptions['onThreadEvent'];
  } = {},
): DeliveryRig {
  const clock = options.clock ?? systemClock;
  const dir = mkdtempSync(join(tmpdir(), 'forgebell-delivery-'));
  const db = openDatabase(dir);
  const reader = new Database(join(dir, 'state.db'), { readonly: true });
  const outbox = new OutboxStore(db);
  const feed = new FeedStore(db, () => clock.now());
  const threads = new ThreadStore(db);
  const logs: LogLine[] = [];
  const storageErrors: unknown[] = [];
  const side = new Database(join(dir, 'state.db'));
  const logger = createLogger((l) => logs.push(l), new Redactor(), 'debug');
  const transport = new BotTransport({
    client: createWebClient(slack.botToken, slack.apiUrl, undefined, { timeoutMs: options.timeoutMs ?? 5000 }),
    scopes: () => null,
  });
  const service = new DeliveryService({
    db,
    outbox,
    feed,
    threads,
    pace: { perSecond: 1, burst: options.burst ?? 50 },
    clock,
    logger,
    formatter: messageFormatter,
    transport: () => transport,
    onFeedChanged: () => undefined,
    onProblem: () => undefined,
    onStorageError: (error) => storageErrors.push(error),
    ...(options.storageRetryMs ? { storageRetryMs: options.storageRetryMs } : {}),
    ...(options.maxAttempts ? { maxAttempts: options.maxAttempts } : {}),
    ...(options.onThreadEvent ? { onThreadEvent: options.onThreadEvent } : {}),
  });
  return {
    service,
    outbox,
    feed,
    threads,
    logs,
    storageErrors,
    side,
    committed(rowId) {
      const r = reader.prepare('SELECT state, attempts, sent_ts FROM outbox WHERE id = ?').get(rowId) as
        { state: string; attempts: number; sent_ts: string | null } | undefined;
      if (!r) throw new Error(`no committed outbox row ${rowId}`);
      return { state: r.state, attempts: r.attempts, sentTs: r.sent_ts };
    },
    enqueueEvent(event, o = {}) {
      const channel = o.channel ?? 'general';
      return db.transaction(() => {
        const feedId = feed.insertEvent(feedEventFor(event));
        const payload: OutboxPayload = {
          kind: 'event',
          event,
          threads: o.threads ?? true,
          fixed: false,
          buttons: false,
        };
        const outboxId = outbox.enqueue({
          deliveryId: `${event.id}|sub-1`,
          feedId,
          subscriptionId: 'sub-1',
          channel,
          kind: 'event',
          payload: JSON.stringify(payload),
          at: clock.now(),
        });
        feed.addDestination(feedId, {
          kind: 'channel',
          target: channel,
          subscriptionId: 'sub-1',
          fate: 'queued',
          outboxId,
        });
        return outboxId;
      })();
    },
    async close() {
      await service.stop();
      reader.close();
      side.close();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Delivery ids of the messages in the fake (from the metadata the engine attaches). */
export function deliveryIds(slack: SlackFake): string[] {
  return slack.messages.map((m) => String(m.metadata?.event_payload.delivery_id));
}
