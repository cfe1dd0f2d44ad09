import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, type Dispatcher } from 'undici';
import { afterAll, describe, expect, it } from 'vitest';
import { DispatcherCache } from './dispatcher-cache.js';
import type { DispatcherOptions } from './dispatcher.js';

/** A factory that makes real (idle) agents and records what it made; `closed` counts those closed since. */
function countingFactory(): {
  create: (o: DispatcherOptions) => Dispatcher;
  made: DispatcherOptions[];
  closed: number;
} {
  const made: DispatcherOptions[] = [];
  const agents: Agent[] = [];
  return {
    made,
    get closed() {
      return agents.filter((a) => a.closed).length;
    },
    create: (o) => {
      made.push(o);
      const agent = new Agent();
      agents.push(agent);
      return agent;
    },
  };
}

describe('DispatcherCache: one dispatcher per (proxy, CA), closed when replaced', () => {
  const dir = mkdtempSync(join(tmpdir(), 'forgebell-ca-cache-'));
  const ca = join(dir, 'ca.pem');
  writeFileSync(ca, 'not parsed by the counting factory');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a direct route without a CA needs no dispatcher; equal routes share one', () => {
    const f = countingFactory();
    const cache = new DispatcherCache(f.create);
    expect(cache.get({ proxyUrl: null, caFile: null })).toBeUndefined();
    const a = cache.get({ proxyUrl: 'http://proxy:3128', caFile: null });
    const b = cache.get({ proxyUrl: 'http://proxy:3128', caFile: null });
    const c = cache.get({ proxyUrl: 'http://proxy:3128', caFile: ca });
    expect(a).toBe(b);
    expect(c).not.toBe(a);
    expect(f.made).toEqual([
      { proxyUrl: 'http://proxy:3128', caFile: null },
      { proxyUrl: 'http://proxy:3128', caFile: ca },
    ]);
    expect(cache.size).toBe(2);
  });

  it('retain closes the dispatchers of routes no longer in use, and keeps the others', async () => {
    const f = countingFactory();
    const cache = new DispatcherCache(f.create);
    const keep = cache.get({ proxyUrl: 'http://a:1', caFile: null });
    cache.get({ proxyUrl: 'http://b:1', caFile: null });
    cache.retain([{ proxyUrl: 'http://a:1', caFile: null }]);
    await new Promise((r) => setImmediate(r));
    expect(f.closed).toBe(1);
    expect(cache.size).toBe(1);
    expect(cache.get({ proxyUrl: 'http://a:1', caFile: null })).toBe(keep);
    await cache.closeAll();
    expect(f.closed).toBe(2);
    expect(cache.size).toBe(0);
  });

  it('a replaced CA file (new modification time) gets a new dispatcher', () => {
    const f = countingFactory();
    const cache = new DispatcherCache(f.create);
    const before = cache.get({ proxyUrl: null, caFile: ca });
    utimesSync(ca, new Date(), new Date(Date.now() + 60_000));
    expect(cache.get({ proxyUrl: null, caFile: ca })).not.toBe(before);
  });

  it('borrow uses a cached dispatcher, or a temporary one that is closed afterwards', async () => {
    const f = countingFactory();
    const cache = new DispatcherCache(f.create);
    const cached = cache.get({ proxyUrl: 'http://a:1', caFile: null });
    await expect(cache.borrow({ proxyUrl: 'http://a:1', caFile: null }, async (d) => d)).resolves.toBe(cached);
    const temporary = await cache.borrow({ proxyUrl: 'http://b:1', caFile: null }, async (d) => d);
    expect(temporary).toBeDefined();
    expect(temporary).not.toBe(cached);
    await new Promise((r) => setImmediate(r));
    expect(f.closed).toBe(1);
    expect(cache.size).toBe(1);
    await expect(cache.borrow({ proxyUrl: null, caFile: null }, async (d) => d)).resolves.toBeUndefined();
  });
});
