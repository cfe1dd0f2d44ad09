import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../../support/cli-process.js';
import { REPO } from '../../support/world.js';
import { expect, test } from '../support/serve-fixture.js';
import { expectNoSeriousA11yViolations, openScreen, screenshotBothThemes } from './ui-support.js';

test('Settings exports the config without secrets; an import shows what it adds, changes and removes, and asks', async ({
  page,
  forgebell,
}) => {
  await page.goto(forgebell.uiUrl);
  await openScreen(page, '#/settings');
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export configuration' }).click();
  const file = await (await download).path();
  const exported = JSON.parse(readFileSync(file, 'utf8')) as {
    slack: Record<string, unknown>;
    accounts: { token: unknown }[];
    subscriptions: Record<string, unknown>[];
    pollIntervalSeconds: number;
  };
  expect(exported.slack.botToken).toBeNull();
  expect(exported.slack.appToken).toBeNull();
  expect(exported.accounts[0]!.token).toBeNull();
  expect(readFileSync(file, 'utf8')).not.toContain(forgebell.world.slack.botToken);
  const fileInput = page.locator('input[type=file]');
  const choose = (name: string, content: unknown) =>
    fileInput.setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(content)) });

  // A file without subscriptions: the removal is shown first and asked about; Cancel changes nothing (#12.3).
  await choose('empty.json', { ...exported, subscriptions: [] });
  const ask = page.getByRole('dialog', { name: 'Import empty.json?' });
  await expect(ask).toContainText(`removed: Subscription github:${REPO}`);
  await expect(ask).toContainText('This file removes 1 item Forgebell has now.');
  await expect(ask.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await expectNoSeriousA11yViolations(page, 'settings: import preview');
  await screenshotBothThemes(page, 'settings-import-preview');
  await ask.getByRole('button', { name: 'Cancel' }).click();
  await expect(ask).toBeHidden();
  await openScreen(page, '#/subscriptions');
  await expect(page.getByRole('heading', { name: REPO })).toBeVisible();

  // The export back with a second subscription and another poll interval: added and changed, then imported.
  await openScreen(page, '#/settings');
  forgebell.world.github.createRepo('octo-org/second');
  exported.subscriptions.push({ account: 'github', repo: 'octo-org/second', events: ['issues'] });
  await choose('config.json', { ...exported, pollIntervalSeconds: 2 });
  const ask2 = page.getByRole('dialog', { name: 'Import config.json?' });
  await expect(ask2).toContainText('added: Subscription github:octo-org/second → #general');
  await expect(ask2).toContainText('changed: Setting poll interval 1 s → 2 s');
  await expect(ask2).not.toContainText('removed');
  await ask2.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Subscriptions: 1 added' })).toBeVisible();
  await screenshotBothThemes(page, 'settings-config-imported');
  // The untouched Settings form follows what the import changed (not a stale 1 s that leaving would call unsaved).
  await expect(page.getByLabel('Poll interval (seconds)')).toHaveValue('2');

  // A file with many problems: every one, readable, the same list as `forgebell import` prints (#12.9).
  const bad = {
    version: 1,
    pollIntervalSeconds: 0,
    slack: { botToken: 'xapp-wrong', defaultChannel: '#general', mystery: 1 },
    accounts: [
      { id: 'github', forge: 'github', apiUrl: 'https://api.github.com', token: null },
      { id: 'github', forge: 'github', apiUrl: 'http://plain.example/api/v3', token: null },
    ],
    subscriptions: [
      { account: 'github', repo: REPO, events: ['nope'], branches: 'release/*' },
      { account: 'nobody', repo: 'not a repo' },
      { account: 'github', repo: REPO, branches: ['main', 'release/'] },
    ],
  };
  const badPath = join(forgebell.world.dataDir, '..', `${forgebell.world.dataDir.split('/').pop()}-bad.json`);
  writeFileSync(badPath, JSON.stringify(bad));
  const cli = runCli(['import', badPath, '--data-dir', forgebell.world.dataDir]);
  const cliProblems = cli.stderr
    .split('\n')
    .filter((l) => l.startsWith('  '))
    .map((l) => l.trim());
  expect(cliProblems.length).toBeGreaterThanOrEqual(10);
  await choose('bad.json', bad);
  const alert = page.getByRole('alert').filter({ hasText: 'bad.json cannot be imported' });
  await expect(alert).toContainText(`${cliProblems.length} problems, nothing was changed.`);
  const items = alert.locator('li');
  await expect(items).toHaveCount(cliProblems.length);
  for (const [i, line] of cliProblems.entries()) {
    const [path, ...rest] = line.split(': ');
    await expect(items.nth(i)).toHaveText(`${path} ${rest.join(': ')}`);
  }
  // Readable: wrapped inside the card, nothing cut at its edge.
  const [card, list] = [await page.locator('.panel', { has: alert }).boundingBox(), await alert.boundingBox()];
  expect(list!.x + list!.width).toBeLessThanOrEqual(card!.x + card!.width);
  expect(await alert.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
  await alert.scrollIntoViewIfNeeded();
  await expectNoSeriousA11yViolations(page, 'settings: import problems');
  await screenshotBothThemes(page, 'settings-import-problems');

  await openScreen(page, '#/subscriptions');
  await expect(page.getByText('octo-org/second')).toBeVisible();
  await page.waitForTimeout(1_100); // a new subscription hears what happens after it was created; GitHub stamps whole seconds
  forgebell.world.github.openIssue('octo-org/second', { title: 'After the import' });
  await forgebell.world.slack.waitFor(
    () => forgebell.world.slack.messages.some((m) => m.text.includes('After the import')),
    20_000,
  );
});
