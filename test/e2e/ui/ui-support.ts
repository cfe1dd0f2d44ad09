import { AxeBuilder } from '@axe-core/playwright';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, type Page } from '@playwright/test';
import { REPO_ROOT } from '../../support/cli-process.js';

/** Screenshots of every screen end up here (git-ignored), for people to look at after a run. */
export const SCREENSHOT_DIR = join(REPO_ROOT, 'artifacts', 'ui');

/** Fails on serious or critical axe violations, listing each with an example node. */
export async function expectNoSeriousA11yViolations(page: Page, where: string): Promise<void> {
  const result = await new AxeBuilder({ page }).analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = bad.map((v) => `${v.id} (${v.impact}): ${v.help} — e.g. ${v.nodes[0]?.target.join(' ')}`).join('\n');
  expect(bad, `axe on ${where}:\n${report}`).toEqual([]);
}

/** Saves the page in light and dark (system theme emulated), then restores light. */
export async function screenshotBothThemes(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.waitForTimeout(150);
    await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}-${scheme}.png`) });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

/** Opens a screen by its hash route, once the app has shown its first screen (the token stays in sessionStorage). */
export async function openScreen(page: Page, route: string): Promise<void> {
  await page.locator('main h1').first().waitFor();
  await page.evaluate((hash) => {
    window.location.hash = hash;
  }, route);
}
