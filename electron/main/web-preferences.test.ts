import { describe, expect, it } from 'vitest';
import { secureWebPreferences } from './web-preferences.js';

describe('secureWebPreferences', () => {
  it('turns on every isolation Electron offers and never Node in the page', () => {
    const prefs = secureWebPreferences('/app/dist/preload/preload.cjs', { devTools: false, additionalArguments: ['--forgebell-test-hooks'] });
    expect(prefs).toMatchObject({
      preload: '/app/dist/preload/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      devTools: false,
      additionalArguments: ['--forgebell-test-hooks'],
    });
    expect(prefs).not.toHaveProperty('enableRemoteModule');
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
  });
});
