import { REPO, waitPastSubscriptionStart } from '../../support/world.js';
import { expect, test } from '../support/serve-fixture.js';
import { expectNoSeriousA11yViolations, openScreen, screenshotBothThemes } from './ui-support.js';

const slackHas = (texts: { text: string }[], needle: string) => texts.some((m) => m.text.includes(needle));
const CONTROL_REPO = 'octo-org/control';

test('the enable toggle stops and restarts deliveries at once', async ({ page, forgebell }) => {
  const { world } = forgebell;
  await page.goto(forgebell.uiUrl);
  await openScreen(page, '#/subscriptions');
  const toggle = page.getByRole('switch', { name: `Enabled: ${REPO}` });
  await expect(toggle).toBeChecked();
  await expectNoSeriousA11yViolations(page, 'subscriptions');
  await screenshotBothThemes(page, 'subscriptions');

  // A second subscription that stays on: its message is the control that proves polling and delivery go on while
  // the first is off ("nothing arrived" alone would also pass if polling had stalled).
  world.github.createRepo(CONTROL_REPO);
  await page.getByRole('button', { name: 'Add subscription' }).first().click();
  const add = page.getByRole('dialog');
  await add.getByRole('combobox', { name: 'Repository' }).fill(CONTROL_REPO);
  await add.getByRole('button', { name: 'Add subscription' }).click();
  await expect(add).toBeHidden();
  await waitPastSubscriptionStart();

  await toggle.uncheck();
  await expect(toggle).not.toBeChecked();
  await expect(page.locator('.sub-card', { hasText: REPO }).first()).toHaveClass(/is-disabled/);
  world.github.openIssue(REPO, { title: 'Opened while the subscription is off' });
  world.github.openIssue(CONTROL_REPO, { title: 'Control: opened on the subscription that stays on' });
  await world.slack.waitFor(
    () => slackHas(world.slack.messages, 'Control: opened on the subscription that stays on'),
    20_000,
  );
  expect(slackHas(world.slack.messages, 'Opened while the subscription is off')).toBe(false);

  await toggle.check();
  await expect(toggle).toBeChecked();
  await page.waitForTimeout(1_500);
  world.github.openIssue(REPO, { title: 'Opened after turning it back on' });
  await world.slack.waitFor(() => slackHas(world.slack.messages, 'Opened after turning it back on'), 20_000);
  await openScreen(page, '#/feed');
  await expect(page.locator('.feed-row', { hasText: 'Opened after turning it back on' }).locator('.badge')).toHaveText(
    'Delivered',
  );
  // Turning it back on does not bring back what happened while it was off (delivered since: the control above).
  expect(slackHas(world.slack.messages, 'Opened while the subscription is off')).toBe(false);
  await expect(page.locator('.feed-row', { hasText: 'Opened while the subscription is off' })).toHaveCount(0);
});

test('editing label filters changes what the feed shows as filtered', async ({ page, forgebell }) => {
  const { world } = forgebell;
  await page.goto(forgebell.uiUrl);
  await openScreen(page, '#/subscriptions');
  await page.getByRole('button', { name: `Edit ${REPO}` }).click();
  const dialog = page.getByRole('dialog', { name: `Edit ${REPO}` });
  await dialog.getByLabel(/Only with labels/).fill('bug');
  // Branch globs are validated while typing.
  await dialog.getByRole('radio', { name: 'Names and globs' }).check();
  await dialog.getByLabel(/one per line/).fill('main\nfeature branch');
  await expect(dialog.getByText(/branch names cannot contain spaces/)).toBeVisible();
  await expectNoSeriousA11yViolations(page, 'subscription editor');
  await screenshotBothThemes(page, 'subscription-editor');
  await dialog.getByLabel(/one per line/).fill('main\nrelease/*');
  await expect(dialog.getByText('2 valid')).toBeVisible();
  await dialog.getByRole('button', { name: 'Save changes' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.locator('.sub-card')).toContainText('labels: bug');

  await openScreen(page, '#/feed');
  await page.waitForTimeout(1_500);
  world.github.openIssue(REPO, { title: 'An unlabelled report' });
  world.github.openIssue(REPO, { title: 'A labelled report', labels: ['bug'] });
  const unlabelled = page.locator('.feed-row', { hasText: 'An unlabelled report' });
  const labelled = page.locator('.feed-row', { hasText: 'A labelled report' });
  await expect(unlabelled.locator('.badge')).toHaveText('Filtered', { timeout: 20_000 });
  await expect(unlabelled.locator('.feed-detail')).not.toBeEmpty();
  await expect(labelled.locator('.badge')).toHaveText('Delivered', { timeout: 20_000 });

  // The fate filter shows only the filtered one.
  await page.getByLabel('Fate').selectOption('filtered');
  await expect(unlabelled).toBeVisible();
  await expect(labelled).toBeHidden();
  await screenshotBothThemes(page, 'feed-filtered');
});

test('delete asks first and can be undone for a few seconds', async ({ page, forgebell }) => {
  await page.goto(forgebell.uiUrl);
  await openScreen(page, '#/subscriptions');
  // Named with its channel: several subscriptions of one repository are told apart (#12.14).
  const named = `${REPO} → #general`;
  await page.getByRole('button', { name: `Delete ${named}` }).click();
  const confirm = page.getByRole('dialog', { name: `Delete ${named}?` });
  await expect(confirm).toBeVisible();
  await expectNoSeriousA11yViolations(page, 'delete confirmation');
  await confirm.getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByText(`Deleted ${named}.`)).toBeVisible();
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByRole('heading', { name: REPO })).toBeVisible();

  await page.getByRole('button', { name: `Delete ${named}` }).click();
  await page
    .getByRole('dialog', { name: `Delete ${named}?` })
    .getByRole('button', { name: 'Delete' })
    .click();
  await expect(page.getByText(`Deleted ${named}.`)).toBeHidden({ timeout: 10_000 });
  await page.reload();
  await openScreen(page, '#/subscriptions');
  await expect(page.getByText('No subscriptions yet')).toBeVisible();
});
