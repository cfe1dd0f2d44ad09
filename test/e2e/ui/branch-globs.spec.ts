import { REPO } from '../../support/world.js';
import { expect, test } from '../support/serve-fixture.js';
import { openScreen } from './ui-support.js';

/**
 * The subscription editor's branch globs mean in the engine what its help text says. Before one module decided both,
 * the editor accepted `v[0-9]*` and explained `[0-9]` as a class, while the engine escaped the brackets: the filter
 * never matched v1.2.
 */

const pushedTo = (messages: readonly unknown[], branch: string) =>
  messages.filter((m) => JSON.stringify(m).includes(`Commit 1 on ${branch}`)).length;

test('a character class saved in the editor selects the branches its help text promises', async ({
  page,
  forgebell,
}) => {
  const { world } = forgebell;
  await page.goto(forgebell.uiUrl);
  await openScreen(page, '#/subscriptions');
  await page.getByRole('button', { name: `Edit ${REPO}` }).click();
  const dialog = page.getByRole('dialog', { name: `Edit ${REPO}` });
  await dialog.getByRole('radio', { name: 'Names and globs' }).check();
  const globs = dialog.getByLabel(/one per line/);
  await expect(dialog.getByText(/\[0-9\] one character of a class/)).toBeVisible();

  // What the engine could not match is refused while typing, with what to change.
  await globs.fill('v[0-9');
  await expect(dialog.getByText(/unclosed "\[": close the character class/)).toBeVisible();
  await globs.fill('feature**');
  await expect(dialog.getByText(/write "\*\*" as a whole part/)).toBeVisible();

  await globs.fill('v[0-9]*');
  await expect(dialog.getByText('1 valid')).toBeVisible();
  await dialog.getByRole('button', { name: 'Save changes' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.locator('.sub-card')).toContainText('v[0-9]*');

  // Past the second the change was saved in (the fake stamps whole seconds).
  await page.waitForTimeout(1_100);
  world.github.push(REPO, 'vx', 1);
  world.github.push(REPO, 'v1/x', 1);
  world.github.push(REPO, 'v1.2', 1);
  await world.slack.waitFor(() => pushedTo(world.slack.messages, 'v1.2') === 1, 20_000);
  world.github.push(REPO, 'v2', 1);
  await world.slack.waitFor(() => pushedTo(world.slack.messages, 'v2') === 1, 20_000);
  // v2 was pushed last and arrived: the pushes before it were read, and the filter left them out.
  expect(pushedTo(world.slack.messages, 'vx')).toBe(0);
  expect(pushedTo(world.slack.messages, 'v1/x')).toBe(0);
});
