import { REPO } from '../../support/world.js';
import { expect, test } from '../support/serve-fixture.js';
import { expectNoSeriousA11yViolations, openScreen, screenshotBothThemes } from './ui-support.js';

/**
 * One subscription form for the wizard and Subscriptions → Add/Edit (#12.12): searchable repository and channel
 * fields (per-event channels too), the repository checked as it is typed, `owner/name` + Enter is enough (#12.11), and
 * a save that does not go through takes you to the problem, also at the bottom of a scrolled dialog (#12.6).
 */
test('the subscription form: pickers, a live repository check, Enter to add, errors where you look', async ({
  page,
  forgebell,
}) => {
  const { world } = forgebell;
  world.github.createRepo('octo-org/second-repo');
  world.slack.addChannel('ci-alerts', { is_member: true });
  await page.setViewportSize({ width: 1100, height: 640 });
  await page.goto(forgebell.uiUrl);
  await openScreen(page, '#/subscriptions');
  await page.getByRole('button', { name: 'Add subscription' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Add a subscription' });

  // The account is shown whole (not cut off), and hints never run into the next label.
  const account = dialog.getByLabel('Forge account');
  await expect(account).toHaveValue('github');
  const [accountBox, bodyBox] = [await account.boundingBox(), await dialog.locator('.dialog-body').boundingBox()];
  expect(accountBox!.width).toBeGreaterThan(bodyBox!.width * 0.8);

  // A repository the forge does not know is said so while typing, before anything is saved.
  const repo = dialog.getByRole('combobox', { name: 'Repository' });
  await repo.fill('octo-org/does-not-exist');
  await expect(dialog.getByText(/octo-org\/does-not-exist was not found with account github/)).toBeVisible();
  // Suggestions: the account's repositories that match what is typed; arrows and Enter choose one.
  await repo.fill('second');
  await expect(dialog.getByRole('option', { name: 'octo-org/second-repo' })).toBeVisible();
  await repo.press('ArrowDown');
  await repo.press('Enter');
  await expect(repo).toHaveValue('octo-org/second-repo');
  await expect(dialog.getByText('octo-org/second-repo found')).toBeVisible();
  // Escape closes the suggestions, not the dialog.
  await repo.fill('octo');
  await expect(dialog.getByRole('listbox', { name: /repository/ })).toBeVisible();
  await repo.press('Escape');
  await expect(dialog.getByRole('listbox', { name: /repository/ })).toBeHidden();
  await expect(dialog).toBeVisible();
  await repo.fill('octo-org/second-repo');

  // Channels are searchable too, per-event channels included.
  const channel = dialog.getByRole('combobox', { name: 'Slack channel' });
  await channel.fill('ci');
  await dialog.getByRole('option', { name: '#ci-alerts' }).click();
  await expect(channel).toHaveValue('ci-alerts');
  const issuesChannel = dialog.getByRole('combobox', { name: 'Issues channel' });
  await issuesChannel.fill('gen');
  await expect(dialog.getByRole('option', { name: '#general' })).toBeVisible();
  await issuesChannel.fill('');
  await expectNoSeriousA11yViolations(page, 'subscription form');
  await screenshotBothThemes(page, 'subscription-form');

  // A bad field at the bottom of the scrolled dialog: Add takes you there (#12.6).
  await dialog.getByRole('radio', { name: 'Names and globs' }).check();
  await dialog.locator('.dialog-body').evaluate((el) => {
    el.scrollTop = 0;
  });
  await dialog.getByRole('button', { name: 'Add subscription' }).click();
  const globs = dialog.getByLabel(/one per line/);
  await expect(globs).toBeFocused();
  await expect(globs).toBeInViewport();
  await expect(dialog.getByRole('alert').filter({ hasText: 'Fix the highlighted fields first.' })).toBeVisible();
  await dialog.getByRole('radio', { name: 'Default branch', exact: true }).check();

  // The engine's refusal of a field is shown beside that field once, focused — not repeated in a banner.
  await repo.fill('octo-org/does-not-exist');
  await dialog.locator('.dialog-body').evaluate((el) => {
    el.scrollTop = el.scrollHeight;
  });
  await dialog.getByRole('button', { name: 'Add subscription' }).click();
  await expect(repo).toBeFocused();
  await expect(repo).toBeInViewport();
  await expect(dialog.locator('.field-error')).toHaveText(
    /^octo-org\/does-not-exist was not found with account github, or its token cannot read it/,
  );
  await expect(dialog.getByText('Could not save: see the highlighted field.')).toBeVisible();
  // Said once, beside the field (the live check's line gives way to it).
  await expect(dialog.getByText(/does-not-exist was not found/)).toHaveCount(1);
  await screenshotBothThemes(page, 'subscription-unknown-repo');

  // owner/name + Enter adds it: nothing to click in a list first (#12.11).
  await repo.fill('octo-org/second-repo');
  await repo.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: 'Subscribed to octo-org/second-repo.' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'octo-org/second-repo' })).toBeVisible();
  const saved = world.slack.channel('ci-alerts');
  expect(saved).toBeDefined();

  // The wizard's subscription step is the same form: the same pickers, the rest under "More options" (#12.12).
  await openScreen(page, '#/setup/subscribe');
  await expect(page.getByRole('combobox', { name: 'Repository' })).toBeVisible();
  await expect(page.getByRole('combobox', { name: /Slack channel/ })).toBeVisible();
  await page.getByText('More options: per-event channels, branches, labels').click();
  await expect(page.getByRole('combobox', { name: 'Issues channel' })).toBeVisible();
  await expect(page.getByRole('radio', { name: 'Names and globs' })).toBeVisible();
  // Subscribe with nothing typed: it says why, at the field (no button disabled without a reason).
  await page.getByRole('button', { name: 'Subscribe', exact: true }).click();
  await expect(page.getByRole('combobox', { name: 'Repository' })).toBeFocused();
  await expect(page.getByText('Choose or type a repository.')).toBeVisible();
  await expectNoSeriousA11yViolations(page, 'wizard: subscribe (shared form)');
  await screenshotBothThemes(page, 'wizard-subscribe-form');
  await page.getByRole('combobox', { name: 'Repository' }).fill(REPO);
  // The same repository and channel as an existing subscription: refused in words, where the user looks.
  await page.getByRole('combobox', { name: /Slack channel/ }).fill('general');
  await page.getByRole('combobox', { name: /Slack channel/ }).press('Enter');
  const refusal = page.getByRole('alert').filter({ hasText: /already notifies #general; edit that subscription/ });
  await expect(refusal).toBeFocused();
  await expect(refusal).toBeInViewport();
  await page.getByRole('combobox', { name: /Slack channel/ }).fill('ci-alerts');
  await page.getByRole('button', { name: 'Subscribe', exact: true }).click();
  await expect(page.getByText(/Subscribed #ci-alerts to/)).toBeVisible();
});
