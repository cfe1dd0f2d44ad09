import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../../test/fakes/clock.js';
import { sampleEvent } from '../../../../test/fixtures/sample-events.js';
import { memorySlackTransport, type MemorySlackTransport } from '../../../../test/support/memory-slack-transport.js';
import { messageFormatter } from '../../engine/message-formatter.js';
import { silentLogger } from '../../runtime/logger.js';
import { type Db, openMemoryDatabase } from '../../state/database.js';
import { FeedStore } from '../../state/feed-store.js';
import { OutboxStore } from '../../state/outbox-store.js';
import { ThreadStore } from '../../state/thread-store.js';
import { DeliveryService } from './delivery-service.js';
import { SlackDeliveryError } from './slack-delivery-error.js';

interface World {
  db: Db;
  clock: ManualClock;
  outbox: OutboxStore;
  feed: FeedStore;
  transport: MemorySlackTransport;
  delivery: DeliveryService;
  problems: (string | null)[];
  storageErrors: unknown[];
  storageOk: number;
  /** Runs due timers and lets the sends they started finish. */
  settle(ms?: number): Promise<void>;
}

function world(): World {
  const db = openMemoryDatabase();
  const clock = new ManualClock();
  const outbox = new OutboxStore(db);
  const feed = new FeedStore(db, () => clock.now());
  const transport = memorySlackTransport();
  const w: Partial<World> = { db, clock, outbox, feed, transport, problems: [], storageErrors: [], storageOk: 0 };
  w.delivery = new DeliveryService({
    db,
    outbox,
    feed,
    threads: new ThreadStore(db, () => clock.now()),
    clock,
    logger: silentLogger,
    formatter: messageFormatter,
    transport: () => transport,
    onFeedChanged: () => undefined,
    onProblem: (err) => w.problems!.push(err ? err.code : null),
    onStorageError: (error) => w.storageErrors!.push(error),
    onStorageOk: () => void (w.storageOk! += 1),
    storageRetryMs: 30_000,
  });
  w.settle = async (ms = 0) => {
    clock.advance(ms);
    for (let i = 0; i < 20; i++) {
      await new Promise((r) => setImmediate(r));
      clock.advance(0);
    }
  };
  return w as World;
}

function queueTest(w: World, deliveryId: string, channel: string, text = deliveryId): number {
  const feedId = w.feed.insertEvent({
    eventId: deliveryId,
    event: 'issues',
    action: 'test',
    forge: 'github',
    repo: 'o/r',
    actor: 'x',
    summary: text,
    url: 'https://example.invalid/',
    createdAt: new Date(w.clock.now()).toISOString(),
  });
  const outboxId = w.outbox.enqueue({
    deliveryId,
    feedId,
    subscriptionId: null,
    channel,
    kind: 'test',
    payload: JSON.stringify({ kind: 'test', message: { text, blocks: [] } }),
    at: w.clock.now(),
  });
  w.feed.addDestination(feedId, { kind: 'channel', target: channel, subscriptionId: null, fate: 'queued', outboxId });
  return feedId;
}

/** The one destination of a feed item queued by queueTest. */
const destinationOf = (w: World, feedId: number) => w.feed.get(feedId)?.destinations[0];

describe('DeliveryService', () => {
  let w: World;
  const rejections: unknown[] = [];
  const onRejection = (reason: unknown): void => void rejections.push(reason);
  beforeEach(() => {
    w = world();
    rejections.length = 0;
    process.on('unhandledRejection', onRejection);
  });
  afterEach(async () => {
    await w.delivery.stop();
    process.off('unhandledRejection', onRejection);
  });

  it('posts each channel in order, channels in parallel, and marks rows sent with a Slack link', async () => {
    const a1 = queueTest(w, 'a1', 'a');
    queueTest(w, 'a2', 'a');
    queueTest(w, 'b1', 'b');
    w.delivery.start();
    await w.settle();
    expect(w.transport.posts.map((p) => p.deliveryId)).toEqual(['a1', 'b1', 'a2']);
    expect(destinationOf(w, a1)).toMatchObject({
      fate: 'delivered',
      slackLink: 'slack://channel?id=C-a&message=1.000',
    });
    expect(w.outbox.counts()).toEqual({ pending: 0, failed: 0, held: 0, quiet: 0 });
    expect(w.problems.at(-1)).toBeNull();
  });

  it('threads later events about the same issue under the first message and updates that parent', async () => {
    const opened = sampleEvent('issues', { id: 'ev1', action: 'opened' });
    const closed = sampleEvent('issues', { id: 'ev2', action: 'closed', state: 'closed' });
    for (const event of [opened, closed])
      w.outbox.enqueue({
        deliveryId: event.id,
        feedId: null,
        subscriptionId: null,
        channel: 'general',
        kind: 'event',
        payload: JSON.stringify({ kind: 'event', event, threads: true, fixed: false, buttons: false }),
        at: w.clock.now(),
      });
    w.delivery.start();
    await w.settle();
    const [parent, reply] = w.transport.posts;
    expect(parent?.threadTs).toBeUndefined();
    expect(reply?.threadTs).toBe(parent?.ts);
    expect(w.transport.updates).toEqual([expect.objectContaining({ channelId: 'C-general', ts: parent?.ts })]);
  });

  it('a reply keeps its thread in the map: the parent is stamped when posted and again at every reply', async () => {
    const enqueue = (event: ReturnType<typeof sampleEvent>): void =>
      void w.outbox.enqueue({
        deliveryId: event.id,
        feedId: null,
        subscriptionId: null,
        channel: 'general',
        kind: 'event',
        payload: JSON.stringify({ kind: 'event', event, threads: true, fixed: false, buttons: false }),
        at: w.clock.now(),
      });
    const usedAt = (): number[] =>
      (w.db.prepare('SELECT used_at FROM threads').all() as { used_at: number }[]).map((r) => r.used_at);
    w.delivery.start();
    enqueue(sampleEvent('issues', { id: 'ev1', action: 'opened' }));
    w.delivery.wake();
    await w.settle();
    const posted = w.clock.now();
    expect(usedAt()).toEqual([posted]);
    await w.settle(86_400_000); // a day later, a reply in that thread
    enqueue(sampleEvent('issues', { id: 'ev2', action: 'closed', state: 'closed' }));
    w.delivery.wake();
    await w.settle();
    expect(w.transport.posts[1]?.threadTs).toBe(w.transport.posts[0]?.ts);
    expect(usedAt()).toEqual([posted + 86_400_000]);
  });

  it('a permanent error fails the row with the cause, the fix and where; a transient one is retried after a backoff', async () => {
    const gone = queueTest(w, 'gone', 'nowhere');
    w.transport.failures.push(
      new SlackDeliveryError('channel_not_found', 'Slack: channel_not_found', { permanent: true }),
    );
    w.delivery.start();
    await w.settle();
    expect(destinationOf(w, gone)).toMatchObject({
      fate: 'failed',
      reason: 'The channel does not exist or the bot cannot see it.',
      fix: expect.stringMatching(/^Check the channel name/),
      fixAt: 'subscription',
      errorCode: 'channel_not_found',
      error: 'Slack: channel_not_found',
    });
    expect(w.problems).toContain('channel_not_found');

    const flaky = queueTest(w, 'flaky', 'general');
    w.transport.failures.push(new SlackDeliveryError('http_500', 'Slack answered HTTP 500', { permanent: false }));
    w.delivery.wake();
    await w.settle();
    expect(destinationOf(w, flaky)).toMatchObject({
      fate: 'retrying',
      reason: 'Slack answered HTTP 500',
      errorCode: 'http_500',
    });
    expect(w.transport.posts).toHaveLength(0);
    await w.settle(1600); // first backoff: 1 s × (0.5 … 1.5)
    expect(w.feed.get(flaky)?.fate).toBe('delivered');
    expect(w.transport.posts.map((p) => p.deliveryId)).toEqual(['flaky']);
  });

  it("honours Retry-After: the channel waits that long, other channels don't", async () => {
    queueTest(w, 'slow1', 'slow');
    queueTest(w, 'fast1', 'fast');
    w.transport.channelFailures.set('slow', [
      new SlackDeliveryError('rate_limited', 'Slack rate limit', { permanent: false, retryAfterMs: 5000 }),
    ]);
    w.delivery.start();
    await w.settle();
    expect(w.transport.posts.map((p) => p.deliveryId)).toEqual(['fast1']);
    await w.settle(4000);
    expect(w.transport.posts).toHaveLength(1);
    await w.settle(1000);
    expect(w.transport.posts.map((p) => p.deliveryId)).toEqual(['fast1', 'slow1']);
  });

  it('a database that cannot be written (SQLite error in markSending) is reported and retried later, never an unhandled rejection', async () => {
    const id = queueTest(w, 'stuck', 'general');
    w.db.pragma('query_only = ON');
    w.delivery.start();
    await w.settle();
    expect(w.transport.posts).toHaveLength(0);
    expect(w.storageErrors).toHaveLength(1);
    expect((w.storageErrors[0] as { code?: string }).code).toMatch(/^SQLITE_READONLY/);
    // No tight loop: nothing more happens until the retry time.
    await w.settle(29_000);
    expect(w.storageErrors).toHaveLength(1);
    w.db.pragma('query_only = OFF');
    await w.settle(1000);
    expect(w.transport.posts.map((p) => p.deliveryId)).toEqual(['stuck']);
    expect(w.feed.get(id)?.fate).toBe('delivered');
    expect(w.storageOk).toBeGreaterThan(0);
    expect(rejections).toEqual([]);
  });

  it('after a crash, a row left in "sending" is looked up in Slack: found → recorded, not found → sent again', async () => {
    queueTest(w, 'reached', 'general');
    queueTest(w, 'lost', 'random');
    const [reached, lost] = w.outbox.heads();
    w.outbox.markSending(reached!.id);
    w.outbox.markSending(lost!.id);
    w.transport.delivered.set('reached', { channelId: 'C-general', ts: '99.000' });
    w.delivery.start();
    await w.settle();
    expect(w.transport.posts.map((p) => p.deliveryId)).toEqual(['lost']);
    expect(w.outbox.get(reached!.id)).toMatchObject({ state: 'sent', sentTs: '99.000' });
    expect(w.outbox.get(lost!.id)).toMatchObject({ state: 'sent' });
  });
});
