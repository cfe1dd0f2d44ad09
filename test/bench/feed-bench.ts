/**
 * `npm run bench:feed`: the feed with 10,000 events in Chromium (test/e2e/ui/feed-scale.spec.ts, which asserts only
 * behaviour) run once more to print its durations: navigation → first row, scroll frame p50/p95, forge action → row
 * and push → row p95. Needs `npm run build` first (serve serves the built UI) and /usr/bin/chromium.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/cli-process.js';

const dir = mkdtempSync(join(tmpdir(), 'forgebell-feed-bench-'));
const out = join(dir, 'figures.json');
const run = spawnSync(
  'npx',
  ['playwright', 'test', '-c', 'test/e2e/playwright.config.ts', 'ui/feed-scale.spec.ts', '--reporter=line'],
  { cwd: REPO_ROOT, env: { ...process.env, FORGEBELL_FEED_FIGURES: out }, encoding: 'utf8', stdio: 'inherit' },
);
try {
  const figures = JSON.parse(readFileSync(out, 'utf8')) as Record<string, number>;
  const ms = (key: string): string => (Number.isFinite(figures[key]) ? `${figures[key]} ms` : 'not measured');
  console.log(
    [
      'Feed with 10,000 events (Chromium, `forgebell serve`)',
      `  navigation → first row:   ${ms('firstRowMs')} (DOMContentLoaded ${ms('domContentLoadedMs')})`,
      `  scroll frame p50 / p95:   ${ms('scrollFrameP50Ms')} / ${ms('scrollFrameP95Ms')}`,
      `  forge action → row p95:   ${ms('forgeActionToRowP95Ms')} (includes the 1 s poll)`,
      `  push → row p95:           ${ms('pushToRowP95Ms')}`,
    ].join('\n'),
  );
} catch {
  console.error(`no figures: the spec did not get far enough (exit ${run.status})`);
  process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
