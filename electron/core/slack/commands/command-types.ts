import type { Block } from '../format/block-types.js';

/** The slash-command payload Slack sends over Socket Mode (the fields Forgebell reads). */
export interface SlashCommandPayload {
  command: string;
  text: string;
  user_id: string;
  channel_id: string;
  channel_name?: string;
  response_url?: string;
  trigger_id?: string;
}

export interface CommandAnswer {
  response_type: 'ephemeral' | 'in_channel';
  text: string;
  /** Block Kit for answers through `response_url` (the text is then the fallback). */
  blocks?: Block[];
}

export interface CommandReply {
  /** The ack payload: shown at once (Slack wants the ack within 3 s). */
  ack: CommandAnswer;
  /** Slow work (forge calls, modals) that answers later through response_url; null: nothing more to say. */
  later?: () => Promise<CommandAnswer | null>;
}

/** Who ran the command, and where. */
export interface CommandCall {
  /** The command as the user typed it (`/forgebell`, or the name the manifest gave). */
  name: string;
  user: string;
  channelId: string;
  channelName?: string;
  triggerId?: string;
}

export type Invalid = { invalid: string };

/**
 * One verb of `/forgebell`: its grammar, its help line, who may run it, and what it does with the narrow port it
 * declares. A new verb is one file exporting a `defineSlashCommand(…)` and one line in command-registry.ts.
 */
export interface SlashCommandDefinition<V extends string, A extends object, P> {
  verb: V;
  /** `paired`: only users in slack.commandUsers (it acts with the configured forge credentials or changes subscriptions). */
  access: 'anyone' | 'paired';
  /** One help line, e.g. `• \`/forgebell list\` — this channel's subscriptions`. */
  usage(name: string): string;
  /** The words after the verb (Slack's <link> wrapping still on); an `invalid` answer is shown with the usage. */
  parse(words: readonly string[]): A | Invalid;
  /** Must not wait on the network before returning the ack: slow work goes in `later`. `invalid`: shown with the usage. */
  run(args: A, call: CommandCall, port: P): CommandReply | Invalid | Promise<CommandReply | Invalid>;
}

/** The registry's view of a command: parse and run in one step, so the registry needs no per-verb types. */
export interface SlashCommand<V extends string, A extends object, P> {
  readonly verb: V;
  readonly access: 'anyone' | 'paired';
  usage(name: string): string;
  parse(words: readonly string[]): ({ verb: V } & A) | Invalid;
  handle(
    words: readonly string[],
    call: CommandCall,
    port: P,
    refuse: (access: 'anyone' | 'paired', verb: V) => CommandReply | null,
  ): Promise<CommandReply | Invalid>;
}

export const ephemeral = (text: string): CommandAnswer => ({ response_type: 'ephemeral', text });

/** A parse or run problem, shown with the usage (a function, so TypeScript keeps it apart from the parsed words). */
export const invalid = (message: string): Invalid => ({ invalid: message });

export function defineSlashCommand<V extends string, A extends object, P>(
  def: SlashCommandDefinition<V, A, P>,
): SlashCommand<V, A, P> {
  return {
    verb: def.verb,
    access: def.access,
    usage: def.usage,
    parse: (words) => {
      const args = def.parse(words);
      return 'invalid' in args ? args : { verb: def.verb, ...args };
    },
    handle: async (words, call, port, refuse) => {
      const args = def.parse(words);
      if ('invalid' in args) return args;
      return refuse(def.access, def.verb) ?? (await def.run(args, call, port));
    },
  };
}
