import { test as base } from '@playwright/test';
import { runCli, type ServeProcess, startServe } from '../../support/cli-process.js';
import { REPO, startTestWorld, type TestWorld, waitPastSubscriptionStart } from '../../support/world.js';
import { attachServeLogOnFailure, expect } from '../support/serve-fixture.js';
import { expectNoSeriousA11yViolations, openScreen, screenshotBothThemes } from './ui-support.js';

const ALICE = 'U0ALICE001';
const BOB_TOKEN = 'ghp_bobsOwnClassicToken000000000000000000';
const ALICE_TOKEN = 'ghp_alicesOwnClassicToken0000000000000000';

/** The fakes with alice (a person, paired) and bob (signed in on github), imported, and `serve` running. */
const test = base.extend<{ people: { world: TestWorld; serve: ServeProcess; uiUrl: string } }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright fixtures must destructure their dependencies
  people: async ({}, use, testInfo) => {
    const world = await startTestWorld({
      appToken: true,
      configure: (config) => {
        config.people = [
          { slack: ALICE, accounts: { github: 'alice' } },
          { slack: 'U0BOB00001', accounts: { github: 'bob' }, tokens: { github: BOB_TOKEN } },
        ];
      },
    });
    for (const login of ['alice', 'bob', 'carol', 'renovate-bot']) world.github.world.user(login);
    world.github.addToken(BOB_TOKEN, { login: 'bob', scopes: ['repo'] });
    const imported = runCli(['import', world.configPath, '--data-dir', world.dataDir]);
    if (imported.code !== 0) throw new Error(imported.stderr);
    const importedAt = Date.now();
    const serve = await startServe(['--data-dir', world.dataDir]);
    await waitPastSubscriptionStart(importedAt);
    await use({ world, serve, uiUrl: `${serve.url}#token=${serve.token}` });
    await attachServeLogOnFailure(serve, testInfo);
    await serve.stop('SIGTERM');
    await world.close();
  },
});

test('People: see who signed in, add with the login search, fix a field, revoke a sign-in, store a token, remove', async ({
  page,
  people,
}) => {
  await page.goto(people.uiUrl);
  await openScreen(page, '#/people');
  await expect(page.getByRole('heading', { name: 'People' })).toBeVisible();
  const alice = page.getByRole('listitem', { name: 'Alice Example' });
  const bob = page.getByRole('listitem', { name: 'Bob Example' });
  await expect(alice).toContainText('alice');
  await expect(alice).toContainText('not signed in');
  await expect(bob).toContainText('Signed in');
  await expectNoSeriousA11yViolations(page, 'people');
  await screenshotBothThemes(page, 'people');

  // Add: the Slack user by ID, the login from the forge's search.
  await page.getByRole('button', { name: 'Add a person' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add a person' });
  await dialog.getByLabel('Slack user').fill('U0CAROL001');
  await dialog.getByLabel('Login on github').fill('car');
  await dialog.getByRole('button', { name: 'Use carol' }).click();
  await expect(dialog.getByLabel('Login on github')).toHaveValue('carol');
  await dialog.getByLabel('Time zone').fill('Mars/Base');
  await dialog.getByRole('button', { name: 'Add person' }).click();
  await expect(dialog.getByText(/Unknown time zone "Mars\/Base"/)).toBeVisible();
  await dialog.getByLabel('Time zone').fill('Europe/Berlin');
  await dialog.getByLabel('Quiet from').fill('19:00');
  await dialog.getByLabel('Quiet until').fill('08:00');
  await expectNoSeriousA11yViolations(page, 'person editor');
  await screenshotBothThemes(page, 'person-editor');
  await dialog.getByRole('button', { name: 'Add person' }).click();
  await expect(dialog).toBeHidden();
  const carol = page.getByRole('listitem', { name: 'U0CAROL001' });
  await expect(carol).toContainText('carol');
  await expect(carol).toContainText('Quiet hours 19:00–08:00');

  // A login another person has is refused beside its field.
  await page.getByRole('button', { name: 'Edit U0CAROL001' }).click();
  const edit = page.getByRole('dialog', { name: 'Edit U0CAROL001' });
  await edit.getByLabel('Login on github').fill('alice');
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(edit.getByText(/"alice" on github is already U0ALICE001's/)).toBeVisible();
  await edit.getByRole('button', { name: 'Cancel' }).click();

  // Revoke bob's stored token.
  await bob.getByRole('button', { name: /Revoke .* sign-in for github/ }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Revoke' }).click();
  await expect(bob).toContainText('not signed in');
  await page.getByRole('button', { name: 'Dismiss' }).click();

  // Store a token for alice (the way for Gitea/Forgejo people): a token the forge refuses, then bob's (someone else's),
  // are refused beside the field; hers is stored after GitHub says it is alice's, and never shown again.
  people.world.github.addToken(ALICE_TOKEN, { login: 'alice', scopes: ['repo'] });
  await alice.getByRole('button', { name: /Store a token of .* for github/ }).click();
  const storeDialog = page.getByRole('dialog', { name: /Store .*'s token for github/ });
  await storeDialog.getByLabel('Token for github').fill('ghp_notAToken0000000000000000000000000000');
  await storeDialog.getByRole('button', { name: 'Store token' }).click();
  await expect(storeDialog.getByText(/That token was not stored: the forge does not accept it/)).toBeVisible();
  await storeDialog.getByLabel('Token for github').fill(BOB_TOKEN);
  await storeDialog.getByRole('button', { name: 'Store token' }).click();
  await expect(storeDialog.getByText(/belongs to bob on github, but this person is alice there/)).toBeVisible();
  await expectNoSeriousA11yViolations(page, 'store a token');
  await screenshotBothThemes(page, 'people-store-token');
  await storeDialog.getByLabel('Token for github').fill(ALICE_TOKEN);
  await storeDialog.getByRole('button', { name: 'Store token' }).click();
  await expect(storeDialog).toBeHidden();
  await expect(page.getByText(/Token stored for Alice Example on github \(alice\)/)).toBeVisible();
  await expect(alice).toContainText('Signed in');
  await expect(page.locator('body')).not.toContainText(ALICE_TOKEN);
  await page.getByRole('button', { name: 'Dismiss' }).click();

  await page.getByRole('button', { name: 'Remove U0CAROL001' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Remove' }).click();
  await expect(page.getByRole('listitem', { name: 'U0CAROL001' })).toHaveCount(0);
});

test('a busy inbox whose news come from subscribed repositories says it is read less often', async ({
  page,
  people,
}) => {
  await page.goto(people.uiUrl);
  await openScreen(page, '#/people');
  const bob = page.getByRole('listitem', { name: 'Bob Example' });
  await expect(bob).toContainText('Signed in · inbox read');
  await expect(bob).not.toContainText('(busy)');
  // Carol keeps mentioning bob in the subscribed repository: his inbox changes at every read, its events DM him anyway.
  let n = 0;
  const busy = setInterval(() => {
    n++;
    people.world.github.openIssue(REPO, { title: `Question ${n}`, body: '@bob what do you think?', actor: 'carol' });
  }, 500);
  try {
    await expect(async () => {
      await page.reload();
      await openScreen(page, '#/people');
      // A 1-second poll interval here: read 1, 4, 16, 64 … seconds apart (16 minutes at most).
      await expect(bob).toContainText(/inbox read every (16|64) s \(busy\)/, { timeout: 1_000 });
    }).toPass({ timeout: 30_000 });
  } finally {
    clearInterval(busy);
  }
  await expectNoSeriousA11yViolations(page, 'people, busy inbox');
  await screenshotBothThemes(page, 'people-busy-inbox');
});

test('the wizard adds you; your DMs show in "For you", which stays in the address', async ({ page, people }) => {
  const { world } = people;
  await page.goto(people.uiUrl);
  await openScreen(page, '#/setup/pair');
  await expect(page.getByRole('heading', { name: 'Add yourself' })).toBeVisible();
  await expect(page.locator('.add-yourself')).toContainText(ALICE);
  await page.getByRole('button', { name: 'Add me' }).click();
  await expect(page.getByText('You are on the People list.')).toBeVisible();
  await screenshotBothThemes(page, 'wizard-add-yourself');
  await openScreen(page, '#/people');
  await expect(page.getByRole('listitem', { name: 'Alice Example' })).toContainText('You');

  await openScreen(page, '#/feed');
  await page.getByRole('button', { name: 'For you' }).click();
  await expect(page).toHaveURL(/#\/feed\?for=me/);
  world.github.openIssue(REPO, { title: 'Control: everyone sees this', actor: 'carol' });
  world.github.openPull(REPO, {
    title: 'Please review, Alice',
    head: 'review-me',
    actor: 'carol',
    reviewers: ['alice'],
  });
  await world.slack.waitFor(() => world.slack.dmsTo(ALICE).length === 1, 20_000, "alice's DM");
  // The DM is a destination of its event's row (one row per event, #12.7): the pull request, with a DM to Alice.
  const forAlice = page.locator('.feed-row', { hasText: 'Please review, Alice' });
  await expect(forAlice).toBeVisible({ timeout: 20_000 });
  // The DM chip names Alice as People knows her (her Slack name), her user ID only in the tooltip.
  const dmChip = forAlice.locator('.dest-chip', { hasText: '@Alice Example' });
  await expect(dmChip).toBeVisible();
  await expect(dmChip).toHaveAttribute('title', new RegExp(`^to @Alice Example \\(${ALICE}\\)`));
  await expect(page.locator('.feed-row', { hasText: 'Control: everyone sees this' })).toHaveCount(0);
  await expectNoSeriousA11yViolations(page, 'feed: for you');
  await screenshotBothThemes(page, 'feed-for-you');
  await page.reload();
  await expect(page.getByRole('button', { name: 'For you' })).toHaveAttribute('aria-pressed', 'true');
  await expect(forAlice).toBeVisible();
  await page.getByRole('button', { name: 'Everything' }).click();
  await expect(page.locator('.feed-row', { hasText: 'Control: everyone sees this' })).toBeVisible();
});

test('a subscription that leaves out bots and chosen actors says so in the feed', async ({ page, people }) => {
  const { world } = people;
  await page.goto(people.uiUrl);
  await openScreen(page, '#/subscriptions');
  await page.getByRole('button', { name: `Edit ${REPO}` }).click();
  const dialog = page.getByRole('dialog', { name: `Edit ${REPO}` });
  await dialog.getByLabel('Post what bots do').uncheck();
  await dialog.getByLabel(/Never by/).fill('@renovate');
  await dialog.getByRole('button', { name: 'Save changes' }).click();
  await expect(dialog.getByText(/write logins without “@”/)).toBeVisible();
  await dialog.getByLabel(/Never by/).fill('renovate*');
  await expectNoSeriousA11yViolations(page, 'subscription editor: actors');
  await dialog.getByRole('button', { name: 'Save changes' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.locator('.sub-card')).toContainText('no bots · not by renovate*');

  await openScreen(page, '#/feed');
  await page.waitForTimeout(1_500);
  world.github.openIssue(REPO, { title: 'Bump lodash', actor: 'renovate-bot' });
  world.github.openIssue(REPO, { title: 'A person writes', actor: 'carol' });
  const excluded = page.locator('.feed-row', { hasText: 'Bump lodash' });
  await expect(excluded.locator('.badge')).toHaveText('Filtered', { timeout: 20_000 });
  await expect(excluded).toContainText('actor renovate-bot is excluded (renovate*)');
  await expect(page.locator('.feed-row', { hasText: 'A person writes' }).locator('.badge')).toHaveText('Delivered', {
    timeout: 20_000,
  });
});
