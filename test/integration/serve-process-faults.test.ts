import { EventEmitter } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { serveCommand } from '../../electron/cli/serve-command.js';
import type { Status } from '../../electron/contract/schemas.js';
import { silentLogger } from '../../electron/core/runtime/logger.js';
import { ProcessFaults } from '../../electron/core/runtime/process-faults.js';
import { lockPath } from '../../electron/core/state/data-dir-lock.js';
import { openApiSocket } from '../support/api-socket.js';
import { rawGet } from '../support/raw-http.js';
import { until } from '../support/wait-until.js';

// `forgebell serve` in this process, its signals and uncaught-error events coming from a stand-in for `process`
// (the real ones belong to the test runner): an error nobody handled is logged redacted and shown in the status;
// only one that makes going on unsafe stops serve, with exit code 1.

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function startInProcess() {
  const base = mkdtempSync(join(tmpdir(), 'forgebell-faults-'));
  dirs.push(base);
  mkdirSync(join(base, 'ui'));
  writeFileSync(join(base, 'ui', 'index.html'), 'app');
  const events = new EventEmitter();
  const out: string[] = [];
  const err: string[] = [];
  const exit = serveCommand({
    dataDir: join(base, 'data'),
    host: '127.0.0.1',
    port: 0,
    staticDir: join(base, 'ui'),
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    events,
  });
  await until(() => out.length > 0, 'the ready line');
  const m = /^Forgebell UI: (http:\/\/\S+)#token=([0-9a-f]+)$/.exec(out[0]!)!;
  return {
    events,
    err,
    exit,
    url: m[1]!,
    token: m[2]!,
    port: Number(new URL(m[1]!).port),
    dataDir: join(base, 'data'),
  };
}

describe('serve and errors nobody caught', () => {
  it('logs them redacted, shows them in the status and carries on', async () => {
    const s = await startInProcess();
    const api = await openApiSocket(s.url, s.token);
    expect(((await api.call('status.get')) as Status).processFaults).toEqual({ total: 0, recent: [] });

    const secret = 'xoxb-1111-2222-abcdefghijkl';
    s.events.emit('unhandledRejection', new Error(`Slack said no to ${secret}`));
    s.events.emit('uncaughtException', new TypeError('Cannot read properties of undefined'));
    const status = (await api.call('status.get')) as Status;
    expect(status.processFaults?.total).toBe(2);
    expect(status.processFaults?.recent.map((f) => [f.kind, f.fatal])).toEqual([
      ['unhandledRejection', false],
      ['uncaughtException', false],
    ]);
    expect(status.processFaults?.recent[0]!.message).toBe('Error: Slack said no to [redacted]');
    // The status push the UI listens to carries them too.
    await until(
      () => api.pushes.some((p) => p.event === 'status' && (p.payload as Status).processFaults?.total === 2),
      'a status push with the faults',
    );
    expect(s.err.join('\n')).toMatch(/nothing handled it/);
    expect(s.err.join('\n')).not.toContain(secret);
    expect((await rawGet(s.port, '/healthz')).body).toBe('{"status":"ok"}');

    api.close();
    s.events.emit('SIGTERM');
    expect(await s.exit).toBe(0);
    expect(existsSync(lockPath(s.dataDir))).toBe(false);
  });

  it('stops with exit code 1, releasing the data dir, when going on would be unsafe', async () => {
    const s = await startInProcess();
    s.events.emit('uncaughtException', new TypeError('The database connection is not open'));
    expect(await s.exit).toBe(1);
    expect(s.err.join('\n')).toMatch(/stopping: the state database is closed or damaged/);
    expect(existsSync(lockPath(s.dataDir))).toBe(false);
  });
});

describe('ProcessFaults', () => {
  it('gives up on a storm of uncaught errors, not on a few', () => {
    let now = 0;
    const fatal: string[] = [];
    const faults = new ProcessFaults({
      logger: silentLogger,
      redact: (t) => t,
      now: () => now,
      onFatal: (f) => fatal.push(f.message),
    });
    for (let i = 0; i < 19; i++) {
      faults.record('uncaughtException', new Error(`e${i}`));
      now += 1000;
    }
    expect(fatal).toEqual([]);
    now += 60_000; // the old ones age out of the window
    for (let i = 0; i < 19; i++) faults.record('uncaughtException', new Error(`f${i}`));
    expect(fatal).toEqual([]);
    faults.record('uncaughtException', new Error('the twentieth within a minute'));
    expect(fatal).toEqual(['Error: the twentieth within a minute']);
    // Rejections alone never make a storm; only five are kept for the status.
    expect(faults.summary().total).toBe(39);
    expect(faults.summary().recent).toHaveLength(5);
  });
});
