import { describe, expect, it } from 'vitest';
import { CursorStore } from './cursor-store.js';
import { openMemoryDatabase } from './database.js';
import { ThreadStore } from './thread-store.js';

describe('CursorStore and ThreadStore', () => {
  it('keeps one cursor per account and repository (repository names case-insensitive)', () => {
    const cursors = new CursorStore(openMemoryDatabase());
    expect(cursors.get('gh', 'Octo/App')).toBeNull();
    cursors.put('gh', 'Octo/App', { etag: 'a' }, 1);
    cursors.put('gh', 'octo/app', { etag: 'b' }, 2);
    cursors.put('gl', 'octo/app', { etag: 'c' }, 3);
    expect(cursors.get('gh', 'OCTO/app')).toEqual({ cursor: { etag: 'b' }, polledAt: 2 });
    expect(cursors.get('gl', 'octo/app')?.cursor).toEqual({ etag: 'c' });
  });

  it('remembers seen event ids (the dedupe across polls and restarts) and forgets old ones on prune', () => {
    const cursors = new CursorStore(openMemoryDatabase());
    expect(cursors.markSeen('octo/app|1', 100)).toBe(true);
    expect(cursors.markSeen('octo/app|1', 200)).toBe(false);
    expect(cursors.markSeen('octo/app|2', 300)).toBe(true);
    cursors.pruneSeen(250);
    expect(cursors.markSeen('octo/app|1', 400)).toBe(true);
    expect(cursors.markSeen('octo/app|2', 400)).toBe(false);
  });

  it('keeps the last pipeline status per branch (for "fixed") and the thread parent per channel and subject', () => {
    const db = openMemoryDatabase();
    const cursors = new CursorStore(db);
    expect(cursors.previousPipelineStatus('gh', 'o/r', 'main')).toBeNull();
    cursors.setPipelineStatus('gh', 'O/R', 'main', 'failed');
    cursors.setPipelineStatus('gh', 'o/r', 'main', 'success');
    expect(cursors.previousPipelineStatus('gh', 'o/r', 'main')).toBe('success');
    expect(cursors.previousPipelineStatus('gh', 'o/r', 'dev')).toBeNull();

    const threads = new ThreadStore(db);
    threads.put('general', 'gh', 'O/R', 'issue:1', { channelId: 'C1', ts: '1.0' });
    threads.put('general', 'gh', 'o/r', 'issue:1', { channelId: 'C1', ts: '2.0' });
    expect(threads.get('general', 'gh', 'o/r', 'issue:1')).toEqual({ channelId: 'C1', ts: '2.0' });
    expect(threads.get('random', 'gh', 'o/r', 'issue:1')).toBeNull();
  });
});
