import { dialog } from 'electron';
import type { WeakStoragePolicy } from './safe-storage-cipher.js';

export const WEAK_STORAGE_WARNING = {
  title: 'No keyring available',
  message: 'Forgebell cannot find a keyring (such as GNOME Keyring or KWallet) to protect your tokens.',
  detail:
    'Without a keyring, Electron encrypts secrets with a key that is built into the app, so anyone who can read your files ' +
    'could recover your Slack and forge tokens. Start or install a keyring and try again for proper protection.\n\n' +
    'Store tokens with this weaker protection anyway? You will not be asked again on this computer.',
  buttons: ["Don't save", 'Store with weaker protection'],
};

/**
 * The user's answer to the weak-keyring warning, asked in a blocking dialog at the moment a secret
 * is saved (the Cipher interface is synchronous) and remembered once accepted. With test hooks on,
 * FORGEBELL_TEST_WEAK_STORAGE=accept|decline answers instead, so e2e runs on keyring-less CI.
 */
export function weakStoragePolicy(options: {
  accepted: () => boolean;
  remember: () => void;
  testAnswer: 'accept' | 'decline' | null;
}): WeakStoragePolicy {
  return {
    isAccepted: options.accepted,
    ask(): boolean {
      let accepted: boolean;
      if (options.testAnswer) {
        accepted = options.testAnswer === 'accept';
      } else {
        const choice = dialog.showMessageBoxSync({
          type: 'warning',
          title: WEAK_STORAGE_WARNING.title,
          message: WEAK_STORAGE_WARNING.message,
          detail: WEAK_STORAGE_WARNING.detail,
          buttons: WEAK_STORAGE_WARNING.buttons,
          defaultId: 0,
          cancelId: 0,
          noLink: true,
        });
        accepted = choice === 1;
      }
      if (accepted) options.remember();
      return accepted;
    },
  };
}
