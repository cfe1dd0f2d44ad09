import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { call, clickTray, connect, DEFAULT_GITHUB_TOKEN, expect, test, trayModel, windowVisible } from './fixtures.js';

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => join(dir, f))
    .filter((f) => {
      try {
        return statSync(f).isFile();
      } catch {
        return false;
      }
    });
}

test('first launch opens the setup wizard, with the tray saying Slack is not connected', async ({ launchApp }) => {
  const { app, page } = await launchApp();
  await expect(page).toHaveURL(/#\/setup\/welcome$/);
  await expect(page.getByRole('heading', { name: 'Set up Forgebell' })).toBeVisible();
  expect(await windowVisible(app)).toBe(true);
  const model = await trayModel(page);
  expect(model.items[0]).toMatchObject({ kind: 'label', label: 'Not connected to Slack · 0 subscriptions' });
  expect(model.icon).toBe('degraded');
});

test('the tray toggles a subscription and the UI and live feed show it', async ({ launchApp, fakes }) => {
  const { page } = await launchApp();
  const { subscriptionId } = await connect(page, fakes);
  await expect
    .poll(async () => (await trayModel(page)).items[0])
    .toMatchObject({ label: 'Connected to Slack workspace Acme · 1 subscription' });

  await page.evaluate(() => (location.hash = '#/subscriptions'));
  const toggle = page.getByRole('switch', { name: 'Enabled: octo/hello' });
  await expect(toggle).toBeChecked();
  await clickTray(page, `sub:${subscriptionId}`);
  await expect(toggle).not.toBeChecked();
  expect(await call(page, 'subscriptions.list', {})).toMatchObject([{ id: subscriptionId, enabled: false }]);

  await clickTray(page, `sub:${subscriptionId}`);
  await expect(toggle).toBeChecked();
  fakes.github.openIssue('octo/hello', { title: 'Opened while watching the feed' });
  await page.evaluate(() => (location.hash = '#/feed'));
  await clickTray(page, 'poll');
  await expect(page.getByText('Opened while watching the feed').first()).toBeVisible();
  await expect
    .poll(() => fakes.slack.messages.some((m) => m.text.includes('Opened while watching the feed')))
    .toBe(true);
});

test('quit and relaunch keep settings', async ({ launchApp, fakes, userDataDir }) => {
  const first = await launchApp();
  await connect(first.page, fakes);
  await call(first.page, 'settings.update', { pollIntervalSeconds: 123, desktop: { theme: 'dark' } });
  await first.app.close();

  const second = await launchApp(userDataDir);
  const settings = await call(second.page, 'settings.get', {});
  expect(settings).toMatchObject({
    pollIntervalSeconds: 123,
    slack: { botTokenSet: true },
    desktop: { theme: 'dark' },
  });
  expect(await call(second.page, 'subscriptions.list', {})).toMatchObject([{ repo: 'octo/hello', enabled: true }]);
  // Set up already: the app starts to the tray only.
  expect(await windowVisible(second.app)).toBe(false);
});

test('secrets on disk are ciphertext', async ({ launchApp, fakes, userDataDir }) => {
  const { app, page } = await launchApp();
  await connect(page, fakes);
  await app.close();
  const files = filesUnder(userDataDir);
  expect(files.some((f) => f.endsWith('settings.json'))).toBe(true);
  for (const file of files) {
    const bytes = readFileSync(file).toString('latin1');
    expect(bytes, file).not.toContain(fakes.slack.botToken);
    expect(bytes, file).not.toContain(DEFAULT_GITHUB_TOKEN);
  }
  expect(readFileSync(join(userDataDir, 'settings.json'), 'utf8')).toMatch(/"enc:safeStorage:[A-Za-z0-9+/=]+"/);
});
