import { EVENT_NAMES } from '../../../contract/vocabulary/event-names.js';
import type { SettingsAccess } from '../../engine/settings-service.js';
import type { Logger } from '../../runtime/logger.js';
import {
  type CommandCall,
  type CommandReply,
  ephemeral,
  type Invalid,
  type SlashCommandPayload,
} from './command-types.js';
import { tokenize } from './command-tokens.js';
import { closeCommand, reopenCommand } from './item-state-commands.js';
import { linkCommand } from './link-command.js';
import { listCommand } from './list-command.js';
import { meCommand } from './me-command.js';
import { openCommand } from './open-command.js';
import { signinCommand } from './signin-command.js';
import { signoutCommand } from './signout-command.js';
import { subscribeCommand } from './subscribe-command.js';
import { todoCommand } from './todo-command.js';
import { digestCommand } from './digest-command.js';
import { unsubscribeCommand } from './unsubscribe-command.js';

/** Every verb of `/forgebell` (docs/cli-and-config.md §3), in the order the help lists them. A new verb: its file, and one line here. */
export const SLASH_COMMANDS = [
  subscribeCommand,
  unsubscribeCommand,
  listCommand,
  openCommand,
  closeCommand,
  reopenCommand,
  linkCommand,
  signinCommand,
  signoutCommand,
  meCommand,
  todoCommand,
  digestCommand,
] as const;

type Registered = (typeof SLASH_COMMANDS)[number];
type PortOf<C> = C extends { handle(words: never, call: never, port: infer P, refuse: never): unknown } ? P : never;
type UnionToIntersection<U> = (U extends unknown ? (k: U) => void : never) extends (k: infer I) => void ? I : never;

/** What the engine provides to run every command: the intersection of the commands' own narrow ports. */
export type SlashCommandPorts = UnionToIntersection<PortOf<Registered>> & {
  settings: Pick<SettingsAccess, 'current'>;
  logger: Logger;
};

/** A parsed command, as the grammar tests see it. */
export type ParsedCommand =
  Exclude<ReturnType<Registered['parse']>, Invalid> | { verb: 'help' } | { verb: 'invalid'; message: string };

/** The help text: every command's line, then the shared vocabulary. */
export function usage(command: string): string {
  return [
    `*${command} usage*`,
    ...SLASH_COMMANDS.map((c) => c.usage(command)).filter((line) => line !== ''),
    '`<repo>` is `owner/name`, a web URL, or `<account-id>:<path>`.',
    `Events: ${EVENT_NAMES.join(', ')}.`,
  ].join('\n');
}

function splitVerb(text: string): { verb: string; words: string[] } {
  const words = tokenize(text.trim());
  return { verb: (words.shift() ?? 'help').toLowerCase(), words };
}

/** The slash-command grammar of docs/cli-and-config.md §3, without running anything. */
export function parseCommand(text: string): ParsedCommand {
  const { verb, words } = splitVerb(text);
  if (verb === 'help') return { verb: 'help' };
  const command = SLASH_COMMANDS.find((c) => c.verb === verb);
  if (!command) return { verb: 'invalid', message: `Unknown command "${verb}".` };
  const parsed = command.parse(words);
  return 'invalid' in parsed ? { verb: 'invalid', message: parsed.invalid } : parsed;
}

/**
 * Runs one slash command: finds its verb, parses its words, refuses users who are not paired for verbs that act with
 * Forgebell's credentials, and returns the ack (plus any slow work for `response_url`). Every reply is built fast.
 */
export async function runSlashCommand(ports: SlashCommandPorts, payload: SlashCommandPayload): Promise<CommandReply> {
  const name = payload.command || '/forgebell';
  const { verb, words } = splitVerb(payload.text);
  const withUsage = (message: string): CommandReply => ({ ack: ephemeral(`${message}\n\n${usage(name)}`) });
  if (verb === 'help') return { ack: ephemeral(usage(name)) };
  const command = SLASH_COMMANDS.find((c) => c.verb === verb);
  if (!command) return withUsage(`Unknown command "${verb}".`);
  const call: CommandCall = {
    name,
    user: payload.user_id,
    channelId: payload.channel_id,
    ...(payload.channel_name !== undefined ? { channelName: payload.channel_name } : {}),
    ...(payload.trigger_id !== undefined ? { triggerId: payload.trigger_id } : {}),
  };
  const refuse = (access: 'anyone' | 'paired', what: string): CommandReply | null =>
    access === 'paired' && !ports.settings.current().slack.commandUsers.includes(call.user)
      ? {
          ack: ephemeral(
            `Sorry, you are not allowed to ${what} with Forgebell's credentials. Ask the person who runs Forgebell to add you, or pair your user from the app (\`${name} link <code>\`).`,
          ),
        }
      : null;
  const reply: CommandReply | Invalid = await command.handle(words, call, ports, refuse);
  return 'invalid' in reply ? withUsage(reply.invalid) : reply;
}
