import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ApiHandlers } from '../contract/api.js';
import { rawGet } from '../../test/support/raw-http.js';
import { type HealthWord, startWebTransport } from './web-transport.js';

describe('GET /healthz', () => {
  it('answers 200 only while the engine runs, 503 with the word otherwise, and nothing else', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'forgebell-health-'));
    writeFileSync(join(dir, 'index.html'), 'app');
    let word: HealthWord = 'starting';
    const transport = await startWebTransport({
      host: '127.0.0.1',
      port: 0,
      token: 'secret-session-token',
      staticDir: dir,
      handlers: {} as ApiHandlers,
      onPush: () => () => undefined,
      log: () => undefined,
      health: () => word,
    });
    try {
      const seen: [number | null, string][] = [];
      for (const next of ['starting', 'ok', 'stopping', 'failed'] as const) {
        word = next;
        const answer = await rawGet(transport.port, '/healthz');
        seen.push([answer.status, answer.body]);
        expect(Object.keys(answer.headers).sort()).toEqual([
          'cache-control',
          'connection',
          'content-length',
          'content-type',
          'date',
        ]);
      }
      expect(seen).toEqual([
        [503, '{"status":"starting"}'],
        [200, '{"status":"ok"}'],
        [503, '{"status":"stopping"}'],
        [503, '{"status":"failed"}'],
      ]);
      // Only the exact path: anything else is the app, never health data.
      expect((await rawGet(transport.port, '/healthz/x')).body).toBe('app');
    } finally {
      await transport.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
