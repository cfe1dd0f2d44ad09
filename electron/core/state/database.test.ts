import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, PAGE_CACHE_SIZE } from './database.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("openDatabase: the engine's connection", () => {
  it("keeps a 2 MB page cache, not better-sqlite3's 16 MB (issue #16: the engine's native memory climb)", () => {
    const dir = mkdtempSync(join(tmpdir(), 'forgebell-database-'));
    dirs.push(dir);
    // What better-sqlite3's SQLite uses unless told otherwise (SQLITE_DEFAULT_CACHE_SIZE=-16000 in its build).
    const plain = new Database(join(dir, 'plain.db'));
    expect(plain.pragma('cache_size', { simple: true })).toBe(-16000);
    plain.close();
    const db = openDatabase(dir);
    expect(PAGE_CACHE_SIZE).toBe(-2000);
    expect(db.pragma('cache_size', { simple: true })).toBe(-2000);
    // Also after the migrations and a restart on the same file (the setting is per connection, never stored).
    db.close();
    const again = openDatabase(dir);
    expect(again.pragma('cache_size', { simple: true })).toBe(-2000);
    again.close();
  });
});
