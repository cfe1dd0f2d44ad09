import { describe, expect, it } from 'vitest';
import { EVENT_NAMES } from '../../../contract/vocabulary/event-names.js';
import type { ForgeEvent } from '../../events/forge-event.js';
import { DIGEST_EVENTS_PER_REPO, DIGEST_REPOS_SHOWN, channelRef, formatDigest } from './format-digest.js';
import { hostileEvent } from '../../../../test/fixtures/hostile-events.js';
import { messageProblems } from './message-safety.js';
import { sampleEvent } from '../../../../test/fixtures/sample-events.js';
import { MAX_BLOCKS } from './limits.js';

function eventsFor(repoCount: number, perRepo: number): ForgeEvent[] {
  const events: ForgeEvent[] = [];
  for (let r = 0; r < repoCount; r++) {
    for (let i = 0; i < perRepo; i++) {
      const name = EVENT_NAMES[(r + i) % EVENT_NAMES.length] ?? 'issues';
      events.push(
        sampleEvent(name, { id: `e${r}-${i}`, repo: `org/repo-${r}`, repoUrl: `https://github.com/org/repo-${r}` }),
      );
    }
  }
  return events;
}

describe('formatDigest', () => {
  it('groups by repository with counts and per-event lines', () => {
    const message = formatDigest(eventsFor(2, 3), 'dev-notifications');
    expect(messageProblems(message)).toEqual([]);
    expect(message.text).toBe('Forgebell digest for #dev-notifications: 6 events in 2 repositories');
    const json = JSON.stringify(message.blocks);
    expect(json).toContain('*<https://github.com/org/repo-0|org/repo-0>* · 3 events');
    expect(json).toContain('*<https://github.com/org/repo-1|org/repo-1>* · 3 events');
    expect(json).toContain(
      'opened issue: <https://github.com/octo-org/hello-world/issues/12|#12 Login fails on Safari>',
    );
  });

  it('stays within limits with many repositories and events, saying how many were left out', () => {
    const message = formatDigest(eventsFor(45, 30), 'C0123ABCD');
    expect(messageProblems(message)).toEqual([]);
    expect(message.blocks.length).toBeLessThanOrEqual(MAX_BLOCKS);
    const json = JSON.stringify(message.blocks);
    expect(json).toContain(`…and ${30 - DIGEST_EVENTS_PER_REPO} more`);
    expect(json).toContain(
      `…and ${45 - DIGEST_REPOS_SHOWN} more repositories (${(45 - DIGEST_REPOS_SHOWN) * 30} events)`,
    );
    expect(json).toContain('<#C0123ABCD>');
    expect(message.text).toContain('1,350 events in 45 repositories');
  });

  it('survives hostile events and channel names', () => {
    const events = EVENT_NAMES.flatMap((name) => [
      hostileEvent(name, 'github', 'opened'),
      hostileEvent(name, 'gitlab', 'closed', 'huge'),
    ]);
    const message = formatDigest(events, '<!channel>');
    expect(messageProblems(message)).toEqual([]);
    expect(JSON.stringify(message)).not.toContain('<!channel>');
  });

  it('handles an empty digest', () => {
    const message = formatDigest([], 'general');
    expect(messageProblems(message)).toEqual([]);
    expect(message.text).toBe('Forgebell digest for #general: 0 events in 0 repositories');
  });

  it('keeps the same repository of two accounts apart', () => {
    const a = sampleEvent('issues', { accountId: 'one' });
    const b = sampleEvent('issues', { accountId: 'two' });
    expect(formatDigest([a, b], 'x').text).toContain('2 events in 2 repositories');
  });

  it('channelRef links channel IDs and escapes names', () => {
    expect(channelRef('C0123ABCD')).toBe('<#C0123ABCD>');
    expect(channelRef('#dev')).toBe('#dev');
    expect(channelRef('<!here>')).toBe('#&lt;!here&gt;');
  });
});
