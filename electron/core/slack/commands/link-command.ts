import { type CommandReply, defineSlashCommand, ephemeral, invalid } from './command-types.js';
import { unwrapLink } from './command-tokens.js';

/** How a pairing attempt ended. */
export type PairingOutcome =
  { ok: true } | { ok: false; reason: 'unknown' | 'locked' } | { ok: false; reason: 'save_failed'; message: string };

export interface LinkCommandPort {
  pairing: {
    /** Checks the code (wrong ones are counted), saves the user as paired, and only then reports success. */
    complete(code: string, userId: string): Promise<PairingOutcome>;
  };
}

/** `/forgebell link CODE`: pairs this Slack user with the Forgebell app (anyone may try a code). */
export const linkCommand = defineSlashCommand({
  verb: 'link',
  access: 'anyone',
  usage: (name) => `• \`${name} link <code>\` — pair your Slack user with the Forgebell app`,
  parse: ([first]) =>
    first
      ? { code: unwrapLink(first).toUpperCase() }
      : invalid('Give the code the Forgebell app shows: `link <code>`.'),
  run: async ({ code }, call, port: LinkCommandPort): Promise<CommandReply> => {
    const outcome = await port.pairing.complete(code, call.user);
    if (outcome.ok)
      return { ack: ephemeral(`Paired: <@${call.user}> can now run ${call.name} commands for this Forgebell.`) };
    switch (outcome.reason) {
      case 'save_failed':
        return {
          ack: ephemeral(
            `The code is right, but Forgebell could not save the pairing (${outcome.message}). You are not paired yet; try the same code again once the problem shown in the app is fixed.`,
          ),
        };
      case 'locked':
        return {
          ack: ephemeral(
            'That code is no longer valid: too many wrong codes were tried. Get a fresh one in the Forgebell app.',
          ),
        };
      default:
        return {
          ack: ephemeral(
            'That code is unknown or expired (codes are valid for 10 minutes). Get a fresh one in the Forgebell app.',
          ),
        };
    }
  },
});
