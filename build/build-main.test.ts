import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allTrayIconFiles } from '../electron/main/tray/tray-icons.js';
import { buildMain, MAIN_EXTERNALS } from './build-main.mjs';

let outDir: string;
let metafiles: Awaited<ReturnType<typeof buildMain>>;

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'forgebell-build-'));
  metafiles = await buildMain({ outDir, logLevel: 'silent' });
});
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

/** A stand-in `electron` module recording what the bundle does before `ready` (which never comes). */
const STUB = `
const Module = require('node:module');
const calls = [];
process.on('exit', () => require('node:fs').writeFileSync(process.env.CALLS_FILE, JSON.stringify(calls)));
const app = {
  setPath: (...a) => calls.push(['app.setPath', ...a]),
  enableSandbox: () => calls.push(['app.enableSandbox']),
  requestSingleInstanceLock: () => (calls.push(['app.requestSingleInstanceLock']), true),
  on: (event) => calls.push(['app.on', event]),
  whenReady: () => new Promise(() => {}),
  quit: () => calls.push(['app.quit']),
};
const electron = { app, protocol: { registerSchemesAsPrivileged: (s) => calls.push(['protocol.registerSchemesAsPrivileged', s]) } };
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) { return request === 'electron' ? 'electron' : resolve.call(this, request, ...rest); };
require.cache.electron = { id: 'electron', filename: 'electron', loaded: true, exports: electron };
`;

describe('build/build-main.mjs', () => {
  it('bundles main and preload as CommonJS and copies the tray icons', () => {
    expect(existsSync(join(outDir, 'main/main.cjs'))).toBe(true);
    expect(existsSync(join(outDir, 'preload/preload.cjs'))).toBe(true);
    for (const { file } of allTrayIconFiles()) expect(existsSync(join(outDir, 'icons/tray', file)), file).toBe(true);
    expect(Object.keys(metafiles.main.outputs).some((f) => f.endsWith('main.cjs'))).toBe(true);
  });

  it('keeps the preload tiny: only electron is required, no schemas bundled', () => {
    const preload = readFileSync(join(outDir, 'preload/preload.cjs'), 'utf8');
    expect([...preload.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1])).toEqual(['electron']);
    expect(preload).not.toContain('zod');
    expect(preload.length).toBeLessThan(10_000);
  });

  it('leaves only Electron, native and ESM-only packages to node_modules', () => {
    const main = readFileSync(join(outDir, 'main/main.cjs'), 'utf8');
    const packages = new Set(
      [...main.matchAll(/require\("([^"]+)"\)/g)]
        .map((m) => m[1] ?? '')
        .filter((m) => (!m.startsWith('node:') && !/^[a-z_]+$/.test(m)) || MAIN_EXTERNALS.includes(m ?? '')),
    );
    for (const name of packages) expect(MAIN_EXTERNALS, name).toContain(name);
    expect(main).toContain('import("electron-store")');
  });

  it("holds the engine as the CLI does: undici's parts, not its index; Latin-1 only (V8 keeps one byte a character)", () => {
    const inputs = Object.keys(metafiles.main.inputs);
    expect(inputs.some((f) => /node_modules\/undici\/lib\/web\/websocket\/websocket\.js$/.test(f))).toBe(true);
    expect(inputs.filter((f) => /node_modules\/undici\/index\.js$/.test(f))).toEqual([]);
    const main = readFileSync(join(outDir, 'main/main.cjs'), 'utf8');
    expect([...main].filter((c) => (c.codePointAt(0) ?? 0) > 0xff).slice(0, 5)).toEqual([]);
  });

  it('runs under Node up to app ready: user data, scheme, sandbox, single instance', () => {
    const stub = join(outDir, 'electron-stub.cjs');
    const callsFile = join(outDir, 'calls.json');
    writeFileSync(stub, STUB);
    const result = spawnSync(process.execPath, ['--require', stub, join(outDir, 'main/main.cjs')], {
      // In the packaged app node_modules sits beside dist/; here the bundle is in a temp folder.
      env: {
        ...process.env,
        NODE_PATH: join(process.cwd(), 'node_modules'),
        CALLS_FILE: callsFile,
        FORGEBELL_USER_DATA: '/tmp/forgebell-e2e-user-data',
      },
      encoding: 'utf8',
      timeout: 15_000,
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const calls = JSON.parse(readFileSync(callsFile, 'utf8')) as unknown[][];
    expect(calls).toContainEqual(['app.setPath', 'userData', '/tmp/forgebell-e2e-user-data']);
    expect(calls).toContainEqual([
      'protocol.registerSchemesAsPrivileged',
      [{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }],
    ]);
    expect(calls).toContainEqual(['app.enableSandbox']);
    expect(calls).toContainEqual(['app.requestSingleInstanceLock']);
    expect(calls.filter((c) => c[0] === 'app.on').map((c) => c[1])).toEqual(
      expect.arrayContaining(['second-instance', 'activate', 'window-all-closed']),
    );
  });
});
