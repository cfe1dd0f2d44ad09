/**
 * What `forgebell --help`, `forgebell <command> --help` and `--version` print: the general usage, and for each command
 * just its own line and what its options mean (so `serve --help` answers a question about serve).
 */
import packageJson from '../../package.json' with { type: 'json' };
import { defaultDataDir } from '../core/settings/data-dir.js';

export const COMMANDS = ['serve', 'import', 'export', 'doctor'] as const;
export type CommandName = (typeof COMMANDS)[number];

export function isCommand(name: string): name is CommandName {
  return (COMMANDS as readonly string[]).includes(name);
}

/** `forgebell 0.1.0`: the version of this build. */
export function versionLine(): string {
  return `forgebell ${packageJson.version}`;
}

const dataDirLine = (): string =>
  `  --data-dir DIR   where Forgebell keeps its state (default ${defaultDataDir()}, shared with the desktop app)`;

export function generalUsage(): string {
  return `Usage: forgebell <command> [options]

Commands:
  serve  [--data-dir DIR] [--host 127.0.0.1] [--port N]   run the engine headless with the UI on a loopback port
  import FILE [--data-dir DIR]                            load a config file (JSON, version 1); secrets are encrypted
  export [--data-dir DIR]                                 print the config with every secret replaced by null
  doctor [--data-dir DIR]                                 check every connection; exit 0 when all pass

Options:
  -h, --help       this help; forgebell <command> --help for one command
  -v, --version    print the version

--data-dir defaults to ${defaultDataDir()} (shared with the desktop app).
Headless secrets use FORGEBELL_SECRET_KEY when set, else a random key file in the data dir.`;
}

/** The help of one command. */
export function commandUsage(command: CommandName): string {
  switch (command) {
    case 'serve':
      return `Usage: forgebell serve [--data-dir DIR] [--host 127.0.0.1] [--port N]

Runs the engine headless (Slack Socket Mode, forge polling, delivery) and serves the same UI as the desktop app.
Prints one line "Forgebell UI: http://HOST:PORT/#token=…" when ready; stops cleanly on Ctrl-C (SIGINT) or SIGTERM.

Options:
${dataDirLine()}
  --host HOST      the address the UI listens on (default 127.0.0.1; anything else exposes it beyond this machine)
  --port N         the UI's port, 0 to 65535 (default 0: a free port)

Secrets use FORGEBELL_SECRET_KEY when set, else a random key file in the data dir (created on first use).
Only one engine runs on a data dir at a time.`;
    case 'import':
      return `Usage: forgebell import FILE [--data-dir DIR]

Loads a config file (JSON, version 1): accounts, subscriptions and settings. Secrets are encrypted before they touch
disk. Importing the same file twice leaves the same state. An invalid file changes nothing: every problem is listed
with its JSON path and the exit code is 2.

Options:
${dataDirLine()}`;
    case 'export':
      return `Usage: forgebell export [--data-dir DIR]

Prints the current config as JSON in the import format, with every secret replaced by null. Only reads: safe beside a
running engine.

Options:
${dataDirLine()}`;
    case 'doctor':
      return `Usage: forgebell doctor [--data-dir DIR]

Checks every connection (Slack token and scopes, Socket Mode, each forge account: DNS, TCP, TLS, auth, scopes) and
prints one line per check with the cause and the fix. Exit 0 when all pass, 1 otherwise. Only reads.

Options:
${dataDirLine()}`;
  }
}
