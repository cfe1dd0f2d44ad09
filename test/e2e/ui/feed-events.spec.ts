import { runCli } from '../../support/cli-process.js';
import { REPO, waitPastSubscriptionStart } from '../../support/world.js';
import { expect, test } from '../support/serve-fixture.js';
import { expectNoSeriousA11yViolations, screenshotBothThemes } from './ui-support.js';

/**
 * The feed as a new user meets it when one repository has several subscriptions: one row per event, with each
 * destination's fate; the filters, also from the address, match an event when any destination has the fate.
 */
test('one row per event with its destinations: delivered, filtered (by which subscription, why), failed', async ({
  page,
  own,
}) => {
  const world = await own.world({
    appToken: true,
    configure: (config) => {
      config.subscriptions = [
        { account: 'github', repo: REPO, events: ['issues'] },
        { account: 'github', repo: REPO, events: ['issues'], channel: 'ci-alerts' },
        { account: 'github', repo: REPO, events: ['pulls'], channel: 'pulls-only' },
        { account: 'github', repo: REPO, events: ['issues'], channel: 'nope-channel' },
      ];
    },
  });
  world.slack.addChannel('ci-alerts', { is_member: true });
  world.slack.addChannel('pulls-only', { is_member: true });
  const imported = runCli(['import', world.configPath, '--data-dir', world.dataDir]);
  const importedAt = Date.now();
  expect(imported.code, imported.stderr).toBe(0);
  const serve = await own.serve(['--data-dir', world.dataDir]);
  // Acting in the subscription's first (whole) second would make the event history (its rule, not a bug).
  await waitPastSubscriptionStart(importedAt);
  await page.goto(`${serve.url}#token=${serve.token}`);
  await expect(page.getByRole('heading', { name: 'Live feed' })).toBeVisible();
  world.github.openIssue(REPO, { title: 'Login page crashes on Safari', actor: 'root' });
  const row = page.locator('.feed-row', { hasText: 'Login page crashes on Safari' });
  await expect(row).toHaveCount(1, { timeout: 20_000 });
  // Every destination's outcome, waited for as the deliveries take: the row's "Failed" badge alone says only that
  // #nope-channel failed (failed outranks queued and retrying), not that the two channels have their answers yet.
  const chips = row.locator('.dest-chip');
  await expect(chips).toHaveText(
    ['Delivered#general', 'Delivered#ci-alerts', 'Filtered#pulls-only', 'Failed#nope-channel'],
    { timeout: 20_000 },
  );
  await expect(row.locator('.badge')).toHaveText('Failed');
  await expect(page.locator('.screen-sub')).toHaveText(/^1 event\b/);
  await expect(chips.nth(0)).toHaveAttribute('title', 'to #general');
  await expect(chips.nth(2)).toHaveAttribute('title', `for #pulls-only: issues are off for ${REPO}`);
  await expect(chips.nth(3)).toHaveAttribute('title', /^to #nope-channel: The channel does not exist/);
  // Screen readers hear each destination's fate, not just a colour.
  await expect(chips.nth(2).getByRole('img', { name: 'Filtered' })).toBeAttached();
  expect(world.slack.messages).toHaveLength(2);
  await expectNoSeriousA11yViolations(page, 'feed with destinations');
  await screenshotBothThemes(page, 'feed-destinations');

  // A fate filter matches the event through any of its destinations.
  const filters = page.getByRole('search', { name: 'Filter the feed' });
  for (const fate of ['filtered', 'delivered', 'failed']) {
    await filters.getByLabel('Fate').selectOption(fate);
    await expect(row).toHaveCount(1);
    await expect(page.locator('.screen-sub')).toHaveText(/^1 event matches/);
  }
  await filters.getByLabel('Fate').selectOption('queued');
  await expect(page.getByText('No events match these filters.')).toBeVisible();
});

/**
 * A new user pasted a wrong bot token (#12.2, #12.8, #12.10): every delivery fails for one cause. The feed says so once,
 * with the fix and where to make it; fixing the token sends everything that failed for it; the address drives the
 * filters while the page is open (the top bar's link, a pasted address, Back/Forward); another cause is dismissed.
 */
test('failures by cause: fixed in one place, sent again on their own, dismissed; rows open to the full story', async ({
  page,
  own,
}) => {
  const world = await own.world({
    appToken: true,
    configure: (config) => {
      (config.slack as Record<string, unknown>).botToken = 'xoxb-wrong-token';
      config.subscriptions = [
        { account: 'github', repo: REPO, events: ['issues'] },
        { account: 'github', repo: REPO, events: ['pulls'], channel: 'nope-channel' },
      ];
    },
  });
  const imported = runCli(['import', world.configPath, '--data-dir', world.dataDir]);
  const importedAt = Date.now();
  expect(imported.code, imported.stderr).toBe(0);
  const serve = await own.serve(['--data-dir', world.dataDir]);
  // Acting in the subscription's first (whole) second would make the event history (its rule, not a bug).
  await waitPastSubscriptionStart(importedAt);
  await page.goto(`${serve.url}#token=${serve.token}`);
  await expect(page.getByRole('heading', { name: 'Live feed' })).toBeVisible();
  for (const title of ['First', 'Second', 'Third'])
    world.github.openIssue(REPO, { title: `${title} wrong-token issue` });
  const panel = page.getByRole('region', { name: /deliver(y|ies) failed/ });
  await expect(panel).toContainText('3 deliveries to #general: Slack rejected the bot token.', {
    timeout: 20_000,
  });
  await expect(panel.getByRole('link', { name: 'Fix in Setup → Slack' })).toHaveAttribute('href', '#/setup/slack');
  await expect(panel.getByRole('button', { name: 'Retry all (3)' })).toBeVisible();
  await expect(page.getByRole('link', { name: '3 failed deliveries' })).toBeVisible();

  // The top bar's count opens the feed filtered to failures, while the feed is open (#12.10).
  await page.getByRole('link', { name: '3 failed deliveries' }).click();
  const filters = page.getByRole('search', { name: 'Filter the feed' });
  await expect(filters.getByLabel('Fate')).toHaveValue('failed');
  await expect(page.locator('.screen-sub')).toHaveText(/^3 events match/);

  // A row opens to the full reason, what to do, the raw error and a button to the place of the fix (#12.8).
  const row = page.locator('.feed-row', { hasText: 'Second wrong-token issue' });
  await row.getByRole('button', { name: /Details/ }).click();
  await expect(row.getByRole('button', { name: /Less/ })).toHaveAttribute('aria-expanded', 'true');
  const details = row.locator('.feed-details');
  await expect(details).toContainText('Slack rejected the bot token.');
  await expect(details).toContainText('What to do: Paste a fresh xoxb- token in Setup → Slack.');
  await expect(details).toContainText('Raw error: Slack: invalid_auth');
  await expect(details).toContainText(`by the subscription ${REPO} → #general`);
  // The open row is whole on screen, and the row below it is not covered.
  const below = page.locator('.feed-row', { hasText: 'First wrong-token issue' });
  const [openBox, belowBox] = [await row.boundingBox(), await below.boundingBox()];
  expect(belowBox!.y).toBeGreaterThanOrEqual(openBox!.y + openBox!.height - 1);
  await expectNoSeriousA11yViolations(page, 'feed: a failure, open');
  await screenshotBothThemes(page, 'feed-failure-open');

  // The fix, where the button leads: a working token. Nobody presses Retry.
  await details.getByRole('link', { name: 'Fix in Setup → Slack' }).click();
  await expect(page.getByRole('heading', { name: 'Connect Slack' })).toBeVisible();
  await page.getByLabel('Bot token', { exact: true }).fill(world.slack.botToken);
  await expect(page.locator('.token-field').first().locator('.verify-ok')).toContainText('Works as workspace');
  await page.getByRole('button', { name: 'Save and continue' }).click();
  await world.slack.waitFor(() => world.slack.messages.length === 3, 20_000, 'the three messages');
  // Back returns to the filtered feed it came from (#12.10): nothing is failed any more.
  await page.goBack();
  await page.goBack();
  await expect(filters.getByLabel('Fate')).toHaveValue('failed');
  await expect(page.getByText('No events match these filters.')).toBeVisible();
  await expect(page.getByRole('link', { name: /failed deliver/ })).toHaveCount(0);
  await expect(panel).toHaveCount(0);

  // An address pasted into the open tab applies at once.
  await page.evaluate(() => {
    window.location.hash = '#/feed?fate=delivered';
  });
  await expect(filters.getByLabel('Fate')).toHaveValue('delivered');
  await expect(page.locator('.screen-sub')).toHaveText(/^3 events match/);

  // Another cause: a pull request to a channel that does not exist. Not wanted: dismissed, not sent.
  world.github.openPull(REPO, { title: 'Pull for a missing channel', head: 'fix-1', base: 'main' });
  await expect(panel).toContainText('1 delivery to #nope-channel: The channel does not exist', { timeout: 20_000 });
  await expect(page.getByRole('link', { name: '1 failed delivery' })).toBeVisible();
  await panel.getByRole('button', { name: /^Dismiss/ }).click();
  await expect(panel).toHaveCount(0);
  await expect(page.getByRole('link', { name: /failed deliver/ })).toHaveCount(0);
  await filters.getByLabel('Fate').selectOption('dropped');
  await expect(page.locator('.feed-row', { hasText: 'Pull for a missing channel' })).toContainText('Dropped');
  expect(world.slack.messages).toHaveLength(3);
});
