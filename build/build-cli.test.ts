import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Metafile } from 'esbuild';
import * as slim from '../electron/core/http/undici-slim.js';
import { buildCli } from './build-cli.mjs';

/**
 * The CLI bundle is what `forgebell serve` runs for weeks, so what it loads stays in its RSS (issue #16: < 150 MB at
 * 1,000 + 500 repositories). These tests keep out what the engine never uses.
 */
let outDir: string;
let outfile: string;
let metafile: Metafile;

beforeAll(async () => {
  // Inside the checkout, as dist/cli is: the bundle finds its external packages (better-sqlite3…) in node_modules.
  const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
  mkdirSync(dist, { recursive: true });
  outDir = mkdtempSync(join(dist, 'cli-build-test-'));
  outfile = join(outDir, 'cli', 'forgebell.mjs');
  metafile = await buildCli({ outfile, logLevel: 'silent' });
}, 120_000);
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

const require = createRequire(import.meta.url);
const undiciDir = join(require.resolve('undici'), '..');

describe('build/build-cli.mjs', () => {
  it('runs', () => {
    // As bin/forgebell.js runs it.
    const script = `const { main } = await import(${JSON.stringify(outfile)}); process.exitCode = await main(['--version']);`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^forgebell \d+\.\d+\.\d+/);
  });

  it("leaves undici's index out: only the parts the app uses are bundled", () => {
    const inputs = Object.keys(metafile.inputs);
    expect(inputs.some((f) => /node_modules\/undici\/lib\/web\/fetch\/index\.js$/.test(f))).toBe(true);
    expect(inputs.filter((f) => /node_modules\/undici\/index\.js$/.test(f))).toEqual([]);
    expect(inputs.filter((f) => /node_modules\/undici\/lib\/mock\//.test(f))).toEqual([]);
  });

  it("gives @slack/socket-mode every name it takes from undici, as undici's index exports it", () => {
    const dist = join(require.resolve('@slack/socket-mode'), '..');
    const used = new Set<string>();
    for (const file of readdirSync(dist).filter((f) => f.endsWith('.js')))
      for (const m of readFileSync(join(dist, file), 'utf8').matchAll(/undici_1\.([A-Za-z_$][\w$]*)/g))
        used.add(m[1] as string);
    expect(used.size).toBeGreaterThan(3);
    const full = require('undici') as Record<string, unknown>;
    const given = slim as Record<string, unknown>;
    for (const name of used) {
      expect(given[name], name).toBeTypeOf('function');
      // undici's index wraps fetch (only to add a stack trace to errors); everything else is the very same value.
      if (name !== 'fetch') expect(given[name], name).toBe(full[name]);
    }
  });

  it("the bundle's fetch and Agent work (they are loaded by path, not through the package's index)", async () => {
    const server = createServer((_req, res) => res.end('pong'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as { port: number };
      const agent = new slim.Agent();
      const response = await slim.fetch(`http://127.0.0.1:${port}/`, { dispatcher: agent });
      expect(await response.text()).toBe('pong');
      await agent.close();
    } finally {
      server.close();
    }
    expect(join(require.resolve('undici/lib/dispatcher/agent.js'), '..', '..', '..')).toBe(undiciDir);
  });

  it('is Latin-1 only, so V8 keeps its source as one byte per character', () => {
    const text = readFileSync(outfile, 'utf8');
    const wide = [...text].filter((c) => (c.codePointAt(0) ?? 0) > 0xff);
    expect(wide.slice(0, 5)).toEqual([]);
  });

  it("loading it does not load Node's own bundled undici", () => {
    const probe = `await import(${JSON.stringify(outfile)}); console.log(JSON.stringify(process.moduleLoadList.filter((m) => m.includes('undici'))));`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', probe], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual([]);
    // Control: the probe sees it when something does load it.
    const control = spawnSync(process.execPath, ['--input-type=module', '-e', `void globalThis.Headers; ${probe}`], {
      encoding: 'utf8',
    });
    expect(JSON.parse(control.stdout)).toEqual(['NativeModule internal/deps/undici/undici']);
  });
});
