import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Conf from 'conf';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_GITHUB_TOKEN, type GitHubFake, startGitHubFake } from '../../test/fakes/github/index.js';
import { type SlackFake, startSlackFake } from '../../test/fakes/slack/index.js';
import { IPC_INVOKE_CHANNEL, IPC_PUSH_CHANNEL, IPC_READY_CHANNEL } from '../contract/channels.js';
import { silentLogger } from '../core/runtime/logger.js';
import { lockPath } from '../core/state/data-dir-lock.js';
import { TEST_HOOK_CHANNEL } from './test-hooks/test-hook-contract.js';
import { senderEvent } from '../../test/support/electron/ipc-fakes.js';
import type { TrayModel } from './tray/tray-model.js';

// The desktop shell end to end under Node: a fake Electron (vi.mock), the real engine, electron-store
// replaced by its base class `conf` (same files), and the Slack and GitHub fakes on 127.0.0.1:0.
const fake = await vi.hoisted(async () => {
  const { createFakeElectron } = await import('../../test/support/electron/fake-electron.js');
  return createFakeElectron();
});
vi.mock('electron', () => fake.module);
vi.mock('electron-store', () => ({
  default: class extends Conf<Record<string, unknown>> {
    constructor(options: { name: string; cwd: string } & Record<string, unknown>) {
      const { name, ...rest } = options;
      super({ ...rest, configName: name });
    }
  },
}));

const { startDesktop } = await import('./desktop.js');

let slack: SlackFake;
let github: GitHubFake;
let userData: string;

beforeAll(async () => {
  slack = await startSlackFake({ teamName: 'Acme' });
  github = await startGitHubFake({ pollIntervalSeconds: 1 });
  github.createRepo('octo/hello');
  userData = mkdtempSync(join(tmpdir(), 'forgebell-desktop-'));
});
afterAll(async () => {
  await slack.close();
  await github.close();
  rmSync(userData, { recursive: true, force: true });
});

function resetWorld(): void {
  fake.module.app.removeAllListeners();
  fake.world.ipcMain.handlers.clear();
  fake.world.ipcMain.listeners.clear();
  fake.world.windows.length = 0;
  fake.world.trays.length = 0;
  fake.world.exitCode = null;
  fake.world.userData = userData;
}

function mainWindow() {
  const win = fake.world.windows[0];
  if (!win) throw new Error('no window');
  return win;
}

async function call(method: string, params: unknown): Promise<unknown> {
  const win = mainWindow();
  const reply = (await fake.world.ipcMain.invoke(
    senderEvent(win.webContents.id, win.webContents.url),
    IPC_INVOKE_CHANNEL,
    { method, params },
  )) as { result: unknown } | { error: { message: string } };
  if ('error' in reply) throw new Error(`${method}: ${reply.error.message}`);
  return reply.result;
}

async function hook(request: unknown): Promise<unknown> {
  const win = mainWindow();
  const reply = (await fake.world.ipcMain.invoke(
    senderEvent(win.webContents.id, win.webContents.url),
    TEST_HOOK_CHANNEL,
    request,
  )) as { result: unknown } | { error: string };
  if ('error' in reply) throw new Error(reply.error);
  return reply.result;
}

async function start(): Promise<void> {
  resetWorld();
  const desktop = await startDesktop({
    env: { FORGEBELL_TEST_HOOKS: '1' },
    logger: silentLogger,
    logSink: () => undefined,
  });
  expect(desktop).not.toBeNull();
  fake.world.ipcMain.emit(senderEvent(mainWindow().webContents.id, mainWindow().webContents.url), IPC_READY_CHANNEL);
}

async function quit(): Promise<void> {
  fake.module.app.quit();
  await vi.waitFor(() => expect(fake.world.exitCode).toBe(0), { timeout: 10_000 });
}

function pushes(event: string): unknown[] {
  return mainWindow()
    .webContents.sent.filter((s) => s.channel === IPC_PUSH_CHANNEL)
    .map((s) => s.payload as { event: string; payload: unknown })
    .filter((p) => p.event === event)
    .map((p) => p.payload);
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => join(dir, f))
    .filter((f) => statSync(f).isFile());
}

describe('desktop shell with the real engine', () => {
  beforeEach(() => resetWorld());

  it('first launch: tray only plus the setup wizard, hardened and locked', async () => {
    await start();
    const win = mainWindow();
    expect(win.options).toMatchObject({
      show: false,
      webPreferences: { contextIsolation: true, sandbox: true, nodeIntegration: false },
    });
    expect(win.visible).toBe(true);
    expect(win.webContents.url).toBe('app://forgebell/index.html#/setup/welcome');
    const model = (await hook({ op: 'trayModel' })) as TrayModel;
    expect(model.items[0]).toMatchObject({ label: 'Not connected to Slack · 0 subscriptions' });
    expect(model.icon).toBe('degraded');
    expect(existsSync(lockPath(userData))).toBe(true);
    // Permission requests are denied and navigation away is refused.
    const granted = vi.fn();
    fake.world.permissionRequest?.({}, 'media', granted, { requestingUrl: win.webContents.url });
    expect(granted).toHaveBeenCalledWith(false);
    expect(win.webContents.openHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(win.webContents.openHandler?.({ url: 'https://github.com/octo/hello' })).toEqual({ action: 'deny' });
    await vi.waitFor(() => expect(fake.world.opened).toEqual(['https://github.com/octo/hello']));
    await quit();
    expect(existsSync(lockPath(userData))).toBe(false);
  });

  it('connects, keeps secrets encrypted on disk, and toggles a subscription from the tray', async () => {
    await start();
    await call('slack.save', { botToken: slack.botToken, apiUrl: slack.apiUrl, defaultChannel: 'general' });
    expect(
      await call('accounts.save', {
        id: 'github',
        forge: 'github',
        apiUrl: github.apiUrl,
        token: DEFAULT_GITHUB_TOKEN,
      }),
    ).toMatchObject({ ok: true });
    const sub = (await call('subscriptions.add', { account: 'github', repo: 'octo/hello', events: ['issues'] })) as {
      id: string;
      enabled: boolean;
    };
    expect(sub.enabled).toBe(true);

    await vi.waitFor(async () => {
      const model = (await hook({ op: 'trayModel' })) as TrayModel;
      expect(model.items[0]).toMatchObject({ label: 'Connected to Slack workspace Acme · 1 subscription' });
    });

    // No plaintext secret anywhere under the data dir; the settings hold safeStorage ciphertext.
    for (const file of filesUnder(userData)) {
      const bytes = readFileSync(file).toString('latin1');
      expect(bytes, file).not.toContain(slack.botToken);
      expect(bytes, file).not.toContain(DEFAULT_GITHUB_TOKEN);
    }
    expect(readFileSync(join(userData, 'settings.json'), 'utf8')).toContain('enc:safeStorage:');

    // The tray's checkbox turns the subscription off at once, and the window hears about it.
    await hook({ op: 'clickTrayItem', id: `sub:${sub.id}` });
    expect(await call('subscriptions.list', {})).toMatchObject([{ id: sub.id, enabled: false }]);
    await vi.waitFor(() => expect(pushes('subscriptions').at(-1)).toMatchObject([{ id: sub.id, enabled: false }]));
    const model = (await hook({ op: 'trayModel' })) as TrayModel;
    expect(JSON.stringify(model)).toContain(`"id":"sub:${sub.id}","label":"octo/hello","checked":false`);

    // Back on from the tray: a new issue reaches Slack and the live feed.
    await hook({ op: 'clickTrayItem', id: `sub:${sub.id}` });
    // A re-enabled subscription hears what happens after it; GitHub stamps events with whole seconds.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    github.openIssue('octo/hello', { title: 'Tray toggles work' });
    await hook({ op: 'clickTrayItem', id: 'poll' });
    await vi.waitFor(
      () =>
        expect(pushes('feed.item')).toContainEqual(
          expect.objectContaining({
            repo: 'octo/hello',
            fate: 'delivered',
            summary: expect.stringContaining('Tray toggles work'),
          }),
        ),
      { timeout: 10_000, interval: 100 },
    );
    expect(slack.messages.some((m) => m.text.includes('Tray toggles work'))).toBe(true);
    await quit();
  });

  it('quit and relaunch keep settings; the wizard does not open again', async () => {
    await start();
    expect(mainWindow().visible).toBe(false);
    const settings = (await call('settings.get', {})) as { slack: { botTokenSet: boolean }; accounts: unknown[] };
    expect(settings.slack.botTokenSet).toBe(true);
    expect(settings.accounts).toHaveLength(1);
    expect(await call('subscriptions.list', {})).toMatchObject([{ repo: 'octo/hello', enabled: true }]);
    await quit();
  });
});

describe('test hooks in a packaged build', () => {
  const env = { FORGEBELL_TEST_HOOKS: '1', FORGEBELL_TEST_WEAK_STORAGE: 'accept' };
  const weakQuestions = (): number =>
    fake.world.messageBoxes.filter((b) => (b as { title?: string }).title === 'No keyring available').length;

  async function launch(packaged: boolean): Promise<string> {
    resetWorld();
    fake.world.userData = mkdtempSync(join(tmpdir(), 'forgebell-packaged-'));
    fake.module.app.isPackaged = packaged;
    fake.world.safeStorage.backend = 'basic_text'; // no keyring: saving a token asks first
    await startDesktop({ env, logger: silentLogger, logSink: () => undefined });
    fake.world.ipcMain.emit(senderEvent(mainWindow().webContents.id, mainWindow().webContents.url), IPC_READY_CHANNEL);
    return fake.world.userData;
  }

  afterAll(() => {
    fake.module.app.isPackaged = false;
    fake.world.safeStorage.backend = 'gnome_libsecret';
  });

  it('are on in a development build (the control) and have no effect once packaged', async () => {
    const dev = await launch(false);
    expect(fake.world.ipcMain.handlers.has(TEST_HOOK_CHANNEL)).toBe(true);
    expect(JSON.stringify(mainWindow().options)).toContain('--forgebell-test-hooks');
    const asked = weakQuestions();
    await call('slack.save', { botToken: slack.botToken, apiUrl: slack.apiUrl, defaultChannel: 'general' });
    expect(weakQuestions()).toBe(asked); // FORGEBELL_TEST_WEAK_STORAGE answered for the user
    await quit();
    rmSync(dev, { recursive: true, force: true });

    const packaged = await launch(true);
    expect(fake.world.ipcMain.handlers.has(TEST_HOOK_CHANNEL)).toBe(false);
    expect(JSON.stringify(mainWindow().options)).not.toContain('--forgebell-test-hooks');
    await expect(
      call('slack.save', { botToken: slack.botToken, apiUrl: slack.apiUrl, defaultChannel: 'general' }),
    ).rejects.toThrow(/Nothing was saved/);
    expect(weakQuestions()).toBe(asked + 1); // the user was asked (and the fake dialog declined)
    await quit();
    rmSync(packaged, { recursive: true, force: true });
  });
});
