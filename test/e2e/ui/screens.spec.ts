import { REPO } from '../../support/world.js';
import { expect, test } from '../support/serve-fixture.js';
import { expectNoSeriousA11yViolations, openScreen, screenshotBothThemes } from './ui-support.js';

test('every screen is axe-clean and is captured in light and dark', async ({ page, forgebell }) => {
  const { world } = forgebell;
  await page.goto(forgebell.uiUrl);
  // A configured install opens on the live feed.
  await expect(page.getByRole('heading', { name: 'Live feed' })).toBeVisible();
  world.github.openIssue(REPO, { title: 'Something for the feed screenshot' });
  await expect(page.locator('.feed-row', { hasText: 'Something for the feed screenshot' })).toBeVisible({
    timeout: 20_000,
  });
  await expectNoSeriousA11yViolations(page, 'feed');
  await screenshotBothThemes(page, 'feed');

  await openScreen(page, '#/diagnostics');
  await expect(page.getByText(/checks passed|checks failed/)).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('log', { name: 'Log lines' })).toBeVisible();
  await expectNoSeriousA11yViolations(page, 'diagnostics');
  await screenshotBothThemes(page, 'diagnostics');

  await openScreen(page, '#/settings');
  await expect(page.getByLabel('Poll interval (seconds)')).toHaveValue('1');
  // Launch at login is a desktop-app setting: not offered by `serve`.
  await expect(page.getByText('Launch at login')).toHaveCount(0);
  await expectNoSeriousA11yViolations(page, 'settings');
  await screenshotBothThemes(page, 'settings');

  for (const step of ['welcome', 'slack', 'forge', 'pair', 'subscribe']) {
    await openScreen(page, `#/setup/${step}`);
    await expect(page.locator('.wizard-step h2')).toBeVisible();
    await page.waitForTimeout(300);
    await expectNoSeriousA11yViolations(page, `setup/${step}`);
    await screenshotBothThemes(page, `setup-${step}`);
  }
});

test('the theme setting overrides the system theme and is kept', async ({ page, forgebell }) => {
  await page.goto(forgebell.uiUrl);
  await openScreen(page, '#/settings');
  await page.emulateMedia({ colorScheme: 'light' });
  await page.getByRole('radio', { name: 'Dark' }).check();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(page.getByRole('radio', { name: 'Dark' })).toBeChecked();
  await page.getByRole('radio', { name: 'Match the system' }).check();
  await expect(page.locator('html')).not.toHaveAttribute('data-theme', /./);
});

test('keyboard only: navigate, toggle a subscription and use the feed filters', async ({ page, forgebell }) => {
  await page.goto(forgebell.uiUrl);
  await expect(page.getByRole('heading', { name: 'Live feed' })).toBeVisible();
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('link', { name: /Subscriptions/ }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Subscriptions' })).toBeVisible();
  const toggle = page.getByRole('switch', { name: `Enabled: ${REPO}` });
  await toggle.focus();
  await expect(toggle).toBeFocused();
  await page.keyboard.press('Space');
  await expect(toggle).not.toBeChecked();
  await page.keyboard.press('Space');
  await expect(toggle).toBeChecked();
  // Focus is visible (an outline from :focus-visible).
  const outline = await toggle.evaluate((el) => getComputedStyle(el).outlineStyle);
  expect(outline).not.toBe('none');
  // The editor is a modal dialog: Escape closes it and focus returns to its button.
  const edit = page.getByRole('button', { name: `Edit ${REPO}` });
  await edit.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toBeHidden();
  await expect(edit).toBeFocused();
});

test('without the token, with a wrong one, and while serve is down the page says what to do', async ({
  page,
  forgebell,
}) => {
  await page.goto(forgebell.serve.url);
  await expect(page.getByRole('heading', { name: /Open the link printed by forgebell serve/ })).toBeVisible();
  await expectNoSeriousA11yViolations(page, 'token page');
  await screenshotBothThemes(page, 'token-missing');

  await page.goto(`${forgebell.serve.url}#token=0000`);
  await expect(page.getByText(/session token was refused/)).toBeVisible();
  expect(page.url()).not.toContain('token=');

  await page.goto(forgebell.uiUrl);
  await expect(page.getByRole('heading', { name: 'Live feed' })).toBeVisible();
  await forgebell.serve.stop('SIGTERM');
  await expect(page.getByText('Reconnecting to Forgebell…')).toBeVisible({ timeout: 10_000 });
  await expectNoSeriousA11yViolations(page, 'reconnecting');
  await screenshotBothThemes(page, 'reconnecting');
});

test('feed filters live in the address: a reload (or a shared link) shows the same filtered view', async ({
  page,
  forgebell,
}) => {
  forgebell.world.github.openIssue(REPO, { title: 'An issue to filter for' });
  await page.goto(forgebell.uiUrl);
  await expect(page.locator('.feed-row', { hasText: 'An issue to filter for' })).toBeVisible({ timeout: 20_000 });
  const filters = page.getByRole('search', { name: 'Filter the feed' });
  await filters.getByLabel('Event').selectOption('issues');
  await filters.getByLabel('Search the feed').fill('filter for');
  await expect(page).toHaveURL(/#\/feed\?event=issues&q=filter\+for$/);
  await page.reload();
  await expect(filters.getByLabel('Event')).toHaveValue('issues');
  await expect(filters.getByLabel('Search the feed')).toHaveValue('filter for');
  await expect(page.locator('.feed-row', { hasText: 'An issue to filter for' })).toBeVisible();
  await expect(page.locator('.screen-sub')).toHaveText(/^1 event matches/);
  // Nonsense in the address is ignored, not trusted.
  await page.goto(page.url().replace(/#.*$/, '#/feed?event=bogus'));
  await page.reload();
  await expect(filters.getByLabel('Event')).toHaveValue('');
  await expect(page).toHaveURL(/#\/feed$/);
});
