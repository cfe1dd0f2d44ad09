import { afterEach, describe, expect, it } from 'vitest';
import { EVENT_NAMES } from '../../contract/vocabulary/event-names.js';
import { memoryQueue } from '../../../test/support/in-memory-ports.js';
import { sampleEvent } from '../../../test/fixtures/sample-events.js';
import { CursorStore } from '../state/cursor-store.js';
import type { StoredSubscription } from '../settings/settings-model.js';
import { formatEvent } from '../slack/format/format-event.js';
import { ingestPoll } from './ingest.js';

/**
 * What the engine does for every event — ingest a poll, format its card — must not touch ICU: the first collator
 * (`localeCompare`) and number format (`toLocaleString`) each map megabytes of ICU data into the engine's RSS for
 * the rest of its life (issue #16: about 10 MB of a 150 MB budget), only to sort timestamps and put commas in counts.
 */
const ICU_ENTRY_POINTS: [object, string, string][] = [
  [String.prototype, 'localeCompare', 'String#localeCompare'],
  [Number.prototype, 'toLocaleString', 'Number#toLocaleString'],
  [Date.prototype, 'toLocaleString', 'Date#toLocaleString'],
  [Date.prototype, 'toLocaleDateString', 'Date#toLocaleDateString'],
  [Date.prototype, 'toLocaleTimeString', 'Date#toLocaleTimeString'],
  [Array.prototype, 'toLocaleString', 'Array#toLocaleString'],
  [Intl, 'Collator', 'Intl.Collator'],
  [Intl, 'NumberFormat', 'Intl.NumberFormat'],
  [Intl, 'DateTimeFormat', 'Intl.DateTimeFormat'],
  [Intl, 'PluralRules', 'Intl.PluralRules'],
];

const restores: (() => void)[] = [];
afterEach(() => {
  for (const restore of restores.splice(0)) restore();
});

/** Records every call into an ICU entry point from now until the test ends. */
function watchIcu(): string[] {
  const calls: string[] = [];
  for (const [owner, key, label] of ICU_ENTRY_POINTS) {
    const target = owner as Record<string, unknown>;
    const original = target[key] as (...args: unknown[]) => unknown;
    target[key] = new Proxy(original, {
      apply(fn, self, args) {
        calls.push(label);
        return Reflect.apply(fn, self, args) as unknown;
      },
      construct(fn, args) {
        calls.push(label);
        return Reflect.construct(fn, args) as object;
      },
    });
    restores.push(() => void (target[key] = original));
  }
  return calls;
}

function sub(events: StoredSubscription['events']): StoredSubscription {
  return {
    id: 's1',
    createdAt: '2025-01-01T00:00:00Z',
    account: 'github',
    repo: 'octo-org/hello-world',
    enabled: true,
    events,
    channel: 'general',
    channels: {},
    branches: 'all',
    labels: { include: [], exclude: [], match: 'any' },
    onlyBrokenPipelines: false,
    drafts: true,
    threads: true,
    mentions: true,
    reactions: true,
    actors: { bots: true, exclude: [], only: [] },
  };
}

describe('the per-event path never loads ICU data', () => {
  it('the watch sees ICU calls (control)', () => {
    const calls = watchIcu();
    void (1204).toLocaleString('en-US');
    void 'a'.localeCompare('b');
    expect(calls).toEqual(['Number#toLocaleString', 'String#localeCompare']);
  });

  it('ingesting a poll (events out of order) and formatting every card, with counts past a thousand', () => {
    const m = memoryQueue();
    const calls = watchIcu();
    const events = [
      sampleEvent('issues', { id: 'late', createdAt: '2025-06-02T09:00:02Z' }),
      sampleEvent('issues', { id: 'early', createdAt: '2025-06-02T09:00:00.500Z' }),
    ];
    ingestPoll(
      {
        queue: m.queue,
        cursors: new CursorStore(m.db),
        now: () => Date.parse('2025-06-02T09:00:05Z'),
        paused: () => null,
        defaultChannel: 'general',
        buttons: true,
      },
      'github',
      'octo-org/hello-world',
      { events, cursor: { at: 'c1' }, warnings: [], requests: { total: 1, billable: 1 } },
      [sub(['issues'])],
      { defaultBranch: 'main', protectedBranches: [] },
    );
    const texts: string[] = [];
    for (const forge of ['github', 'gitlab'] as const)
      for (const name of EVENT_NAMES) texts.push(formatEvent(sampleEvent(name, {}, forge), { buttons: true }).text);
    const push = sampleEvent('commits');
    if (push.details.kind !== 'push') throw new Error('the sample push has no push details');
    texts.push(formatEvent({ ...push, details: { ...push.details, totalCommits: 1204 } }, { buttons: true }).text);

    expect(calls).toEqual([]);
    // What the plain code produced instead: the right order and the same count text.
    expect(m.feed.page({}).items.map((i) => i.eventId)).toEqual(['late', 'early']);
    expect(texts.at(-1)).toContain('1,204 commits');
  });
});
