import { type CommandReply, defineSlashCommand, ephemeral } from './command-types.js';

export interface SignoutCommandPort {
  signin: {
    /** Forgets the caller's token for one account (or all); returns the accounts signed out of. */
    signout(slack: string, accountId: string | null): Promise<string[]>;
  };
}

/** `/forgebell signout [<account-id>]`: forgets your own token for that account, or every one. Anyone, for themselves. */
export const signoutCommand = defineSlashCommand({
  verb: 'signout',
  access: 'anyone',
  usage: (name) => `• \`${name} signout [<account-id>]\` — forget your sign-in (one account, or all)`,
  parse: ([first]) => ({ account: first?.trim() ?? null }),
  run: ({ account }, call, port: SignoutCommandPort): CommandReply => ({
    ack: ephemeral(account ? `Signing you out of ${account}…` : 'Signing you out…'),
    later: async () => {
      const gone = await port.signin.signout(call.user, account);
      if (gone.length === 0)
        return ephemeral(account ? `You are not signed in to ${account}.` : 'You are not signed in anywhere.');
      return ephemeral(
        `Signed out of ${gone.join(', ')}: your token is forgotten and your inbox there is no longer read. Your login stays linked, so mentions and DMs from subscribed repositories continue; \`${call.name} me\` changes what you get.`,
      );
    },
  }),
});
