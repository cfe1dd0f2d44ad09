import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron, type ElectronApplication, type Page, test as base } from '@playwright/test';
import type { MethodName, Params, Result } from '../../../electron/contract/api.js';
import type { TrayModel } from '../../../electron/main/tray/tray-model.js';
import type {} from '../../../electron/preload/global.js';
import { DEFAULT_GITHUB_TOKEN, type GitHubFake, startGitHubFake } from '../../fakes/github/index.js';
import { type SlackFake, startSlackFake } from '../../fakes/slack/index.js';
import { findElectronBinary } from './electron-binary.js';

export const projectRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export { DEFAULT_GITHUB_TOKEN };

export interface LaunchedApp {
  app: ElectronApplication;
  page: Page;
}

interface Fakes {
  slack: SlackFake;
  github: GitHubFake;
}

/**
 * `_electron` fixture: each test gets a fresh user-data folder (FORGEBELL_USER_DATA) and the test
 * hooks (FORGEBELL_TEST_HOOKS=1) that expose the tray model and tray clicks to the page. Slack and
 * GitHub are the fakes on 127.0.0.1:0. Skips with the reason when there is no Electron binary.
 */
export const test = base.extend<
  { userDataDir: string; launchApp: (userDataDir?: string) => Promise<LaunchedApp> },
  { fakes: Fakes }
>({
  fakes: [
    // Playwright reads fixture dependencies from the destructuring pattern, so it must be there, even empty.
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const slack = await startSlackFake({ teamName: 'Acme' });
      const github = await startGitHubFake({ pollIntervalSeconds: 1 });
      github.createRepo('octo/hello');
      await use({ slack, github });
      await slack.close();
      await github.close();
    },
    { scope: 'worker' },
  ],

  // eslint-disable-next-line no-empty-pattern
  userDataDir: async ({}, use) => {
    const dir = mkdtempSync(join(tmpdir(), 'forgebell-e2e-'));
    await use(dir);
    rmSync(dir, { recursive: true, force: true });
  },

  launchApp: async ({ userDataDir }, use, testInfo) => {
    const binary = findElectronBinary(projectRoot);
    testInfo.skip(binary.path === null, `No Electron binary: ${binary.reason ?? ''}`);
    if (
      !existsSync(join(projectRoot, 'dist', 'main', 'main.cjs')) ||
      !existsSync(join(projectRoot, 'dist', 'renderer', 'index.html'))
    ) {
      throw new Error('The app is not built: run `npm run build` before the Electron e2e tests.');
    }
    const running: ElectronApplication[] = [];
    await use(async (dir = userDataDir) => {
      const app = await _electron.launch({
        executablePath: binary.path ?? undefined,
        // Containers and CI runners usually lack the SUID sandbox helper; the page sandbox stays on.
        args: [...(process.platform === 'linux' ? ['--no-sandbox'] : []), projectRoot],
        cwd: projectRoot,
        env: {
          ...process.env,
          FORGEBELL_USER_DATA: dir,
          FORGEBELL_TEST_HOOKS: '1',
          FORGEBELL_TEST_WEAK_STORAGE: 'accept',
          ELECTRON_ENABLE_LOGGING: '1',
        },
      });
      running.push(app);
      const page = await app.firstWindow();
      await page.waitForFunction(
        () => typeof window.forgebell?.call === 'function' && typeof window.forgebellTest?.trayModel === 'function',
      );
      return { app, page };
    });
    for (const app of running) await app.close().catch(() => undefined);
  },
});

export const expect = test.expect;

/** Calls the engine through the preload exactly as the renderer does; throws on an error envelope. */
export async function call<M extends MethodName>(page: Page, method: M, params: Params<M>): Promise<Result<M>> {
  const envelope = await page.evaluate(([m, p]) => window.forgebell?.call(m as MethodName, p as never), [
    method,
    params,
  ] as const);
  if (!envelope) throw new Error('window.forgebell is missing');
  if ('error' in envelope) throw new Error(`${method}: ${envelope.error.message}`);
  return envelope.result as Result<M>;
}

export async function trayModel(page: Page): Promise<TrayModel> {
  const reply = await page.evaluate(() => window.forgebellTest?.trayModel());
  if (!reply || 'error' in reply) throw new Error(`tray model: ${reply ? reply.error : 'test hooks are off'}`);
  return reply.result;
}

export async function clickTray(page: Page, id: string): Promise<void> {
  const reply = await page.evaluate((itemId) => window.forgebellTest?.clickTrayItem(itemId), id);
  if (!reply || 'error' in reply) throw new Error(`tray click ${id}: ${reply ? reply.error : 'test hooks are off'}`);
}

export async function windowVisible(app: ElectronApplication): Promise<boolean> {
  return app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.isVisible() ?? false);
}

/** Connects Slack and GitHub (the fakes) and adds one subscription, through the contract. */
export async function connect(page: Page, fakes: Fakes): Promise<{ subscriptionId: string }> {
  await call(page, 'slack.save', {
    botToken: fakes.slack.botToken,
    apiUrl: fakes.slack.apiUrl,
    defaultChannel: 'general',
  });
  const account = await call(page, 'accounts.save', {
    id: 'github',
    forge: 'github',
    apiUrl: fakes.github.apiUrl,
    token: DEFAULT_GITHUB_TOKEN,
  });
  if (!account.ok) throw new Error(`accounts.save: ${account.summary}`);
  const sub = await call(page, 'subscriptions.add', { account: 'github', repo: 'octo/hello', events: ['issues'] });
  return { subscriptionId: sub.id };
}
