import { toConfigFile } from '../core/settings/config-transfer.js';
import { CliError } from './cli-error.js';
import { openHeadless, requireForgebellData } from './headless-context.js';

/**
 * Prints the current config with every secret replaced by null. Read-only (never creates a file): safe beside a
 * running engine. On stderr it names the stored secrets this machine cannot open (another key, the desktop app's
 * keychain), so an export taken to move a setup says what will have to be entered again.
 */
export function exportCommand(dataDir: string, out: (text: string) => void, err: (line: string) => void): void {
  requireForgebellData(dataDir, 'export', 'folder');
  const ctx = openHeadless(dataDir, { createKey: false });
  try {
    out(JSON.stringify(toConfigFile(ctx.repo.loadWithoutSecrets()), null, 2));
  } catch (error) {
    throw new CliError(`Cannot read the settings in ${dataDir}: ${(error as Error).message}`, 1);
  }
  try {
    ctx.repo.load();
    for (const secret of ctx.repo.unreadable()) err(`note: ${secret.message}`);
  } catch (error) {
    err(`note: the stored secrets could not be checked: ${(error as Error).message}`);
  }
}
