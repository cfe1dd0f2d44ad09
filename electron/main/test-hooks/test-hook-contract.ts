/**
 * Test-only hook, enabled by FORGEBELL_TEST_HOOKS=1: lets Playwright read and click the tray menu,
 * which it cannot reach natively. Main registers the channel only when enabled and passes
 * TEST_HOOK_ARG to the renderer, so the preload exposes `window.forgebellTest` only then.
 */
export const TEST_HOOK_CHANNEL = 'forgebell:test-hook';
export const TEST_HOOK_ARG = '--forgebell-test-hooks';

export function testHooksEnabled(env: NodeJS.ProcessEnv): boolean {
  return env.FORGEBELL_TEST_HOOKS === '1';
}
