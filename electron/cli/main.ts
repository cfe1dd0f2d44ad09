import { parseArgs } from 'node:util';
import { favourSmallHeap } from '../core/runtime/memory-profile.js';
import { defaultDataDir } from '../core/settings/data-dir.js';
import { commandUsage, generalUsage, isCommand, versionLine } from './cli-help.js';
import { CliError } from './cli-error.js';
import { doctorCommand } from './doctor-command.js';
import { exportCommand } from './export-command.js';
import { importCommand } from './import-command.js';
import { relaunchWithMallocSettings } from './malloc-relaunch.js';
import { serveCommand } from './serve-command.js';

const out = (line: string): void => {
  process.stdout.write(`${line}\n`);
};
const err = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

const sameArguments = (a: string[], b: string[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    // `forgebell help serve` is `forgebell serve --help`.
    const topic = rest[0];
    if (command === 'help' && topic && isCommand(topic)) out(commandUsage(topic));
    else out(generalUsage());
    return command ? 0 : 2;
  }
  if (command === '--version' || command === '-v' || command === 'version') {
    out(versionLine());
    return 0;
  }
  if (!isCommand(command)) {
    err(`Unknown command "${command}".\n\n${generalUsage()}`);
    return 2;
  }
  const spec = {
    'data-dir': { type: 'string' as const },
    host: { type: 'string' as const },
    port: { type: 'string' as const },
    help: { type: 'boolean' as const, short: 'h' },
  };
  let parsed;
  try {
    parsed = parseArgs({ args: rest, options: spec, allowPositionals: true, strict: true });
  } catch (error) {
    err(`forgebell ${command}: ${(error as Error).message}\n\n${commandUsage(command)}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    out(commandUsage(command));
    return 0;
  }
  const dataDir = values['data-dir'] ?? defaultDataDir();
  const onlyFor = (allowed: string[]): void => {
    for (const flag of ['host', 'port'] as const) {
      if (values[flag] !== undefined && !allowed.includes(flag))
        throw new CliError(`forgebell ${command}: --${flag} is only for serve.`, 2);
    }
  };
  // Files the commands create are the owner's only (spec §8), whatever the shell's umask.
  if (command === 'serve' || command === 'import') process.umask(0o077);
  try {
    switch (command) {
      case 'serve': {
        if (positionals.length)
          throw new CliError(`forgebell serve takes no arguments (got ${positionals.join(' ')}).`, 2);
        const host = values.host ?? '127.0.0.1';
        const port = values.port === undefined ? 0 : Number(values.port);
        if (!Number.isInteger(port) || port < 0 || port > 65535)
          throw new CliError(`--port must be a number from 0 to 65535 (got ${values.port}).`, 2);
        // A long-running engine: glibc's malloc held to two arenas (malloc-relaunch.ts; this process is replaced
        // by one started with them, unless it was, or main was called with other arguments than the process's) and
        // its heap near what is alive (memory-profile.ts).
        if (sameArguments(argv, process.argv.slice(2))) relaunchWithMallocSettings();
        favourSmallHeap();
        if (!['127.0.0.1', 'localhost', '::1'].includes(host))
          err(`warning: --host ${host} exposes the UI beyond this machine; the session token is the only protection.`);
        return await serveCommand({ dataDir, host, port, out, err });
      }
      case 'import': {
        onlyFor([]);
        if (positionals.length !== 1) throw new CliError('Usage: forgebell import FILE [--data-dir DIR]', 2);
        importCommand(positionals[0]!, dataDir, out);
        return 0;
      }
      case 'export':
        onlyFor([]);
        if (positionals.length) throw new CliError('Usage: forgebell export [--data-dir DIR]', 2);
        exportCommand(dataDir, out, err);
        return 0;
      case 'doctor':
        onlyFor([]);
        if (positionals.length) throw new CliError('Usage: forgebell doctor [--data-dir DIR]', 2);
        return await doctorCommand(dataDir, out);
    }
  } catch (error) {
    if (error instanceof CliError) {
      err(error.message);
      return error.exitCode;
    }
    err(`forgebell ${command} failed: ${(error as Error).stack ?? String(error)}`);
    return 1;
  }
}

const invokedDirectly = process.argv[1] && /electron[\\/]cli[\\/]main\.[cm]?[jt]s$/.test(process.argv[1]);
if (invokedDirectly) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      err(String(error));
      process.exit(1);
    },
  );
}
