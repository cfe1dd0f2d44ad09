/**
 * Test-only hook, enabled by FORGEBELL_TEST_HOOKS=1 in an unpackaged build only: lets Playwright read and click the tray menu,
 * which it cannot reach natively. Main registers the channel only when enabled and passes
 * TEST_HOOK_ARG to the renderer, so the preload exposes `window.forgebellTest` only then.
 */
export const TEST_HOOK_CHANNEL = 'forgebell:test-hook';
export const TEST_HOOK_ARG = '--forgebell-test-hooks';

/**
 * Whether the test hooks (this channel, FORGEBELL_TEST_WEAK_STORAGE's answer to the weak-keyring question) are on.
 * Never in a packaged build (`app.isPackaged`): an installed app ignores the variables, whoever sets them.
 */
export function testHooksEnabled(env: NodeJS.ProcessEnv, isPackaged: boolean): boolean {
  return !isPackaged && env.FORGEBELL_TEST_HOOKS === '1';
}
