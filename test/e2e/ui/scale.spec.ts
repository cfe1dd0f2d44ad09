import { waitPastSubscriptionStart } from '../../support/world.js';
import { runCli } from '../../support/cli-process.js';
import { expect, test } from '../support/serve-fixture.js';
import { expectNoSeriousA11yViolations, openScreen, screenshotBothThemes } from './ui-support.js';

/**
 * The subscriptions list and the repository picker with 1,000 repositories in 10 organisations, and the request
 * budget chart (issue #16). Prints how long things took; asserts behaviour only (rows in view, search, choices).
 */
const REPOS = Array.from({ length: 1000 }, (_, i) => `org-${i % 10}/service-${String(i).padStart(3, '0')}`);

test('1,000 subscriptions and repositories: a virtual, searchable list and picker; whole organisations; the budget chart', async ({
  page,
  own,
}, testInfo) => {
  test.setTimeout(180_000);
  const world = await own.world({
    appToken: true,
    configure: (config) => {
      // One long interval: the first cycle reads the forge, the test is about the UI.
      config.pollIntervalSeconds = 3600;
      config.subscriptions = REPOS.map((repo) => ({ account: 'github', repo, events: ['issues'] }));
    },
  });
  for (const repo of REPOS) world.github.createRepo(repo);
  world.github.createUser('empty-user');
  const imported = runCli(['import', world.configPath, '--data-dir', world.dataDir]);
  const importedAt = Date.now();
  expect(imported.code, imported.stderr).toBe(0);
  const serve = await own.serve(['--data-dir', world.dataDir]);
  // Acting in the subscription's first (whole) second would make the event history (its rule, not a bug).
  await waitPastSubscriptionStart(importedAt);
  page.on('websocket', (socket) =>
    socket.on('close', () => console.log(`websocket closed at ${new Date().toISOString()}`)),
  );
  const figures: Record<string, number> = {};
  const timed = async (name: string, work: () => Promise<unknown>): Promise<void> => {
    const started = Date.now();
    await work();
    figures[name] = Date.now() - started;
  };
  try {
    await page.goto(`${serve.url}#token=${serve.token}`);
    await timed('subscriptionsFirstRowMs', async () => {
      await openScreen(page, '#/subscriptions');
      await page.locator('.sub-card').first().waitFor();
    });
    await expect(page.getByText('1000 of 1000')).toBeVisible();
    // Only the rows in view are in the page.
    expect(await page.locator('.sub-card').count()).toBeLessThan(30);
    await timed('subscriptionsScrollToEndMs', async () => {
      await page.locator('.vlist').evaluate((el) => {
        el.scrollTop = el.scrollHeight;
      });
      await expect(page.locator('.vlist-row').last()).toHaveAttribute('aria-posinset', '1000');
    });
    await timed('subscriptionsSearchMs', async () => {
      await page.getByLabel('Search subscriptions').fill('service-42');
      await expect(page.getByText('10 of 1000')).toBeVisible();
    });
    await expect(page.locator('.sub-card').first()).toContainText('org-0/service-420');
    await page.getByLabel('Search subscriptions').fill('');
    await expectNoSeriousA11yViolations(page, 'subscriptions with 1,000 entries');
    await screenshotBothThemes(page, 'subscriptions-1000');

    // The picker: whole organisations first, then repositories; long lists render only what is in view.
    await page.getByRole('button', { name: 'Add subscription' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Add a subscription' });
    // The one subscription form's Repository combobox (#12.12): whole organisations first, then repositories.
    const search = dialog.getByRole('combobox', { name: 'Repository' });
    await timed('pickerFirstListMs', async () => {
      await search.fill('org-');
      await expect(dialog.getByRole('option', { name: /Every repository of org-/ }).first()).toBeVisible({
        timeout: 30_000,
      });
    });
    expect(await dialog.getByRole('option').count()).toBeLessThan(60);
    await timed('pickerSearchMs', async () => {
      await search.fill('org-3');
      await expect(
        dialog.getByRole('option', { name: 'Every repository of org-3 (100 listed) — org-3/*' }),
      ).toBeVisible();
    });
    await dialog.getByRole('option', { name: /Every repository of org-3/ }).click();
    await expect(search).toHaveValue('org-3/*');
    await dialog.getByLabel(/Leave out/).fill('org-3/service-013, org-3/service-9*');
    await expectNoSeriousA11yViolations(page, 'repository picker');
    await screenshotBothThemes(page, 'repository-picker-1000');
    await dialog.getByRole('button', { name: 'Add subscription' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByText('Subscribed to org-3/*.')).toBeVisible();
    await page.getByLabel('Search subscriptions').fill('org-3/*');
    await expect(page.locator('.sub-card').first()).toContainText(
      'every repository of org-3 · 89 repositories · leaves out org-3/service-013, org-3/service-9*',
    );

    // What the pattern follows is a line in the live feed (never a Slack message).
    await openScreen(page, '#/feed');
    const notice = page.locator('.feed-row', {
      hasText: 'org-3/* follows 89 repositories (every repository of org-3)',
    });
    await expect(notice.locator('.badge')).toHaveText('Notice');
    await openScreen(page, '#/subscriptions');

    // A pattern that matches nothing is accepted, with a warning naming it.
    await page.getByRole('button', { name: 'Add subscription' }).first().click();
    // Typed whole, a pattern is the choice (no pick from the list needed).
    await dialog.getByRole('combobox', { name: 'Repository' }).fill('empty-user/*');
    await dialog.getByRole('button', { name: 'Add subscription' }).click();
    await expect(
      page.getByText(/Subscribed to empty-user\/\*\. empty-user\/\* matches no repository yet/),
    ).toBeVisible();

    // Diagnostics: the account's requests per minute against its budget.
    await openScreen(page, '#/diagnostics');
    const chart = page.getByRole('img', { name: /^github: .* of 5,000 this hour/ });
    await expect(chart).toBeVisible({ timeout: 30_000 });
    await expect(page.locator('.budget-row').first()).toContainText('850 a minute at most');
    await expectNoSeriousA11yViolations(page, 'diagnostics with the request budget');
    await page.locator('.budget-row').first().scrollIntoViewIfNeeded();
    await screenshotBothThemes(page, 'request-budget');
  } finally {
    testInfo.annotations.push({ type: 'figures', description: JSON.stringify(figures) });
    console.log(`1,000 repositories UI figures (ms): ${JSON.stringify(figures)}`);
  }
});
