import { defineConfig } from '@playwright/test';

/**
 * Electron end-to-end tests (Playwright `_electron`). They skip, with the reason printed, where no
 * Electron binary exists. On a machine with internet, from the project root:
 *
 *   node node_modules/electron/install.js          # fetch the Electron binary once
 *   npx electron-builder install-app-deps          # build better-sqlite3 for Electron's ABI
 *   npm run build && npx playwright test -c test/e2e/electron/playwright.config.ts
 *   npm rebuild better-sqlite3                     # back to Node's ABI for the unit tests
 *
 * On Linux without a display, prefix the test command with `xvfb-run -a`.
 */
export default defineConfig({
  testDir: '.',
  testMatch: ['**/*.spec.ts'],
  globalSetup: './global-setup.ts',
  outputDir: '../../../test-results/e2e-electron',
  timeout: 90_000,
  expect: { timeout: 15_000 },
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: { trace: 'retain-on-failure', screenshot: 'only-on-failure' },
});
