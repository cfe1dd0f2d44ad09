import { DEFAULT_DEVICE_CLIENT_ID } from '../../fakes/github/index.js';
import { expect, test } from '../support/serve-fixture.js';
import { expectNoSeriousA11yViolations, openScreen, screenshotBothThemes } from './ui-support.js';

test('GitHub device flow: the user code, live status, then the connected account; denied and expired codes', async ({
  page,
  context,
  emptyForgebell,
}) => {
  const github = emptyForgebell.world.github;
  github.deviceFlow.intervalSeconds = 1;
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto(emptyForgebell.uiUrl);
  await openScreen(page, '#/setup/forge');
  await expect(page.getByRole('heading', { name: 'Add your forge accounts' })).toBeVisible();

  await page.getByRole('radio', { name: 'Sign in with GitHub (device flow)' }).check();
  await expect(page.getByLabel(/personal access token/)).toHaveCount(0);
  await expect(page.getByRole('link', { name: /register one on github\.com/ })).toHaveAttribute(
    'href',
    'https://github.com/settings/applications/new',
  );
  await page.getByText('Advanced: custom CA, account name, API address').click();
  await page.getByLabel(/API URL/).fill(github.apiUrl);
  const signIn = page.getByRole('button', { name: 'Sign in with GitHub' });
  await expect(signIn).toBeDisabled();

  // A client ID GitHub does not know is explained, not hidden.
  await page.getByLabel('OAuth app client ID').fill('Iv1.not-registered');
  await signIn.click();
  await expect(page.getByText(/does not know this OAuth app client ID/)).toBeVisible();

  await page.getByLabel('OAuth app client ID').fill(DEFAULT_DEVICE_CLIENT_ID);
  await signIn.click();
  await expect(page.locator('.device-user-code')).toHaveText(/^[A-Z]{4}-\d{4}$/);
  const code = github.deviceFlow.code();
  await expect(page.locator('.device-user-code')).toHaveText(code.userCode);
  expect(code.scope).toBe('repo read:org');
  await expect(page.getByRole('link', { name: `${github.webUrl}/login/device` })).toHaveAttribute(
    'href',
    `${github.webUrl}/login/device`,
  );
  await expect(
    page.getByText(/Waiting for you to authorize Forgebell on GitHub… the code expires in 14 min/),
  ).toBeVisible();
  await page.getByRole('button', { name: 'Copy code' }).click();
  await expect(page.getByRole('button', { name: 'Copied' })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(code.userCode);
  // The engine is polling GitHub in the background.
  await expect.poll(() => code.polls, { timeout: 10_000 }).toBeGreaterThan(0);
  await expectNoSeriousA11yViolations(page, 'device flow: code');
  await screenshotBothThemes(page, 'device-flow-1-code');

  const token = github.deviceFlow.approve(code.userCode, { login: 'mona', name: 'Mona Lisa' });
  await expect(page.getByText('Connected.')).toBeVisible({ timeout: 15_000 });
  await expect(page.getByText(/Signed in as mona; saved as account github\./)).toBeVisible();
  const saved = page.getByRole('region', { name: 'Saved accounts' });
  await expect(saved).toContainText('github');
  await expect(saved).toContainText('as mona', { timeout: 15_000 });
  expect(await page.content()).not.toContain(token);
  await expectNoSeriousA11yViolations(page, 'device flow: connected');
  await screenshotBothThemes(page, 'device-flow-2-connected');

  // A second sign-in (account github-2) that the user denies on GitHub.
  await page.getByRole('button', { name: 'Sign in with GitHub' }).click();
  await expect(page.locator('.device-user-code')).toHaveText(/^[A-Z]{4}-\d{4}$/);
  const second = github.deviceFlow.code();
  expect(second.userCode).not.toBe(code.userCode);
  github.deviceFlow.deny(second.userCode);
  await expect(page.getByText(/The sign-in was cancelled on GitHub\. Start again/)).toBeVisible({ timeout: 15_000 });
  await screenshotBothThemes(page, 'device-flow-3-denied');

  // A new code that runs out before anyone enters it.
  await page.getByRole('button', { name: 'Get a new code' }).click();
  await expect(page.locator('.device-user-code')).not.toHaveText(second.userCode);
  github.deviceFlow.expire();
  await expect(page.getByText('The code expired before it was entered. Start again.')).toBeVisible({ timeout: 15_000 });
  await expect(page.getByRole('button', { name: 'Get a new code' })).toBeEnabled();
  await screenshotBothThemes(page, 'device-flow-4-expired');
  await expect(saved.locator('.account-item')).toHaveCount(1);
});
