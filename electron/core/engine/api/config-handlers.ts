import type { ApiHandlers } from '../../../contract/api.js';
import { ApiError } from '../../../contract/wire.js';
import type { Clock } from '../../runtime/clock.js';
import { configFileSchema, problemsOf } from '../../settings/config-schema.js';
import { applyConfigFile, formatImportSummary, toConfigFile } from '../../settings/config-transfer.js';
import { describeJsonSyntaxError, withoutByteOrderMark } from '../../settings/json-syntax.js';
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
      const text = withoutByteOrderMark(json);
      try {
        raw = JSON.parse(text);
      } catch {
        // Never the parser's message: it quotes the text around the error, which can be part of a token.
        throw new ApiError(
          'invalid_params',
          `The file is not valid JSON: ${describeJsonSyntaxError(text)}. Nothing was changed.`,
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
