import { readFileSync } from 'node:fs';
import { REPO } from '../../support/world.js';
import { expect, test } from '../support/serve-fixture.js';
import { openScreen, screenshotBothThemes } from './ui-support.js';

test('Settings exports the config without secrets and imports one', async ({ page, forgebell }) => {
  await page.goto(forgebell.uiUrl);
  await openScreen(page, '#/settings');
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export configuration' }).click();
  const file = await (await download).path();
  const exported = JSON.parse(readFileSync(file, 'utf8')) as {
    slack: Record<string, unknown>;
    accounts: { token: unknown }[];
    subscriptions: Record<string, unknown>[];
  };
  expect(exported.slack.botToken).toBeNull();
  expect(exported.slack.appToken).toBeNull();
  expect(exported.accounts[0]!.token).toBeNull();
  expect(readFileSync(file, 'utf8')).not.toContain(forgebell.world.slack.botToken);

  // Import it back with a second subscription: the stored tokens stay, the new subscription appears.
  forgebell.world.github.createRepo('octo-org/second');
  exported.subscriptions.push({ account: 'github', repo: 'octo-org/second', events: ['issues'] });
  await page.locator('input[type=file]').setInputFiles({
    name: 'config.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(exported)),
  });
  await expect(page.getByRole('status').filter({ hasText: 'Subscriptions: 1 added' })).toBeVisible();
  await screenshotBothThemes(page, 'settings-config-imported');

  // An invalid file is refused with the JSON path of every problem.
  await page.locator('input[type=file]').setInputFiles({
    name: 'bad.json',
    mimeType: 'application/json',
    buffer: Buffer.from(
      JSON.stringify({ version: 1, subscriptions: [{ account: 'github', repo: REPO, events: ['nope'] }] }),
    ),
  });
  await expect(page.getByRole('alert')).toContainText('subscriptions[0].events[0]');

  await openScreen(page, '#/subscriptions');
  await expect(page.getByText('octo-org/second')).toBeVisible();
  await page.waitForTimeout(1_100); // a new subscription hears what happens after it was created; GitHub stamps whole seconds
  forgebell.world.github.openIssue('octo-org/second', { title: 'After the import' });
  await forgebell.world.slack.waitFor(
    () => forgebell.world.slack.messages.some((m) => m.text.includes('After the import')),
    20_000,
  );
});
