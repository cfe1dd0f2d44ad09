import { toConfigFile } from '../core/settings/config-transfer.js';
import { CliError } from './cli-error.js';
import { openHeadless } from './headless-context.js';

/** Prints the current config with every secret replaced by null. Read-only: safe beside a running engine. */
export function exportCommand(dataDir: string, out: (text: string) => void): void {
  const ctx = openHeadless(dataDir, { createKey: false });
  try {
    out(JSON.stringify(toConfigFile(ctx.repo.loadWithoutSecrets()), null, 2));
  } catch (error) {
    throw new CliError(`Cannot read the settings in ${dataDir}: ${(error as Error).message}`, 1);
  }
}
