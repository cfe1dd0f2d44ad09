import type { ApiHandlers } from '../../../contract/api.js';
import { ApiError } from '../../../contract/wire.js';
import type { Clock } from '../../runtime/clock.js';
import { configFileSchema, problemsOf } from '../../settings/config-schema.js';
import { applyConfigFile, formatImportSummary, toConfigFile } from '../../settings/config-transfer.js';
import type { SettingsAccess } from '../settings-service.js';

export interface ConfigHandlersPort {
  settings: SettingsAccess;
  clock: Clock;
}

/** `config.export` / `config.import`: the config file format, as `forgebell export` / `import` use it. */
export function configHandlers(port: ConfigHandlersPort): Pick<ApiHandlers, 'config.export' | 'config.import'> {
  return {
    'config.export': async () => ({ json: JSON.stringify(toConfigFile(port.settings.current()), null, 2) }),
    'config.import': async ({ json }) => {
      let raw: unknown;
      try {
        raw = JSON.parse(json);
      } catch (error) {
        throw new ApiError(
          'invalid_params',
          `The file is not valid JSON: ${(error as Error).message}. Nothing was changed.`,
        );
      }
      const parsed = configFileSchema.safeParse(raw);
      if (!parsed.success)
        throw new ApiError(
          'invalid_params',
          'The file is not a valid Forgebell config; nothing was changed.',
          problemsOf(parsed.error),
        );
      const applied = applyConfigFile(port.settings.current(), parsed.data, new Date(port.clock.now()));
      const { forgotten } = await port.settings.update(() => applied.settings, { fresh: applied.fresh });
      return { summary: formatImportSummary(applied.summary, 'Forgebell', [...applied.forgotten, ...forgotten]) };
    },
  };
}
