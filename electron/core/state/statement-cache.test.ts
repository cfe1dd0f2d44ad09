import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, openMemoryDatabase } from './database.js';
import { FeedStore } from './feed-store.js';
import { cacheStatements } from './statement-cache.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('cacheStatements: one compiled statement per SQL text and connection', () => {
  it("the engine's connections (file and memory) compile each SQL text once", () => {
    const dir = mkdtempSync(join(tmpdir(), 'forgebell-statements-'));
    dirs.push(dir);
    for (const db of [openDatabase(dir), openMemoryDatabase()]) {
      const sql = 'SELECT COUNT(*) AS n FROM feed WHERE id > ?';
      expect(db.prepare(sql)).toBe(db.prepare(sql));
      expect(db.prepare(sql)).not.toBe(db.prepare('SELECT 1'));
      db.close();
    }
  });

  it('a shared statement keeps working: repeated runs, after a failed run, read back by the stores', () => {
    const db = openMemoryDatabase();
    const feed = new FeedStore(db, () => Date.parse('2025-06-02T09:00:00Z'));
    const event = {
      eventId: 'e1',
      event: 'issues' as const,
      action: 'opened',
      forge: 'github' as const,
      repo: 'octo-org/hello-world',
      actor: 'alice',
      summary: 'alice opened #1',
      url: 'https://github.com/octo-org/hello-world/issues/1',
      createdAt: '2025-06-02T08:59:00Z',
    };
    const first = feed.insertEvent(event);
    const second = feed.insertEvent({ ...event, eventId: 'e2' });
    expect(second).toBe(first + 1);
    // A foreign key failure leaves the cached INSERT reset, not busy.
    expect(() =>
      feed.addDestination(999_999, { kind: 'channel', target: 'general', subscriptionId: 's1', fate: 'queued' }),
    ).toThrow(/FOREIGN KEY/);
    const destination = feed.addDestination(first, {
      kind: 'channel',
      target: 'general',
      subscriptionId: 's1',
      fate: 'queued',
    });
    expect(feed.destinationsOf(first).map((d) => d.id)).toEqual([destination]);
    expect(feed.page({}).total).toBe(2);
    db.close();
  });

  it('is bounded: the least recently used statement goes first', () => {
    const db = cacheStatements(new Database(':memory:'), 3);
    const a = db.prepare('SELECT 1');
    const b = db.prepare('SELECT 2');
    db.prepare('SELECT 3');
    expect(db.prepare('SELECT 1')).toBe(a); // used again: now the most recent
    db.prepare('SELECT 4'); // the fourth text: 'SELECT 2', the least recently used, goes
    expect(db.prepare('SELECT 1')).toBe(a);
    expect(db.prepare('SELECT 2')).not.toBe(b);
    expect((db.prepare('SELECT 2').get() as Record<string, number>)['2']).toBe(2);
    db.close();
  });
});
