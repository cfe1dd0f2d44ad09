import { describe, expect, it } from 'vitest';
import { memoryQueue } from '../../../test/support/in-memory-ports.js';
import { sampleEvent } from '../../../test/fixtures/sample-events.js';
import type { StoredSubscription } from '../settings/settings-model.js';
import { CursorStore } from '../state/cursor-store.js';
import { ingestPoll, type IngestContext } from './ingest.js';

const REPO = 'octo-org/hello-world';

function sub(id: string, over: Partial<StoredSubscription> = {}): StoredSubscription {
  return {
    id,
    createdAt: '2025-01-01T00:00:00Z',
    account: 'github',
    repo: REPO,
    enabled: true,
    events: ['issues'],
    channel: id,
    channels: {},
    branches: 'default',
    labels: { include: [], exclude: [], match: 'any' },
    onlyBrokenPipelines: true,
    drafts: false,
    threads: true,
    mentions: true,
    reactions: true,
    actors: { bots: true, exclude: [], only: [] },
    ...over,
  };
}

function setup() {
  const m = memoryQueue();
  const cursors = new CursorStore(m.db);
  const ctx: IngestContext = {
    queue: m.queue,
    cursors,
    now: () => Date.parse('2025-06-02T09:00:00Z'),
    paused: () => null,
    defaultChannel: 'general',
    buttons: false,
  };
  const poll = (titles: string[], subs: StoredSubscription[], cursor = 'c1') =>
    ingestPoll(
      ctx,
      'github',
      REPO,
      {
        events: titles.map((title, i) => sampleEvent('issues', { id: `${cursor}-${i}`, title, number: i + 1 })),
        cursor: { at: cursor },
        warnings: [],
        requests: { total: 1, billable: 1 },
      },
      subs,
      { defaultBranch: 'main', protectedBranches: [] },
    );
  return { m, cursors, poll };
}

describe('ingestPoll: one feed row per event, its destinations, outbox rows and the cursor in one transaction', () => {
  it('records each event once with a destination per subscription (filtered ones name where they would go)', () => {
    const { m, poll } = setup();
    const subs = [
      sub('a'),
      sub('b', { channels: { issues: 'b-issues' } }),
      sub('c', { events: ['pulls'] }),
      sub('off', { enabled: false }),
      sub('later', { createdAt: '2030-01-01T00:00:00Z' }),
    ];
    const result = poll(['First', 'Second'], subs);
    expect(result).toMatchObject({ queued: 4 });
    const { items, total } = m.feed.page({});
    expect(total).toBe(2);
    expect(items[1]?.destinations.map((d) => [d.subscriptionId, d.target, d.fate, d.reason])).toEqual([
      ['a', 'a', 'queued', null],
      ['b', 'b-issues', 'queued', null],
      ['c', 'c', 'filtered', `issues are off for ${REPO}`],
    ]);
    expect(m.outbox.counts().pending).toBe(4);
    // Each outbox row belongs to its event and is linked from its destination.
    for (const item of items)
      for (const d of m.feed.destinationsOf(item.id).filter((x) => x.fate === 'queued'))
        expect(m.outbox.get(d.outboxId ?? -1)?.feedId).toBe(item.id);
    // The same poll again records nothing (seen ids).
    poll(['First', 'Second'], subs);
    expect(m.feed.page({}).total).toBe(2);
    // An event no subscription may hear about (all off, or before they began) leaves no row.
    poll(['Nobody listens'], [sub('off', { enabled: false })], 'c2');
    expect(m.feed.page({}).total).toBe(2);
  });

  it('a fault while writing a destination records nothing of the poll: no row, no outbox, no seen id, no cursor', () => {
    const { m, cursors, poll } = setup();
    m.db.exec(
      `CREATE TRIGGER injected_fault BEFORE INSERT ON feed_destinations WHEN NEW.target = 'b'
       BEGIN SELECT RAISE(ABORT, 'injected fault: disk I/O error'); END`,
    );
    expect(() => poll(['Alpha', 'Beta'], [sub('a'), sub('b')])).toThrow(/injected fault/);
    expect(m.feed.page({}).total).toBe(0);
    expect(m.db.prepare('SELECT COUNT(*) AS n FROM feed_destinations').get()).toEqual({ n: 0 });
    expect(m.outbox.counts()).toEqual({ pending: 0, failed: 0, held: 0, quiet: 0 });
    expect(cursors.get('github', REPO)).toBeNull();
    expect(m.pushed).toEqual([]);
    // The fault gone, the same poll records everything, once.
    m.db.exec('DROP TRIGGER injected_fault');
    poll(['Alpha', 'Beta'], [sub('a'), sub('b')]);
    expect(m.feed.page({}).total).toBe(2);
    expect(m.outbox.counts().pending).toBe(4);
    expect(cursors.get('github', REPO)?.cursor).toEqual({ at: 'c1' });
  });
});
