import { runCli } from '../../support/cli-process.js';
import { REPO, waitPastSubscriptionStart } from '../../support/world.js';
import { expect, test } from '../support/serve-fixture.js';
import { expectNoSeriousA11yViolations, screenshotBothThemes } from './ui-support.js';

/**
 * What a screen-reader user meets (#12.14): controls of subscriptions to one repository named apart by channel, a
 * delete that starts on Cancel, names the channel and never drops focus to the page, account states in words, and a
 * feed count that is not announced on every arrival.
 */
test('screen readers: distinct names, a delete that keeps focus, states in words, a quiet event count', async ({
  page,
  own,
}) => {
  const world = await own.world({
    appToken: true,
    configure: (config) => {
      config.subscriptions = ['general', 'ci-alerts', 'random'].map((channel) => ({
        account: 'github',
        repo: REPO,
        events: ['issues'],
        channel,
      }));
    },
  });
  world.slack.addChannel('ci-alerts', { is_member: true });
  const imported = runCli(['import', world.configPath, '--data-dir', world.dataDir]);
  const importedAt = Date.now();
  expect(imported.code, imported.stderr).toBe(0);
  const serve = await own.serve(['--data-dir', world.dataDir]);
  // Acting in the subscription's first (whole) second would make the event history (its rule, not a bug).
  await waitPastSubscriptionStart(importedAt);
  await page.goto(`${serve.url}#token=${serve.token}`);
  await expect(page.getByRole('heading', { name: 'Live feed' })).toBeVisible();

  // The account's state is in words, not only the dot's colour.
  await expect(
    page.getByRole('list', { name: 'Engine status' }).getByRole('listitem').filter({ hasText: 'octocat' }),
  ).toHaveText(/octocat: working/, { timeout: 15_000 });

  // The count is not a live region; the filter's result is announced once, when it has loaded.
  const count = page.locator('.screen-sub');
  await expect(count).not.toHaveAttribute('aria-live', /./);
  const announced = page.locator('p.visually-hidden[role=status]');
  await expect(announced).toHaveText('0 events');
  world.github.openIssue(REPO, { title: 'Arrives while a screen reader listens' });
  await expect(count).toHaveText(/^1 event/, { timeout: 20_000 });
  await expect(announced).toHaveText('0 events');
  await page.getByRole('search', { name: 'Filter the feed' }).getByLabel('Event').selectOption('issues');
  await expect(announced).toHaveText('1 event matches');

  // Three subscriptions of one repository: every control says which.
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: /Subscriptions/ })
    .click();
  for (const channel of ['general', 'ci-alerts', 'random'])
    await expect(page.getByRole('button', { name: `Edit ${REPO} → #${channel}`, exact: true })).toHaveCount(1);
  await expect(page.getByRole('switch', { name: `Enabled: ${REPO} → #random` })).toHaveCount(1);

  // Delete by keyboard: the dialog names the channel and starts on Cancel; afterwards focus is on Undo.
  await page.getByRole('button', { name: `Delete ${REPO} → #ci-alerts` }).focus();
  await page.keyboard.press('Enter');
  const confirm = page.getByRole('dialog', { name: `Delete ${REPO} → #ci-alerts?` });
  await expect(confirm).toContainText(`Notifications for ${REPO} in #ci-alerts stop.`);
  await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await expectNoSeriousA11yViolations(page, 'delete confirmation');
  await screenshotBothThemes(page, 'subscription-delete-confirm');
  await page.keyboard.press('Tab');
  await expect(confirm.getByRole('button', { name: 'Delete' })).toBeFocused();
  await page.keyboard.press('Enter');
  const undo = page.getByRole('button', { name: 'Undo' });
  await expect(undo).toBeFocused();
  // Undo brings the row back and focus to it.
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: `Edit ${REPO} → #ci-alerts` })).toBeFocused();
  // A delete that is kept: when Undo goes away, focus goes to the screen's heading, not to the page.
  await page.getByRole('button', { name: `Delete ${REPO} → #random` }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
  await expect(undo).toBeFocused();
  await expect(undo).toBeHidden({ timeout: 10_000 });
  await expect(page.getByRole('heading', { name: 'Subscriptions', level: 1 })).toBeFocused();
  await expect(page.getByRole('button', { name: `Edit ${REPO} → #random` })).toHaveCount(0);
});
