import { defineConfig } from '@playwright/test';

/** Browser end-to-end tests: Debian's Chromium against `forgebell serve` wired to the fakes. */
export default defineConfig({
  testDir: '.',
  testMatch: ['ui/**/*.spec.ts', 'serve/**/*.spec.ts'],
  outputDir: '../../test-results/e2e',
  timeout: 60_000,
  workers: 1,
  retries: 0,
  reporter: [['list'], ['./support/summary-reporter.ts']],
  use: {
    browserName: 'chromium',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
    screenshot: 'only-on-failure',
    trace: 'off',
  },
});
