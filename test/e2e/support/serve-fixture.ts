import { test as base, type TestInfo } from '@playwright/test';
import { runCli, type ServeProcess, startServe } from '../../support/cli-process.js';
import { startTestWorld, type TestWorld, waitPastSubscriptionStart } from '../../support/world.js';

export interface ServeFixture {
  world: TestWorld;
  serve: ServeProcess;
  /** The page URL with the session token, as `serve` prints it. */
  uiUrl: string;
}

/**
 * A world and a `serve` a test starts itself (its own config): stopped and closed when the test's fixtures are torn
 * down — after Playwright has taken a failed test's screenshot and page snapshot. A test that stopped serve in its
 * own `finally` made every failure look like a dropped socket: the evidence showed "Reconnecting to Forgebell…"
 * because serve was already gone when it was taken.
 */
export interface OwnServe {
  world(options?: Parameters<typeof startTestWorld>[0]): Promise<TestWorld>;
  serve(args: string[]): Promise<ServeProcess>;
}

/** A fresh set of fakes, an imported config and a running `forgebell serve` per test. */
export const test = base.extend<{ forgebell: ServeFixture; emptyForgebell: ServeFixture; own: OwnServe }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright fixtures must destructure their dependencies
  forgebell: async ({}, use, testInfo) => {
    const world = await startTestWorld({ appToken: true });
    const imported = runCli(['import', world.configPath, '--data-dir', world.dataDir]);
    if (imported.code !== 0) throw new Error(imported.stderr);
    const importedAt = Date.now();
    const serve = await startServe(['--data-dir', world.dataDir]);
    // A test may act at once: what it does must not share the imported subscription's first (whole) second.
    await waitPastSubscriptionStart(importedAt);
    await use({ world, serve, uiUrl: `${serve.url}#token=${serve.token}` });
    await attachServeLogOnFailure(serve, testInfo);
    await serve.stop('SIGTERM');
    await world.close();
  },
  // eslint-disable-next-line no-empty-pattern -- Playwright fixtures must destructure their dependencies
  own: async ({}, use, testInfo) => {
    const worlds: TestWorld[] = [];
    const serves: ServeProcess[] = [];
    await use({
      world: async (options) => {
        const world = await startTestWorld(options);
        worlds.push(world);
        return world;
      },
      serve: async (args) => {
        const serve = await startServe(args);
        serves.push(serve);
        return serve;
      },
    });
    for (const serve of serves.reverse()) {
      await attachServeLogOnFailure(serve, testInfo);
      await serve.stop('SIGTERM');
    }
    for (const world of worlds.reverse()) await world.close();
  },
  // eslint-disable-next-line no-empty-pattern -- Playwright fixtures must destructure their dependencies
  emptyForgebell: async ({}, use, testInfo) => {
    const world = await startTestWorld();
    const serve = await startServe(['--data-dir', world.dataDir]);
    await use({ world, serve, uiUrl: `${serve.url}#token=${serve.token}` });
    await attachServeLogOnFailure(serve, testInfo);
    await serve.stop('SIGTERM');
    await world.close();
  },
});

/** A failed test carries what `serve` wrote to stderr (its log), so a dropped socket or a refusal can be read. */
export async function attachServeLogOnFailure(serve: ServeProcess, testInfo: TestInfo): Promise<void> {
  if (testInfo.status === testInfo.expectedStatus) return;
  await testInfo.attach('forgebell serve stderr', { body: serve.stderr() || '(empty)', contentType: 'text/plain' });
}

export { expect } from '@playwright/test';
