import type { ApiHandlers } from '../../../contract/api.js';
import { ApiError } from '../../../contract/wire.js';
import type { Clock } from '../../runtime/clock.js';
import { readConfigText } from '../../settings/config-problems.js';
import type { ConfigFile } from '../../settings/config-schema.js';
import { applyConfigFile, formatImportSummary, planImport, toConfigFile } from '../../settings/config-transfer.js';
import type { SettingsAccess } from '../settings-service.js';

export interface ConfigHandlersPort {
  settings: SettingsAccess;
  clock: Clock;
}

/** The file read as `forgebell import` reads it: invalid → every problem (path and rule), nothing changed. */
function readOrRefuse(json: string): ConfigFile {
  const reading = readConfigText(json, 'The file');
  if (reading.ok) return reading.config;
  // A syntax error is one sentence (line, column, reason); schema problems are listed by path.
  const syntax = reading.problems.length === 1 && reading.problems[0]?.path === '(root)';
  throw new ApiError('invalid_params', reading.summary, syntax ? undefined : reading.problems);
}

/** `config.export` / `config.preview` / `config.import`: the config file format, as `forgebell export` / `import` use it. */
export function configHandlers(
  port: ConfigHandlersPort,
): Pick<ApiHandlers, 'config.export' | 'config.preview' | 'config.import'> {
  return {
    'config.export': async () => ({ json: JSON.stringify(toConfigFile(port.settings.current()), null, 2) }),
    'config.preview': async ({ json }) =>
      planImport(port.settings.current(), readOrRefuse(json), new Date(port.clock.now())),
    'config.import': async ({ json }) => {
      const config = readOrRefuse(json);
      const applied = applyConfigFile(port.settings.current(), config, new Date(port.clock.now()));
      const { forgotten } = await port.settings.update(() => applied.settings, { fresh: applied.fresh });
      return { summary: formatImportSummary(applied.summary, 'Forgebell', [...applied.forgotten, ...forgotten]) };
    },
  };
}
