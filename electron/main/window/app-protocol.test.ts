import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Session } from 'electron';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// The desktop app's app:// protocol handler, as Electron calls it, over a real folder: it follows the same
// static-file rules as `forgebell serve` (one resolver): no sibling-prefix folder, no symlink out, no bad encoding.
const fake = await vi.hoisted(async () => {
  const { createFakeElectron } = await import('../../../test/support/electron/fake-electron.js');
  return createFakeElectron();
});
vi.mock('electron', () => fake.module);
const { serveRenderer } = await import('./app-protocol.js');

let base: string;
let handler: (request: Request) => Promise<Response>;

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'forgebell-protocol-'));
  const renderer = join(base, 'renderer');
  mkdirSync(join(renderer, 'assets'), { recursive: true });
  writeFileSync(join(renderer, 'index.html'), 'THE-APP');
  writeFileSync(join(renderer, 'assets', 'app.js'), 'js');
  mkdirSync(join(base, 'renderer-private'));
  writeFileSync(join(base, 'renderer-private', 'x'), 'SIBLING-SECRET');
  writeFileSync(join(base, 'outside.txt'), 'OUTSIDE-SECRET');
  symlinkSync(join(base, 'outside.txt'), join(renderer, 'leak.txt'));
  const session = {
    protocol: { handle: (_scheme: string, h: typeof handler) => void (handler = h) },
  } as unknown as Session;
  serveRenderer(session, renderer);
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

async function get(url: string): Promise<{ status: number; body: string; csp: string | null }> {
  const res = await handler(new Request(url));
  return { status: res.status, body: await res.text(), csp: res.headers.get('content-security-policy') };
}

describe('app:// protocol', () => {
  it('serves the renderer files with the CSP', async () => {
    expect(await get('app://forgebell/index.html')).toMatchObject({ status: 200, body: 'THE-APP' });
    expect(await get('app://forgebell/')).toMatchObject({ status: 200, body: 'THE-APP' });
    expect((await get('app://forgebell/assets/app.js')).csp).toContain("frame-ancestors 'none'");
  });

  it.each([
    ['app://forgebell/..%2Frenderer-private/x', 400],
    ['app://forgebell/assets/..%2F..%2Frenderer-private/x', 400],
    ['app://forgebell/%E0%A4%A', 400],
    ['app://forgebell/index.html%00.js', 400],
    ['app://forgebell/leak.txt', 404],
    ['app://forgebell/missing.js', 404],
    ['app://elsewhere/index.html', 404],
  ])('refuses %s (%i)', async (url, status) => {
    const answer = await get(url);
    expect(answer.status).toBe(status);
    expect(answer.body).not.toMatch(/SECRET/);
    expect(answer.csp).toContain("frame-ancestors 'none'");
  });
});
