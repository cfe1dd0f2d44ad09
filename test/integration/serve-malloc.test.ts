// `forgebell serve` runs with glibc's malloc settings (electron/cli/malloc-relaunch.ts): on Linux the process that
// prints the ready line — the very process started, same pid — has them in its environment, set before Node started.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ServeProcess, startServe } from '../support/cli-process.js';

const onLinux = process.platform === 'linux';
if (!onLinux) console.log('serve-malloc: skipped, the malloc settings apply on Linux only (glibc).');

let base: string;
let serve: ServeProcess | undefined;

beforeEach(() => {
  base = mkdtempSync(join(tmpdir(), 'forgebell-malloc-'));
});

afterEach(async () => {
  await serve?.stop('SIGKILL');
  serve = undefined;
  rmSync(base, { recursive: true, force: true });
});

/** The environment the kernel holds for a process: what its C library read when the program started. */
function environmentOf(pid: number): Record<string, string> {
  const entries = readFileSync(`/proc/${pid}/environ`, 'utf8')
    .split('\0')
    .filter(Boolean)
    .map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]);
  return Object.fromEntries(entries);
}

describe.runIf(onLinux)('forgebell serve on Linux', () => {
  it('runs, in the process that was started, with two malloc arenas and a fixed trim threshold', async () => {
    serve = await startServe(['--data-dir', join(base, 'data')], {
      MALLOC_ARENA_MAX: undefined,
      MALLOC_TRIM_THRESHOLD_: undefined,
    });
    const env = environmentOf(serve.child.pid!);
    expect(env.MALLOC_ARENA_MAX).toBe('2');
    expect(env.MALLOC_TRIM_THRESHOLD_).toBe('131072');
    // The relaunched process is the same serve: it answers on its port.
    const health = await fetch(new URL('/healthz', serve.url));
    expect(health.status).toBe(200);
  });

  it("keeps the user's own MALLOC_ARENA_MAX", async () => {
    serve = await startServe(['--data-dir', join(base, 'data')], {
      MALLOC_ARENA_MAX: '4',
      MALLOC_TRIM_THRESHOLD_: undefined,
    });
    const env = environmentOf(serve.child.pid!);
    expect(env.MALLOC_ARENA_MAX).toBe('4');
    expect(env.MALLOC_TRIM_THRESHOLD_).toBe('131072');
  });
});
