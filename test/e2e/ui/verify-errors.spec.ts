import { DEFAULT_GITHUB_TOKEN } from '../../fakes/github/index.js';
import { expect, test } from '../support/serve-fixture.js';
import { startTlsFront } from './tls-front.js';
import { expectNoSeriousA11yViolations, openScreen, screenshotBothThemes } from './ui-support.js';

test('Slack tokens: wrong field, invalid token and missing scope each get a precise answer', async ({
  page,
  emptyForgebell,
}) => {
  const { world } = emptyForgebell;
  await page.goto(emptyForgebell.uiUrl);
  await expect(page.getByRole('heading', { name: 'Welcome to Forgebell' })).toBeVisible();
  await openScreen(page, '#/setup/slack');
  await page.getByText('Advanced: Slack API address').click();
  await page.getByLabel('Slack Web API URL').fill(world.slack.apiUrl);
  await page.getByRole('button', { name: 'Use this address' }).click();
  await expect(page.getByText(`In use: ${world.slack.apiUrl}`)).toBeVisible();

  const bot = page.getByLabel('Bot token', { exact: true });
  const app = page.getByLabel(/App-level token/);
  const botResult = page.locator('.token-field').first().locator('.verify');
  const appResult = page.locator('.token-field').nth(1).locator('.verify');

  // Wrong token type, both ways round: answered at once, naming the right field.
  await bot.fill(world.slack.appToken);
  await expect(botResult).toContainText('This is an app-level token');
  await app.fill(world.slack.botToken);
  await expect(appResult).toContainText('This is the bot token');
  await app.fill('');

  // A well-formed token Slack does not know.
  await bot.fill('xoxb-0000-not-a-real-token');
  await expect(botResult).toContainText('invalid_auth');
  // It would not be saved without the user's explicit choice (#12.1).
  await expect(page.getByRole('button', { name: 'Save anyway and continue' })).toBeEnabled();

  // Missing chat:write: the bot cannot post, and the answer names the scope.
  world.slack.setScopes(['channels:read', 'commands']);
  await bot.fill(world.slack.botToken);
  await expect(botResult).toHaveClass(/verify-fail/);
  await expect(botResult).toContainText('Missing scope chat:write');
  await expectNoSeriousA11yViolations(page, 'slack verification errors');
  await screenshotBothThemes(page, 'verify-slack-missing-scope');
});

test('a forge behind a private CA fails TLS until its CA file is given', async ({ page, emptyForgebell }) => {
  const { world } = emptyForgebell;
  const front = await startTlsFront(world.github.webUrl);
  try {
    await page.goto(emptyForgebell.uiUrl);
    await expect(page.getByRole('heading', { name: 'Welcome to Forgebell' })).toBeVisible();
    await openScreen(page, '#/setup/forge');
    await page.getByRole('radio', { name: /GitHub Enterprise Server/ }).check();
    await page.getByLabel('Host', { exact: true }).fill('127.0.0.1');
    await page.getByText(/Advanced: custom CA/).click();
    // A plain-http address on another machine is refused before anything is sent (#10.3); loopback is fine.
    await page.getByLabel(/API URL/).fill('http://ghe.corp.example/api/v3');
    await expect(
      page.getByText(/This address must start with https:\/\/ — plain http:\/\/ is only allowed/),
    ).toBeVisible();
    await page.getByLabel(/API URL/).fill(front.origin);
    await expect(page.getByText(/plain http:\/\/ is only allowed/)).toHaveCount(0);
    await page.getByLabel(/personal access token/).fill('ghp_wrong_token');
    const result = page.locator('.token-field .verify');

    // TLS first: the certificate is not trusted; the UI points at the CA file field.
    await expect(result).toHaveClass(/verify-fail/, { timeout: 20_000 });
    await expect(result).toContainText(/certificate|TLS/i);
    await expect(page.getByRole('button', { name: 'set a CA certificate file' })).toBeVisible();
    await screenshotBothThemes(page, 'verify-forge-tls');

    // With the CA file, TLS passes and the next problem is the token itself (401).
    await page.getByLabel(/CA certificate file/).fill(front.caFile);
    await expect(result).not.toContainText(/certificate/i, { timeout: 20_000 });
    await expect(result).toHaveClass(/verify-fail/);

    // The right token signs in.
    await page.getByLabel(/personal access token/).fill(DEFAULT_GITHUB_TOKEN);
    await expect(page.locator('.token-field .verify-ok')).toContainText('Signed in as octocat', { timeout: 20_000 });
    await expectNoSeriousA11yViolations(page, 'forge verification');
  } finally {
    await front.close();
  }
});

test('what was typed in Setup is still there after a look at another screen; tokens are not kept', async ({
  page,
  emptyForgebell,
}) => {
  await page.goto(emptyForgebell.uiUrl);
  await expect(page.getByRole('heading', { name: 'Welcome to Forgebell' })).toBeVisible();
  await openScreen(page, '#/setup/forge');
  await page.getByRole('radio', { name: /GitHub Enterprise Server/ }).check();
  await page.getByLabel('Host', { exact: true }).fill('github.example.com');
  await page.getByLabel(/personal access token/).fill(DEFAULT_GITHUB_TOKEN);
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: /Settings/ })
    .click();
  await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /Setup/ }).click();
  await openScreen(page, '#/setup/forge');
  await expect(page.getByRole('radio', { name: /GitHub Enterprise Server/ })).toBeChecked();
  await expect(page.getByLabel('Host', { exact: true })).toHaveValue('github.example.com');
  await expect(page.getByLabel(/personal access token/)).toHaveValue('');
});
