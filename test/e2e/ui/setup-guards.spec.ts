import { DEFAULT_GITHUB_TOKEN } from '../../fakes/github/index.js';
import { REPO } from '../../support/world.js';
import { expect, test } from '../support/serve-fixture.js';
import { expectNoSeriousA11yViolations, openScreen, screenshotBothThemes } from './ui-support.js';

/**
 * What a new user cannot break in Setup: a token that just failed its check never replaces the working one without
 * "Save anyway" (#12.1); a verified account is saved by Continue, or Continue says it goes on without it (#12.4);
 * token checks are even: optional Slack scopes are optional, a token of another forge or kind is named, a missing CA
 * file is explained (#12.13).
 */
test('Slack: a failing token is not saved without “Save anyway”; optional scopes are not failures', async ({
  page,
  forgebell,
}) => {
  const { world } = forgebell;
  await page.goto(forgebell.uiUrl);
  await openScreen(page, '#/setup/slack');
  await expect(page.getByRole('heading', { name: 'Connect Slack' })).toBeVisible();

  // A working token, some optional scopes not granted: green, and those scopes are marked optional — not ✗.
  world.slack.setScopes([
    'chat:write',
    'chat:write.public',
    'commands',
    'channels:read',
    'channels:join',
    'users:read',
    'app_mentions:read',
  ]);
  const bot = page.getByLabel('Bot token', { exact: true });
  await bot.fill(world.slack.botToken);
  const verdict = page.locator('.token-field').first().locator('.verify');
  await expect(verdict).toHaveClass(/verify-ok/);
  const optional = verdict.locator('li', { hasText: 'Optional scopes' });
  await expect(optional).toContainText(
    'Not granted: chat:write.customize, channels:history, groups:history, links:read, links:write, im:write, im:history',
  );
  await expect(optional).toContainText(
    "These stay off: custom name and icon; the duplicate check after a lost answer; link previews; people's personal DMs; the duplicate check for DMs after a lost answer; state reactions on thread parents.",
  );
  await expect(optional).not.toContainText('allows');
  await expect(optional.getByRole('img', { name: 'optional, not set up' })).toBeAttached();
  await expect(verdict.getByRole('img', { name: 'failed' })).toHaveCount(0);
  await verdict.scrollIntoViewIfNeeded();
  await expectNoSeriousA11yViolations(page, 'setup/slack: optional scopes');
  await screenshotBothThemes(page, 'setup-slack-optional-scopes');

  // A token that fails: the main button says what it would do.
  await bot.fill('xoxb-wrong-token');
  await expect(verdict).toHaveClass(/verify-fail/);
  await expect(page.getByRole('button', { name: 'Save and continue' })).toHaveCount(0);
  const anyway = page.getByRole('button', { name: 'Save anyway and continue' });
  await expect(anyway).toBeVisible();
  await anyway.scrollIntoViewIfNeeded();
  await screenshotBothThemes(page, 'setup-slack-save-anyway');
  // Leaving it there changes nothing: the saved token still delivers.
  world.github.openIssue(REPO, { title: 'Still delivered with the saved token' });
  await world.slack.waitFor(() => world.slack.messages.length === 1, 20_000, 'the control delivery');
  // The explicit choice saves it (and Slack then says it has a problem).
  await anyway.click();
  await expect(page.getByRole('heading', { name: 'Add your forge accounts' })).toBeVisible();
  await expect(page.getByText('Slack: problem')).toBeVisible({ timeout: 10_000 });
});

test('Forge accounts: token shapes and CA files said at once; Continue saves a verified account', async ({
  page,
  forgebell,
}) => {
  const { world } = forgebell;
  await page.goto(forgebell.uiUrl);
  await openScreen(page, '#/setup/forge');
  await expect(page.getByRole('heading', { name: 'Add your forge accounts' })).toBeVisible();
  const token = page.getByLabel(/personal access token/);

  // A GitLab token in the GitHub field, a GitHub token in the GitLab one: named before anything is sent.
  await token.fill('glpat-abcdefghijklmnop');
  await expect(page.getByText(/This is a GitLab token \(glpat-…\)\. Choose a GitLab preset above/)).toBeVisible();
  await page.getByRole('radio', { name: /GitLab\.com/ }).check();
  await token.fill('ghp_abcdefghijklmnop');
  await expect(page.getByText(/This is a GitHub token \(ghp_…\)\. Choose a GitHub preset above/)).toBeVisible();
  await token.fill('glrt-abcdefghijklmnop');
  await expect(page.getByText(/This is a runner authentication token \(glrt-…\)/)).toBeVisible();
  await page.getByRole('radio', { name: /GitHub\.com/ }).check();

  // A CA file that is not there: explained, no ENOENT.
  await page.getByText('Advanced: custom CA, account name, API address').click();
  await page.getByLabel(/API URL/).fill(world.github.apiUrl);
  await page.getByLabel(/CA certificate file/).fill('/nowhere/corp-root.pem');
  await token.fill(DEFAULT_GITHUB_TOKEN);
  await expect(
    page.getByText(/There is no file at \/nowhere\/corp-root\.pem on the machine running Forgebell/),
  ).toBeVisible();
  await expect(page.getByText(/ENOENT/)).toHaveCount(0);
  await page.getByLabel(/CA certificate file/).scrollIntoViewIfNeeded();
  await expectNoSeriousA11yViolations(page, 'setup/forge: missing CA file');
  await screenshotBothThemes(page, 'setup-forge-ca-missing');
  await page.getByLabel(/CA certificate file/).fill('');

  // A verified account, not yet saved: Continue saves it on the way (#12.4).
  await page.getByLabel('Account name').fill('second');
  await expect(page.locator('.verify-ok')).toContainText('Signed in as octocat');
  const onward = page.getByRole('button', { name: 'Save account and continue' });
  await expect(onward).toBeVisible();
  await onward.click();
  await expect(page.getByRole('heading', { name: 'Pair your Slack user' })).toBeVisible();
  await page.getByRole('button', { name: 'Back' }).click();
  await expect(page.getByRole('region', { name: 'Saved accounts' })).toContainText('second');

  // A token that failed: Continue says it goes on without it.
  await page.getByText('Advanced: custom CA, account name, API address').click();
  await page.getByLabel(/API URL/).fill(world.github.apiUrl);
  await token.fill('ghp_not-a-token-github-knows');
  await expect(page.locator('.verify-fail')).toBeVisible();
  await expect(page.getByText(/The token above is not saved/)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Continue without it' })).toBeVisible();
  await page.getByRole('button', { name: 'Continue without it' }).scrollIntoViewIfNeeded();
  await screenshotBothThemes(page, 'setup-forge-unsaved-token');
});
