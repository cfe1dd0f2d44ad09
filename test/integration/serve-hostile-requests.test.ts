import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServeProcess, startServe } from '../support/cli-process.js';
import { rawGet, rawRequest } from '../support/raw-http.js';

// A real `forgebell serve` process, hit with raw requests no browser would send but any web page can trigger
// (an <img> pointing at the loopback port). Spec §8: every malformed request gets a 4xx or its connection closed,
// and the process keeps running; /healthz answers without a token and says nothing else.

let base: string;
let serve: ServeProcess;
let port: number;

beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), 'forgebell-hostile-'));
  const ui = join(base, 'ui');
  mkdirSync(join(ui, 'assets'), { recursive: true });
  writeFileSync(join(ui, 'index.html'), '<!doctype html><title>Forgebell</title>THE-APP');
  writeFileSync(join(ui, 'assets', 'app.js'), 'console.log("app")');
  // A sibling folder whose name starts with the UI folder's name, and a file outside reached by a symlink.
  mkdirSync(join(base, 'ui-private'));
  writeFileSync(join(base, 'ui-private', 'secret.txt'), 'SIBLING-SECRET');
  writeFileSync(join(base, 'outside.txt'), 'OUTSIDE-SECRET');
  symlinkSync(join(base, 'outside.txt'), join(ui, 'leak.txt'));
  symlinkSync(join(base, 'ui-private'), join(ui, 'private-dir'));
  serve = await startServe(['--data-dir', join(base, 'data')], { FORGEBELL_UI_DIR: ui });
  port = Number(new URL(serve.url).port);
});

afterAll(async () => {
  await serve?.stop('SIGKILL');
  rmSync(base, { recursive: true, force: true });
});

async function expectAlive(): Promise<void> {
  expect(serve.child.exitCode, `serve exited; stderr:\n${serve.stderr()}`).toBeNull();
  const health = await rawGet(port, '/healthz');
  expect(health.status).toBe(200);
}

describe('forgebell serve under hostile requests', () => {
  it('answers /healthz without a token with the engine state and nothing else', async () => {
    const health = await rawGet(port, '/healthz');
    expect(health.status).toBe(200);
    expect(health.body).toBe('{"status":"ok"}');
    expect(health.headers['content-type']).toBe('application/json');
    expect(health.headers['x-powered-by']).toBeUndefined();
    expect(health.raw).not.toContain(serve.token);
    const head = await rawRequest(port, 'HEAD /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(head.status).toBe(200);
    expect((await rawRequest(port, 'POST /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')).status).toBe(405);
  });

  it.each([
    ['bad percent-encoding', '/%E0%A4%A'],
    ['a broken absolute-form target', 'http://['],
    ['an encoded slash to a sibling folder', '/..%2Fui-private/secret.txt'],
    ['an encoded backslash', '/..%5Cui-private%5Csecret.txt'],
    ['a raw dot-dot segment', '/../ui-private/secret.txt'],
    ['an encoded dot-dot segment', '/%2e%2e/ui-private/secret.txt'],
    ['a NUL byte', '/index.html%00.js'],
    ['an asterisk target', '*'],
  ])('refuses %s with a 4xx and keeps running', async (_what, target) => {
    const answer = await rawGet(port, target);
    expect(answer.status, answer.raw).toBe(400);
    expect(answer.raw).not.toContain('SIBLING-SECRET');
    expect(answer.raw).not.toContain('OUTSIDE-SECRET');
    await expectAlive();
  });

  it('never follows a symlink out of the UI folder', async () => {
    for (const target of ['/leak.txt', '/private-dir/secret.txt']) {
      const answer = await rawGet(port, target);
      expect(answer.status, target).toBe(403);
      expect(answer.raw).not.toMatch(/SIBLING-SECRET|OUTSIDE-SECRET/);
    }
    await expectAlive();
  });

  it('closes or refuses requests Node cannot parse, and malformed WebSocket upgrades', async () => {
    const garbage = await rawRequest(port, '\u0000\u0001 not http at all\r\n\r\n');
    expect(garbage.timedOut).toBe(false);
    expect(garbage.status === null || garbage.status === 400).toBe(true);
    const upgrade = await rawGet(
      port,
      'http://[',
      'Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n',
    );
    expect(upgrade.timedOut).toBe(false);
    expect(upgrade.status === null || (upgrade.status >= 400 && upgrade.status < 500), upgrade.raw).toBe(true);
    const badUpgrade = await rawGet(
      port,
      '/%E0%A4%A',
      'Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n',
    );
    expect(badUpgrade.timedOut).toBe(false);
    expect(badUpgrade.status === null || badUpgrade.status === 403, badUpgrade.raw).toBe(true);
    await expectAlive();
  });

  it('still serves the app and its files after all that', async () => {
    const index = await rawGet(port, '/');
    expect(index.status).toBe(200);
    expect(index.body).toContain('THE-APP');
    expect((await rawGet(port, '/assets/app.js')).body).toContain('console.log');
    // An unknown route gets the app (the UI routes in the hash), never a listing.
    expect((await rawGet(port, '/feed')).body).toContain('THE-APP');
    expect(serve.stderr()).not.toMatch(/URIError|TypeError: Invalid URL/);
    await expectAlive();
  });
});
