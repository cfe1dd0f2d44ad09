import { dialog, safeStorage } from 'electron';
import type { Logger } from '../../core/runtime/logger.js';
import type { Cipher } from '../../core/settings/cipher.js';
import type { SettingsStore } from '../../core/settings/settings-store.js';
import { type DocumentBackend, openDocumentFile, STORE_OPTIONS } from './document-file.js';
import { createSafeStorageCipher } from './safe-storage-cipher.js';
import { ShellPrefs } from './shell-prefs.js';
import { weakStoragePolicy } from './weak-storage-dialog.js';

export interface DesktopStores {
  prefs: ShellPrefs;
  settings: SettingsStore;
  cipher: Cipher;
}

/**
 * The app's files in userData: settings.json (the engine's settings, shared with the CLI; secrets
 * are safeStorage ciphertext) and desktop-shell.json (window, keyring answer, shortcut).
 */
export async function openDesktopStores(
  userData: string,
  options: { env: NodeJS.ProcessEnv; testHooks: boolean; logger: Logger },
): Promise<DesktopStores> {
  // electron-store is ESM-only; import() loads it from the CommonJS bundle.
  const { default: ElectronStore } = await import('electron-store');
  const backend = (name: string) => (): DocumentBackend => {
    const store = new ElectronStore<{ document?: unknown }>({ name, cwd: userData, ...STORE_OPTIONS });
    return { get: () => store.get('document'), set: (document) => store.set('document', document) };
  };
  const prefs = new ShellPrefs(openDocumentFile(userData, 'desktop-shell', backend('desktop-shell')).store);
  const settingsFile = openDocumentFile(userData, 'settings', backend('settings'));
  if (settingsFile.movedAside) {
    const detail = `The settings file was corrupted; it was moved aside to ${settingsFile.movedAside} and Forgebell started with empty settings. Connect again, or restore that file while Forgebell is not running.`;
    options.logger.warn(detail);
    void dialog.showMessageBox({
      type: 'warning',
      title: 'Forgebell',
      message: 'Your settings could not be read',
      detail,
    });
  }
  const weakAnswer = options.testHooks ? options.env.FORGEBELL_TEST_WEAK_STORAGE : undefined;
  const cipher = createSafeStorageCipher(
    safeStorage,
    weakStoragePolicy({
      accepted: () => prefs.get().weakStorageAccepted,
      remember: () => prefs.update({ weakStorageAccepted: true }),
      testAnswer: weakAnswer === 'accept' || weakAnswer === 'decline' ? weakAnswer : null,
    }),
    process.platform,
  );
  return { prefs, settings: settingsFile.store, cipher };
}
