import { test as base } from '@playwright/test';
import { runCli, type ServeProcess, startServe } from '../../support/cli-process.js';
import { REPO, startTestWorld, type TestWorld, waitPastSubscriptionStart } from '../../support/world.js';
import { attachServeLogOnFailure, expect } from '../support/serve-fixture.js';
import { expectNoSeriousA11yViolations, openScreen, screenshotBothThemes } from './ui-support.js';

const ALICE = 'U0ALICE001';
const EVERY_DAY = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** `HH:MM` (UTC) `minutes` from now: a digest an hour ahead is not due (yesterday's is 23 hours late). */
function hhmm(minutes: number): string {
  const d = new Date(Date.now() + minutes * 60_000);
  return `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
}

/** The fakes with open pull requests (one waiting for alice, one approved, one draft), a #general digest, serve. */
const test = base.extend<{ digests: { world: TestWorld; serve: ServeProcess; uiUrl: string; at: string } }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright fixtures must destructure their dependencies
  digests: async ({}, use, testInfo) => {
    const at = hhmm(60);
    const world = await startTestWorld({
      appToken: true,
      configure: (config) => {
        config.people = [{ slack: ALICE, accounts: { github: 'alice' } }];
        config.digests = [{ channel: 'general', at, days: EVERY_DAY, repos: [`github:${REPO}`] }];
      },
    });
    const github = world.github;
    for (const login of ['alice', 'bob', 'carol']) github.world.user(login);
    github.openPull(REPO, { title: 'Add the rate limiter', head: 'w', actor: 'carol', reviewers: ['alice'] });
    const approved = github.openPull(REPO, { title: 'Faster startup', head: 'a', actor: 'alice' });
    github.review(REPO, approved.number, { state: 'approved', actor: 'bob' });
    github.openPull(REPO, { title: 'Half-done draft', head: 'd', actor: 'carol', draft: true });
    const imported = runCli(['import', world.configPath, '--data-dir', world.dataDir]);
    if (imported.code !== 0) throw new Error(imported.stderr);
    const importedAt = Date.now();
    const serve = await startServe(['--data-dir', world.dataDir]);
    await waitPastSubscriptionStart(importedAt);
    await use({ world, serve, uiUrl: `${serve.url}#token=${serve.token}`, at });
    await attachServeLogOnFailure(serve, testInfo);
    await serve.stop('SIGTERM');
    await world.close();
  },
});

const digestsIn = (world: TestWorld, channel: string) =>
  world.slack.messagesIn(channel).filter((m) => m.text.startsWith('Review queue for'));

test('Digests: list, preview as it would post, add with a pattern (a refused path beside its field), edit, send now, remove', async ({
  page,
  digests,
}) => {
  const { world } = digests;
  await page.goto(digests.uiUrl);
  await openScreen(page, '#/digests');
  await expect(page.getByRole('heading', { name: 'Digests' })).toBeVisible();
  const general = page.getByRole('listitem', { name: 'Digest for #general' });
  await expect(general).toContainText(`Every day at ${digests.at} UTC`);
  await expect(general).toContainText(`Repositories: github:${REPO}`);
  await expectNoSeriousA11yViolations(page, 'digests');
  await screenshotBothThemes(page, 'digests');

  // Preview: the engine's Block Kit, readable (groups, titles, mentions by name), drafts left out.
  await page.getByRole('button', { name: 'Preview the digest for #general' }).click();
  const preview = page.getByRole('dialog', { name: '#general as it would post now' });
  const message = preview.getByRole('document', { name: 'Slack message preview' });
  await expect(message.getByRole('heading', { name: 'Review queue for #general' })).toBeVisible();
  await expect(message).toContainText('Waiting for review');
  await expect(message.getByRole('link', { name: `${REPO}#1` })).toHaveAttribute(
    'href',
    new RegExp(`/${REPO}/pull/1$`),
  );
  await expect(message).toContainText('Add the rate limiter');
  await expect(message).toContainText('@Alice Example');
  await expect(message).toContainText('Approved, not merged');
  await expect(message).not.toContainText('Half-done draft');
  await expect(preview).toContainText('1 repository');
  await preview.getByText('Block Kit JSON').click();
  await expect(preview.locator('pre')).toContainText('"type": "header"');
  await expectNoSeriousA11yViolations(page, 'digest preview');
  await screenshotBothThemes(page, 'digest-preview');
  await preview.getByRole('button', { name: 'Close' }).first().click();
  await expect(preview).toBeHidden();
  expect(digestsIn(world, 'general')).toEqual([]);

  // Add: a refused path comes back beside its field; a pattern is fine; the draft previews in the editor.
  await page.getByRole('button', { name: 'Add a digest' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add a digest' });
  await dialog.getByLabel('Channel').fill('ops-private');
  await dialog.getByLabel('Time', { exact: true }).fill('17:00');
  await dialog.getByLabel('Time zone').fill('Europe/Berlin');
  await dialog.getByLabel('Repositories').fill('nope:octo-org/api');
  await dialog.getByRole('button', { name: 'Add digest' }).click();
  await expect(dialog.getByText(/there is no account "nope"/)).toBeVisible();
  await dialog.getByLabel('Repositories').fill('github:octo-org/..');
  await dialog.getByRole('button', { name: 'Add digest' }).click();
  await expect(dialog.getByText(/github:octo-org\/\.\.: /)).toBeVisible();
  await dialog.getByLabel('Repositories').fill('github:octo-org/*');
  await dialog.getByLabel('Leave drafts out').uncheck();
  await dialog.getByRole('button', { name: 'Preview' }).click();
  await expect(dialog.getByRole('document', { name: 'Slack message preview' })).toContainText('Half-done draft');
  // A preview of an older form says so.
  const stale = dialog.getByText('The form changed since this preview');
  await dialog.getByLabel('Leave drafts out').check();
  await expect(stale).toBeVisible();
  await dialog.getByLabel('Leave drafts out').uncheck();
  await expect(stale).toBeHidden();
  await expectNoSeriousA11yViolations(page, 'digest editor');
  await screenshotBothThemes(page, 'digest-editor');
  await dialog.getByRole('button', { name: 'Add digest' }).click();
  await expect(dialog).toBeHidden();
  const ops = page.getByRole('listitem', { name: 'Digest for #ops-private' });
  await expect(ops).toContainText('Mon–Fri at 17:00 Europe/Berlin');
  await expect(ops).toContainText('Drafts listed');

  // Edit: stale after 3 working days, Saturdays too.
  await page.getByRole('button', { name: 'Edit the digest for #ops-private' }).click();
  const edit = page.getByRole('dialog', { name: 'Edit the digest for #ops-private' });
  await edit.getByLabel('Stale after (working days)').fill('3');
  await edit.getByLabel('Sat').check();
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(edit).toBeHidden();
  await expect(ops).toContainText('Stale after 3 working days');
  await expect(ops).toContainText('Mon, Tue, Wed, Thu, Fri, Sat at 17:00 Europe/Berlin');

  // The config file has what the screen shows.
  const exported = runCli(['export', '--data-dir', world.dataDir]);
  expect(JSON.parse(exported.stdout).digests).toEqual([
    expect.objectContaining({ channel: 'general', repos: [`github:${REPO}`] }),
    {
      channel: 'ops-private',
      at: '17:00',
      days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat'],
      timeZone: 'Europe/Berlin',
      repos: ['github:octo-org/*'],
      ignoreDrafts: false,
      staleAfterDays: 3,
    },
  ]);

  // Send now: the #general digest reaches Slack, once.
  await page.getByRole('button', { name: 'Send the digest for #general now' }).click();
  await expect(page.getByText('Posting the review queue for #general.')).toBeVisible();
  await expect.poll(() => digestsIn(world, 'general').length, { timeout: 15_000 }).toBe(1);
  expect(JSON.stringify(digestsIn(world, 'general')[0]?.blocks)).toContain('Add the rate limiter');

  // Remove asks first; Cancel keeps it.
  await page.getByRole('button', { name: 'Remove the digest for #ops-private' }).click();
  const confirm = page.getByRole('dialog', { name: 'Remove the digest for #ops-private?' });
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(ops).toBeVisible();
  await page.getByRole('button', { name: 'Remove the digest for #ops-private' }).click();
  await confirm.getByRole('button', { name: 'Remove' }).click();
  await expect(ops).toBeHidden();
  await expect(general).toBeVisible();
  expect(digestsIn(world, 'general').length).toBe(1);
});
