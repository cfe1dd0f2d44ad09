import { startGiteaFake } from '../../fakes/gitea/index.js';
import { expect, test } from '../support/serve-fixture.js';
import { expectNoSeriousA11yViolations, openScreen, screenshotBothThemes } from './ui-support.js';

test('the wizard’s Gitea/Forgejo preset connects an account, and its event picker refuses what Gitea lacks', async ({
  page,
  forgebell,
}) => {
  const gitea = await startGiteaFake({ version: '1.22.3' });
  gitea.createRepo('acme/widgets', { org: true });
  try {
    await page.goto(forgebell.uiUrl);
    await openScreen(page, '#/setup/forge/gitea');
    await expect(page.getByRole('heading', { name: 'Add your forge accounts' })).toBeVisible();
    await expect(page.getByRole('radio', { name: /Gitea \/ Forgejo/ })).toBeChecked();

    // The host gives the API address and a link to the token page, with the scopes to tick named beside it.
    await page.getByRole('textbox', { name: 'Host' }).fill('git.example.com');
    await expect(page.getByText('https://git.example.com/api/v1')).toBeVisible();
    await expect(page.getByRole('link', { name: /Create a token on git\.example\.com/ })).toHaveAttribute(
      'href',
      'https://git.example.com/user/settings/applications',
    );
    await expect(page.getByText(/tick read:repository, read:issue, read:user, and write:issue/)).toBeVisible();

    // Pointed at the fake through the API address override, the token is checked live: sign-in, version, scopes.
    await page.getByText('Advanced: custom CA, account name, API address').click();
    await page.getByLabel(/API URL/).fill(gitea.apiUrl);
    await page.getByLabel(/personal access token/).fill(gitea.token);
    await expect(page.locator('.verify-ok')).toContainText('Signed in as gitea-user');
    await expectNoSeriousA11yViolations(page, 'wizard: gitea account');
    await screenshotBothThemes(page, 'wizard-gitea-account');
    await page.getByRole('button', { name: 'Save account', exact: true }).click();
    await expect(page.getByRole('region', { name: 'Saved accounts' })).toContainText('example');

    // A subscription on that account: deployments and the confidential events are shown disabled with the reason.
    await openScreen(page, '#/subscriptions');
    await page.getByRole('button', { name: 'Add subscription' }).first().click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Forge account').selectOption('example');
    const deployments = dialog.getByRole('checkbox', { name: /Deployments/ });
    await expect(deployments).toBeDisabled();
    await expect(deployments).not.toBeChecked();
    await expect(dialog.getByText(/Gitea and Forgejo have no deployments API/)).toBeVisible();
    await expect(dialog.getByRole('checkbox', { name: /Issues/ }).first()).toBeEnabled();
    await screenshotBothThemes(page, 'subscription-gitea-events');
  } finally {
    await gitea.close();
  }
});
