import { startConnectProxy } from '../../integration/network/connect-proxy.js';
import { expect, test } from '../support/serve-fixture.js';
import { expectNoSeriousA11yViolations, openScreen, screenshotBothThemes } from './ui-support.js';

const ISO = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/**
 * Settings and Diagnostics edges (#12.15): unsaved Settings changes are not dropped without asking (sidebar, a pasted
 * address, Back), the desktop-only switches are not offered by serve, Diagnostics shows times in words and local
 * time, and the sidebar folds to icons at 900 px while its links keep their names.
 */
test('unsaved settings ask before leaving; serve shows no desktop switches', async ({ page, forgebell }) => {
  await page.goto(forgebell.uiUrl);
  await openScreen(page, '#/settings');
  const poll = page.getByLabel('Poll interval (seconds)');
  await expect(poll).toHaveValue('1');
  // Desktop notifications do nothing under serve: not shown (nor launch at login).
  await expect(page.getByRole('switch', { name: 'Desktop notifications' })).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Desktop' })).toHaveCount(0);

  // Nothing changed: leaving is free.
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('link', { name: 'Diagnostics' }).click();
  await expect(page.getByRole('heading', { name: 'Diagnostics', level: 1 })).toBeVisible();
  await openScreen(page, '#/settings');

  await poll.fill('30');
  await page.getByRole('radio', { name: 'Manual' }).check();
  await page.getByLabel('Proxy URL').fill('http://proxy.example.com:3128');
  // The sidebar: asked, starting on Stay.
  await nav.getByRole('link', { name: 'Live feed' }).click();
  const ask = page.getByRole('dialog', { name: 'Leave without saving?' });
  await expect(ask).toContainText('Your changes to the poll interval and the proxy are not saved.');
  await expect(ask.getByRole('button', { name: 'Stay' })).toBeFocused();
  await expectNoSeriousA11yViolations(page, 'leave settings');
  await screenshotBothThemes(page, 'settings-leave-unsaved');
  await ask.getByRole('button', { name: 'Stay' }).click();
  await expect(ask).toBeHidden();
  await expect(poll).toHaveValue('30');
  await expect(page).toHaveURL(/#\/settings$/);

  // Back (to Diagnostics, visited before): asked; Escape stays, and the address says Settings again.
  await page.goBack();
  await expect(ask).toBeVisible();
  await expect(page).toHaveURL(/#\/settings$/);
  await page.keyboard.press('Escape');
  await expect(ask).toBeHidden();
  await expect(poll).toHaveValue('30');

  // A pasted address: asked too; leaving discards.
  await page.evaluate(() => {
    window.location.hash = '#/subscriptions';
  });
  await expect(ask).toBeVisible();
  await expect(page).toHaveURL(/#\/settings$/);
  await ask.getByRole('button', { name: 'Discard changes and leave' }).click();
  await expect(page.getByRole('heading', { name: 'Subscriptions', level: 1 })).toBeVisible();
  await expect(page).toHaveURL(/#\/subscriptions$/);
  await openScreen(page, '#/settings');
  await expect(poll).toHaveValue('1');

  // Saved changes leave freely.
  await poll.fill('2');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByText('Saved.')).toBeVisible();
  await nav.getByRole('link', { name: 'Live feed' }).click();
  await expect(page.getByRole('heading', { name: 'Live feed' })).toBeVisible();
  await expect(ask).toBeHidden();
});

test('Diagnostics says times in local words; the sidebar folds at 900 px and keeps its names', async ({
  page,
  forgebell,
}) => {
  const { world } = forgebell;
  await page.goto(forgebell.uiUrl);
  await expect(page.getByRole('heading', { name: 'Live feed' })).toBeVisible();
  // GitHub's limit runs out: the engine waits until the reset and says until when.
  world.github.setRateLimit({ remaining: 0, limit: 5000, resetInSeconds: 1800 });
  await openScreen(page, '#/diagnostics');
  const account = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'github' }) });
  const waiting = account.locator('.tone-error time');
  await expect(waiting).toBeVisible({ timeout: 30_000 });
  await expect(waiting).toHaveAttribute('datetime', ISO);
  await expect(waiting).toHaveText(/\(in (29|30) min\)$/);
  await expect(account).not.toContainText(ISO);
  const log = page.getByRole('log', { name: 'Log lines' });
  await expect(log.locator('.log-line').first()).toBeVisible();
  await expect(log).not.toContainText(ISO);
  await expectNoSeriousA11yViolations(page, 'diagnostics with a rate limit');
  await screenshotBothThemes(page, 'diagnostics-rate-limited');

  const nav = page.getByRole('navigation', { name: 'Main' });
  const sidebarWidth = async () => (await nav.boundingBox())?.width ?? 0;
  await page.setViewportSize({ width: 1000, height: 700 });
  await expect(nav.getByText('Live feed', { exact: true })).toBeVisible();
  expect(await sidebarWidth()).toBeGreaterThan(150);
  await page.setViewportSize({ width: 900, height: 700 });
  await expect(nav.getByText('Live feed', { exact: true })).not.toBeInViewport();
  expect(await sidebarWidth()).toBeLessThan(80);
  // Icons only, yet every link keeps its name (and a tooltip).
  for (const name of ['Setup', 'Subscriptions', 'Live feed', 'Diagnostics', 'Settings'])
    await expect(nav.getByRole('link', { name: new RegExp(`^${name}`) })).toHaveAttribute('title', name);
  await nav.getByRole('link', { name: /^Settings/ }).click();
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();
  await expectNoSeriousA11yViolations(page, 'settings at 900 px');
  await screenshotBothThemes(page, 'settings-900px');
});

test('a manual proxy has a bypass list and a Test button that tries it before Save', async ({ page, forgebell }) => {
  const proxy = await startConnectProxy();
  try {
    const slackHost = new URL(String((forgebell.world.config.slack as { apiUrl: string }).apiUrl)).host;
    await page.goto(forgebell.uiUrl);
    await openScreen(page, '#/settings');
    await page.getByRole('radio', { name: 'Manual' }).check();
    const test = page.getByRole('button', { name: 'Test these proxy settings' });
    // No URL yet: the button says why it waits.
    await expect(test).toBeDisabled();
    await expect(page.getByText('Enter a valid proxy URL to test it.')).toBeVisible();
    await page.getByLabel('Proxy URL').fill(proxy.url);
    await page.getByLabel(/Skip the proxy for/).fill(slackHost);
    await test.click();
    const results = page.getByRole('list', { name: 'Proxy test results' });
    await expect(results.getByRole('listitem')).toHaveCount(2);
    await expect(results.getByRole('listitem').filter({ hasText: 'Slack' })).toContainText('(direct)');
    await expect(results.getByRole('listitem').filter({ hasText: 'github' })).toContainText(`(through ${proxy.url})`);
    await expect(page.getByText('All 2 reached. Not saved yet.')).toBeVisible();
    expect(proxy.tunnels).toContain(new URL(forgebell.world.github.apiUrl).host);
    // A proxy that is not there: the place it fails names the cause and what to check.
    await page.getByLabel('Proxy URL').fill('http://127.0.0.1:9');
    await test.click();
    await expect(page.getByText('1 of 2 could not be reached.')).toBeVisible();
    await expect(results.getByRole('listitem').filter({ hasText: 'github' })).toContainText(
      'The proxy http://127.0.0.1:9 cannot be reached (ECONNREFUSED): check its address and port.',
    );
    await expectNoSeriousA11yViolations(page, 'proxy test');
    await results.scrollIntoViewIfNeeded();
    await screenshotBothThemes(page, 'settings-proxy-test');
    // Saved with its bypass list, which comes back after a reload.
    await page.getByLabel('Proxy URL').fill(proxy.url);
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect(page.getByText('Saved.')).toBeVisible();
    await page.reload();
    await expect(page.getByLabel(/Skip the proxy for/)).toHaveValue(slackHost);
  } finally {
    await proxy.close();
  }
});
