import { describe, expect, it } from 'vitest';
import { openMemoryDatabase } from './database.js';
import { FeedStore, type NewDestination, type NewFeedEvent } from './feed-store.js';

const event = (over: Partial<NewFeedEvent> = {}): NewFeedEvent => ({
  eventId: 'e1',
  event: 'issues',
  action: 'opened',
  forge: 'github',
  repo: 'octo/app',
  actor: 'mona',
  summary: 'mona opened issue #1 Crash',
  url: 'https://github.com/octo/app/issues/1',
  createdAt: '2025-06-02T09:00:00Z',
  ...over,
});
const to = (target: string, over: Partial<NewDestination> = {}): NewDestination => ({
  kind: 'channel',
  target,
  subscriptionId: 's1',
  fate: 'queued',
  ...over,
});

function withDestinations(feed: FeedStore, e: NewFeedEvent, ...destinations: NewDestination[]): number {
  const id = feed.insertEvent(e);
  for (const d of destinations) feed.addDestination(id, d);
  return id;
}

describe('FeedStore: one row per event, with its destinations', () => {
  it('pages newest first; filters by repo, event, text and a fate any destination has; continues before an id', () => {
    const feed = new FeedStore(openMemoryDatabase(), () => 1);
    const ids = [
      withDestinations(feed, event(), to('general'), to('ci', { subscriptionId: 's2', fate: 'failed' })),
      withDestinations(
        feed,
        event({ eventId: 'e2', event: 'pulls', summary: 'PR 50% done' }),
        to('general', { fate: 'filtered', reason: 'branch feature/x not in default' }),
      ),
      withDestinations(feed, event({ eventId: 'e3', repo: 'octo/other', actor: 'hubot' }), to('general')),
    ];
    expect(feed.page({ limit: 10 }).items.map((i) => i.id)).toEqual([...ids].reverse());
    expect(feed.page({}).total).toBe(3);
    expect(feed.page({ repo: 'octo/other' }).items.map((i) => i.eventId)).toEqual(['e3']);
    expect(feed.page({ event: 'pulls' }).items.map((i) => i.eventId)).toEqual(['e2']);
    // A fate matches an event when any destination has it; the row's own fate is the most pressing one.
    expect(feed.page({ fate: 'failed' }).items.map((i) => [i.eventId, i.fate])).toEqual([['e1', 'failed']]);
    expect(feed.page({ fate: 'queued' }).items.map((i) => i.eventId)).toEqual(['e3', 'e1']);
    expect(feed.page({ fate: 'filtered' }).total).toBe(1);
    expect(feed.page({ text: 'hubot' }).items.map((i) => i.eventId)).toEqual(['e3']);
    // Text finds destinations' reasons and targets too.
    expect(feed.page({ text: 'feature/x' }).items.map((i) => i.eventId)).toEqual(['e2']);
    expect(feed.page({ text: 'ci' }).items.map((i) => i.eventId)).toEqual(['e1']);
    // LIKE wildcards in the search text are literal.
    expect(feed.page({ text: '50%' }).items.map((i) => i.eventId)).toEqual(['e2']);
    expect(feed.page({ text: '_' }).total).toBe(0);
    expect(feed.page({ limit: 1, beforeId: ids[2] })).toMatchObject({ total: 3, items: [{ id: ids[1] }] });
    const first = feed.get(ids[0]!);
    expect(first?.destinations.map((d) => [d.target, d.subscriptionId, d.fate])).toEqual([
      ['general', 's1', 'queued'],
      ['ci', 's2', 'failed'],
    ]);
  });

  it('updates a destination by id or by its delivery, keeps a Slack link once set, clears old words', () => {
    const feed = new FeedStore(openMemoryDatabase(), () => 1);
    const id = feed.insertEvent(event());
    const general = feed.addDestination(id, { ...to('general'), outboxId: 41 });
    feed.addDestination(id, { ...to('ci'), outboxId: 42 });
    expect(feed.updateByOutbox(41, { fate: 'delivered', slackLink: 'slack://x' })).toBe(id);
    expect(
      feed.updateByOutbox(42, {
        fate: 'retrying',
        reason: 'timeout',
        nextAttemptAt: Date.parse('2025-06-02T09:01:00Z'),
      }),
    ).toBe(id);
    expect(feed.get(id)).toMatchObject({
      fate: 'retrying',
      destinations: [
        { target: 'general', fate: 'delivered', slackLink: 'slack://x' },
        { target: 'ci', fate: 'retrying', reason: 'timeout', nextAttemptAt: '2025-06-02T09:01:00.000Z' },
      ],
    });
    feed.updateByOutbox(42, {
      fate: 'failed',
      reason: 'The channel is archived.',
      fix: 'Unarchive it.',
      fixAt: 'subscription',
      errorCode: 'is_archived',
      error: 'Slack: is_archived',
    });
    feed.updateDestination(general, { fate: 'delivered' });
    expect(feed.get(id)).toMatchObject({
      fate: 'failed',
      destinations: [
        { fate: 'delivered', slackLink: 'slack://x', reason: null },
        { fate: 'failed', fix: 'Unarchive it.', fixAt: 'subscription', errorCode: 'is_archived', nextAttemptAt: null },
      ],
    });
    expect(feed.destinationsOf(id).map((d) => [d.outboxId, d.fate])).toEqual([
      [41, 'delivered'],
      [42, 'failed'],
    ]);
    expect(feed.updateByOutbox(999, { fate: 'delivered' })).toBeNull();
  });

  it('reports unread counts and the last event per subscription', () => {
    const feed = new FeedStore(openMemoryDatabase(), () => 1);
    withDestinations(feed, event(), to('general'));
    const mark = feed.maxId();
    withDestinations(
      feed,
      event({ eventId: 'e2', createdAt: '2025-06-03T00:00:00Z' }),
      to('general'),
      to('x', { subscriptionId: 's2' }),
    );
    expect(feed.countSince(mark)).toBe(1);
    expect(feed.lastEventAt('s1')).toBe('2025-06-03T00:00:00Z');
    expect(feed.lastEventAt('s2')).toBe('2025-06-03T00:00:00Z');
    expect(feed.lastEventAt('nobody')).toBeNull();
    expect(feed.get(999)).toBeNull();
  });
});
