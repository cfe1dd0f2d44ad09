import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/core/state/database.js';
import { runCli, type ServeProcess, startServe } from '../support/cli-process.js';
import { startTestWorld, type TestWorld } from '../support/world.js';
import { until } from '../support/wait-until.js';

// Spec §8: the data dir and every file in it are readable by the owner only — also when the folder already
// existed with looser modes (an older version, a hand-made folder, a 022 umask), and for files made later
// (SQLite's -wal and -shm, the lock, the key, corrupt-file backups).

let world: TestWorld;
const serves: ServeProcess[] = [];
afterEach(async () => {
  for (const s of serves.splice(0)) await s.stop('SIGKILL');
  await world?.close();
});

const mode = (path: string): string => (statSync(path).mode & 0o777).toString(8).padStart(4, '0');

function modesUnder(dir: string): Record<string, string> {
  const out: Record<string, string> = { '.': mode(dir) };
  for (const name of readdirSync(dir))
    if (!lstatSync(join(dir, name)).isSymbolicLink()) out[name] = mode(join(dir, name));
  return out;
}

describe.skipIf(process.platform === 'win32')('data dir modes', () => {
  it('makes an existing loose data dir owner-only and keeps later files so', async () => {
    world = await startTestWorld();
    chmodSync(world.dataDir, 0o755);
    // What an older version left: a world-readable database with its WAL, and a damaged settings file.
    const old = new Database(join(world.dataDir, 'state.db'));
    old.pragma('journal_mode = WAL');
    old.exec('CREATE TABLE IF NOT EXISTS kv (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
    old.close();
    chmodSync(join(world.dataDir, 'state.db'), 0o644);
    writeFileSync(join(world.dataDir, 'notes.txt'), 'left by someone', { mode: 0o644 });
    mkdirSync(join(world.dataDir, 'backups'), { mode: 0o755 });
    chmodSync(join(world.dataDir, 'backups'), 0o755);

    const imported = runCli(['import', world.configPath, '--data-dir', world.dataDir]);
    expect(imported.code).toBe(0);
    writeFileSync(join(world.dataDir, 'settings.json'), '{ damaged', { mode: 0o644 });
    chmodSync(join(world.dataDir, 'settings.json'), 0o644);
    expect(runCli(['import', world.configPath, '--data-dir', world.dataDir]).code).toBe(0);

    const serve = await startServe(['--data-dir', world.dataDir]);
    serves.push(serve);
    world.github.openIssue('octo-org/hello-world', { title: 'so the database writes' });
    await until(() => readdirSync(world.dataDir).includes('state.db-wal'), 'the WAL file');
    const running = modesUnder(world.dataDir);
    expect(Object.keys(running)).toEqual(
      expect.arrayContaining([
        'state.db',
        'state.db-wal',
        'state.db-shm',
        'engine.lock',
        'secret.key',
        'settings.json',
      ]),
    );
    expect(Object.keys(running).some((name) => /^settings\.corrupt-.*\.json$/.test(name))).toBe(true);
    const expected = Object.fromEntries(
      Object.keys(running).map((name) => [name, name === '.' || name === 'backups' ? '0700' : '0600']),
    );
    expect(running).toEqual(expected);
    expect(await serve.stop('SIGTERM')).toBe(0);
    serves.pop();
  }, 60_000);

  it('creates a new state database and its WAL and SHM owner-only whatever the umask', () => {
    const dir = mkdtempSync(join(tmpdir(), 'forgebell-modes-'));
    try {
      // The control: in this process a file made without a mode is readable by others (a 022 umask), so the
      // database files below are owner-only because openDatabase makes them so, not by chance.
      writeFileSync(join(dir, 'control.txt'), 'x');
      expect(mode(join(dir, 'control.txt'))).toBe('0644');
      const db = openDatabase(join(dir, 'data'));
      db.prepare('INSERT INTO kv (key, value) VALUES (?, ?)').run('k', 'v');
      expect(modesUnder(join(dir, 'data'))).toEqual({
        '.': '0700',
        'state.db': '0600',
        'state.db-wal': '0600',
        'state.db-shm': '0600',
      });
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
