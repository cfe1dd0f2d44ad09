import { describe, expect, it } from 'vitest';
import { recordingLogger } from '../../../test/support/in-memory-ports.js';
import { openMemoryDatabase } from '../state/database.js';
import { describeEngineFailure, EngineHealth } from './engine-health.js';

/** A real SQLITE_FULL: the database may not grow past its current size, then rows are added until it refuses. */
function realDiskFull(): unknown {
  const db = openMemoryDatabase();
  db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
  try {
    for (let i = 0; i < 10_000; i++)
      db.prepare('INSERT INTO kv (key, value) VALUES (?, ?)').run(`k${i}`, 'x'.repeat(500));
  } catch (error) {
    return error;
  }
  throw new Error('the database never filled up');
}

describe('engine problems in a sentence (#10.15)', () => {
  it.each([
    [
      'SQLite full',
      realDiskFull(),
      /The disk holding \/data is full: Forgebell cannot keep recording new events\. Free some space/,
    ],
    ['ENOSPC', Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }), /is full/],
    [
      'I/O error',
      Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR_WRITE' }),
      /cannot write to \/data \(SQLITE_IOERR_WRITE\)/,
    ],
    [
      'read-only',
      Object.assign(new Error('attempt to write a readonly database'), { code: 'SQLITE_READONLY' }),
      /cannot write to \/data/,
    ],
    [
      'other SQLite',
      Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' }),
      /database in \/data failed while recording new events \(SQLITE_BUSY/,
    ],
    ['anything else', new Error('boom'), /^Recording new events failed: boom\. Forgebell retries on its own\.$/],
  ])('%s', (_name, error, sentence) => {
    expect(describeEngineFailure(error, '/data', 'ingest')).toMatch(sentence);
  });

  it('reports a problem once per change, clears it on success, and tells the status each time', () => {
    const logger = recordingLogger();
    let changes = 0;
    const health = new EngineHealth('/data', logger, () => void changes++);
    const full = Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
    health.report('delivery', full);
    health.report('delivery', full);
    expect(changes).toBe(1);
    expect(health.problem()).toMatch(/cannot keep delivering to Slack/);
    health.clear('ingest');
    expect(changes).toBe(1);
    health.clear('delivery');
    expect(health.problem()).toBeNull();
    expect(changes).toBe(2);
    expect(logger.lines.map((l) => l.level)).toEqual(['error', 'info']);
  });
});
