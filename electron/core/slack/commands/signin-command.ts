import type { SettingsAccess } from '../../engine/settings-service.js';
import { type CommandReply, defineSlashCommand, ephemeral } from './command-types.js';

export interface SigninCommandPort {
  settings: Pick<SettingsAccess, 'current'>;
  signin: {
    /** Starts the device flow and DMs the code; throws an Error whose message says what to do. */
    start(slack: string, accountId: string): Promise<{ account: string; expiresAt: number }>;
  };
}

/**
 * `/forgebell signin <account-id>` (docs/cli-and-config.md §4): anyone in the workspace links their forge identity.
 * The ack comes at once; the code travels only by DM (signin-service.ts), never in the channel or this reply.
 */
export const signinCommand = defineSlashCommand({
  verb: 'signin',
  access: 'anyone',
  usage: (name) => `• \`${name} signin <account-id>\` — link your forge identity (the code comes by DM)`,
  parse: ([first]) => ({ account: first?.trim() ?? null }),
  run: ({ account }, call, port: SigninCommandPort): CommandReply => {
    const accounts = port.settings.current().accounts;
    const target = account ?? (accounts.length === 1 ? (accounts[0]?.id ?? null) : null);
    if (!target)
      return {
        ack: ephemeral(
          `Say which account to sign in to: \`${call.name} signin <account-id>\`. Accounts: ${accounts.map((a) => `\`${a.id}\``).join(', ') || 'none yet'}.`,
        ),
      };
    return {
      ack: ephemeral(`Starting your sign-in to ${target}… the code comes to you by DM.`),
      later: async () => {
        try {
          await port.signin.start(call.user, target);
          return ephemeral(
            `I sent you a DM with the code for ${target}. Enter it on the page it links; I will DM you when you are signed in.`,
          );
        } catch (error) {
          return ephemeral(error instanceof Error ? error.message : String(error));
        }
      },
    };
  },
});
