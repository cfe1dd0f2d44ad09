import { DEFAULT_GITHUB_TOKEN } from '../../fakes/github/index.js';
import { REPO } from '../../support/world.js';
import { expect, test } from '../support/serve-fixture.js';
import { expectNoSeriousA11yViolations, screenshotBothThemes } from './ui-support.js';

test('the setup wizard takes an empty install to a delivered test notification', async ({ page, emptyForgebell }) => {
  const { world } = emptyForgebell;
  await page.goto(emptyForgebell.uiUrl);

  // An empty data dir opens the wizard.
  await expect(page.getByRole('heading', { name: 'Welcome to Forgebell' })).toBeVisible();
  await expect(page.getByText(/No inbound port/)).toBeVisible();
  await expectNoSeriousA11yViolations(page, 'wizard: welcome');
  await screenshotBothThemes(page, 'wizard-1-welcome');
  await page.getByRole('button', { name: 'Start' }).click();

  // Slack: manifest, the API address of the fake, then both tokens verified live.
  await expect(page.getByRole('heading', { name: 'Connect Slack' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Create Slack app' })).toHaveAttribute(
    'href',
    /api\.slack\.com\/apps\?new_app=1/,
  );
  await page.getByRole('radio', { name: 'JSON' }).check();
  await expect(page.getByRole('region', { name: /manifest \(JSON\)/ })).toContainText('"socket_mode_enabled": true');
  await page.getByText('Advanced: Slack API address').click();
  await page.getByLabel('Slack Web API URL').fill(world.slack.apiUrl);
  await page.getByRole('button', { name: 'Use this address' }).click();
  await expect(page.getByText(`In use: ${world.slack.apiUrl}`)).toBeVisible();

  const bot = page.getByLabel('Bot token', { exact: true });
  await bot.fill(world.slack.appToken);
  await expect(page.getByText(/This is an app-level token \(xapp-…\)/)).toBeVisible();
  await bot.fill(world.slack.botToken);
  await expect(page.locator('.token-field').first().locator('.verify-ok')).toContainText('Works as workspace');
  await page.getByLabel(/App-level token/).fill(world.slack.appToken);
  await expect(page.locator('.token-field').nth(1).locator('.verify-ok')).toContainText('Socket Mode can connect');
  await page.getByLabel(/Default channel/).fill('general');
  await expectNoSeriousA11yViolations(page, 'wizard: slack');
  await screenshotBothThemes(page, 'wizard-2-slack');
  await page.getByRole('button', { name: 'Save and continue' }).click();

  // Forge account: GitHub.com preset pointed at the fake through the API URL override.
  await expect(page.getByRole('heading', { name: 'Add your forge accounts' })).toBeVisible();
  await expect(page.getByRole('link', { name: /Create a token on GitHub.com/ })).toHaveAttribute(
    'href',
    'https://github.com/settings/tokens/new?scopes=repo,read:org&description=Forgebell',
  );
  await page.getByText('Advanced: custom CA, account name, API address').click();
  await page.getByLabel(/API URL/).fill(world.github.apiUrl);
  await page.getByLabel(/personal access token/).fill(DEFAULT_GITHUB_TOKEN);
  await expect(page.locator('.verify-ok')).toContainText('Signed in as octocat');
  await expectNoSeriousA11yViolations(page, 'wizard: forge');
  await screenshotBothThemes(page, 'wizard-3-forge');
  await page.getByRole('button', { name: 'Save account', exact: true }).click();
  await expect(page.getByRole('region', { name: 'Saved accounts' })).toContainText('github');
  await page.getByRole('button', { name: 'Continue' }).click();

  // Pairing: the code shown is the one typed in Slack; the step turns green when the engine sees it.
  await expect(page.getByRole('heading', { name: 'Pair your Slack user' })).toBeVisible();
  const command = (await page.locator('.pair-command-text').innerText()).trim();
  expect(command).toMatch(/^\/forgebell link \S+$/);
  await expectNoSeriousA11yViolations(page, 'wizard: pair');
  await screenshotBothThemes(page, 'wizard-4-pair');
  await world.slack.sendSlashCommand({ text: command.replace(/^\/forgebell /, ''), user_id: 'U0BOB00002' });
  await expect(page.getByText('Paired.')).toBeVisible({ timeout: 15_000 });
  await page.getByRole('button', { name: 'Continue' }).click();

  // First subscription, then a test notification that arrives in Slack and in the feed row.
  await expect(page.getByRole('heading', { name: 'Your first subscription' })).toBeVisible();
  await page.getByRole('combobox', { name: 'Repository' }).fill(REPO);
  await expect(page.getByText(`${REPO} found`)).toBeVisible();
  const channel = page.getByRole('combobox', { name: /Slack channel/ });
  await channel.fill('gen');
  await page.getByRole('option', { name: '#general' }).click();
  await expect(channel).toHaveValue('general');
  await expectNoSeriousA11yViolations(page, 'wizard: subscribe');
  await screenshotBothThemes(page, 'wizard-5-subscribe');
  await page.getByRole('button', { name: 'Subscribe', exact: true }).click();
  await page.getByRole('button', { name: 'Send a test notification' }).click();
  await expect(page.getByText(/It arrived in #general/)).toBeVisible({ timeout: 20_000 });
  await expect(page.locator('.feed-preview .badge')).toHaveText('Delivered');
  await world.slack.waitFor(() => world.slack.messages.some((m) => /test/i.test(m.text)), 10_000);
  await screenshotBothThemes(page, 'wizard-6-delivered');
  await page.getByRole('button', { name: 'Done', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Subscriptions' })).toBeVisible();
  await expect(page.getByRole('heading', { name: REPO })).toBeVisible();
});
