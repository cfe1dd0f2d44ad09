import { ApiError } from '../../../contract/wire.js';
import { configFileSchema, problemsOf } from '../../settings/config-schema.js';
import { toConfigFile } from '../../settings/config-transfer.js';
import type { Settings } from '../../settings/settings-model.js';

/** Refuses a change that would leave settings the config file format rejects (with the JSON paths). */
export function validateSettings(next: Settings): void {
  const check = configFileSchema.safeParse({ ...toConfigFile(next), slack: next.slack, accounts: next.accounts });
  if (!check.success)
    throw new ApiError('invalid_params', 'The change would make the configuration invalid.', problemsOf(check.error));
}
