import type { WebPreferences } from 'electron';

/**
 * Hardened webPreferences for our only window (Electron security checklist): isolated, sandboxed,
 * no Node in the page, web security on, no webviews, no experimental features.
 */
export function secureWebPreferences(preloadPath: string, options: { devTools: boolean; additionalArguments?: string[] }): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: false,
    devTools: options.devTools,
    additionalArguments: options.additionalArguments ?? [],
  };
}
