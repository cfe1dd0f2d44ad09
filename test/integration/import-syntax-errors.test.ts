import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dispatchCall } from '../../electron/contract/dispatch.js';
import { startEngine, type EngineHarness } from '../support/engine-harness.js';
import { runCli } from '../support/cli-process.js';

// #10.9: a config file with a JSON syntax error right by a token. The error says line and column, never the text
// around it (JavaScript's own message quotes it) — through `forgebell import` and through the app's config.import.

const TOKEN = 'ghp_ThisIsPartOfARealLookingToken0001';
const BROKEN = `{
  "version": 1,
  "accounts": [
    { "id": "github", "forge": "github", "apiUrl": "https://api.github.com", "token": ${TOKEN} }
  ]
}
`;

let dir: string;
let h: EngineHarness | null = null;
afterEach(async () => {
  await h?.stop();
  h = null;
  rmSync(dir, { recursive: true, force: true });
});

describe('a config file that is not valid JSON', () => {
  it('forgebell import gives line and column, not the text, exits 2 and changes nothing', () => {
    dir = mkdtempSync(join(tmpdir(), 'forgebell-syntax-'));
    const file = join(dir, 'config.json');
    writeFileSync(file, BROKEN);
    const r = runCli(['import', file, '--data-dir', join(dir, 'data')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${file} is not valid JSON: line 4, column 87: expected a value`);
    expect(r.stderr).toContain('Nothing was changed.');
    expect(r.stderr + r.stdout).not.toContain('ThisIsPartOf');
    expect(r.stderr + r.stdout).not.toContain('ghp_');
  });

  it("the app's config.import says the same", async () => {
    dir = mkdtempSync(join(tmpdir(), 'forgebell-syntax-'));
    h = await startEngine(null, { dataDir: dir, start: false });
    const outcome = await dispatchCall(h.engine.handlers, 'config.import', { json: BROKEN });
    expect(outcome).toEqual({
      error: {
        code: 'invalid_params',
        message:
          'The file is not valid JSON: line 4, column 87: expected a value (a string in double quotes, a number, true, false, null, an object or a list). Nothing was changed.',
      },
    });
    expect(JSON.stringify(outcome)).not.toContain('ThisIsPartOf');
  });
});
