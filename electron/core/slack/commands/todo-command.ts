import type { SlackMessage } from '../format/block-types.js';
import { type CommandReply, defineSlashCommand, ephemeral, invalid } from './command-types.js';

export interface TodoCommandPort {
  todo: {
    /** The caller's list, formatted; null when the caller is not a person (linked on no account). */
    forSlackUser(slack: string): Promise<SlackMessage | null>;
  };
}

/**
 * `/forgebell todo` (docs/cli-and-config.md §5): anyone, for themselves. The ack comes at once; the list (reviews asked
 * of you, your open pull/merge requests, issues assigned to you) answers through `response_url`, seen only by you.
 */
export const todoCommand = defineSlashCommand({
  verb: 'todo',
  access: 'anyone',
  usage: (name) =>
    `• \`${name} todo\` — what waits for you: reviews asked of you, your open pull/merge requests, your issues`,
  parse: (words) => (words.length === 0 ? { self: true as const } : invalid('`todo` takes no arguments.')),
  run: (_args, call, port: TodoCommandPort): CommandReply => ({
    ack: ephemeral('Looking at your review queue…'),
    later: async () => {
      const message = await port.todo.forSlackUser(call.user);
      if (!message)
        return ephemeral(
          `You are not linked to a forge login yet, so I cannot tell what waits for you. Link yourself with \`${call.name} signin <account-id>\`, or ask the person who runs Forgebell to add you on the People screen.`,
        );
      return { response_type: 'ephemeral', text: message.text, blocks: message.blocks };
    },
  }),
});
