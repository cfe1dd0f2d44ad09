import type { ChannelDigest } from '../../../contract/vocabulary/people.js';
import { type CommandReply, defineSlashCommand, ephemeral, invalid } from './command-types.js';

export interface DigestCommandPort {
  digests: {
    /** The channel's `digests` entry (by name), or the defaults for its subscriptions. */
    digestFor(channel: string): ChannelDigest;
    /** Posts it now; returns a sentence for the caller. */
    postNow(digest: ChannelDigest, postTo?: string): Promise<string>;
  };
}

/**
 * `/forgebell digest` (docs/cli-and-config.md §5): anyone; posts this channel's review-queue digest now — its `digests`
 * entry, or the defaults for the repositories subscribed here. The ack at once; the digest goes through the outbox.
 */
export const digestCommand = defineSlashCommand({
  verb: 'digest',
  access: 'anyone',
  usage: (name) => `• \`${name} digest\` — post this channel's review queue now (waiting, changes requested, approved)`,
  parse: (words) => (words.length === 0 ? { here: true as const } : invalid('`digest` takes no arguments.')),
  run: (_args, call, port: DigestCommandPort): CommandReply => {
    const digest = port.digests.digestFor(call.channelName ?? call.channelId);
    return {
      ack: ephemeral('Reading the review queue for this channel…'),
      later: async () => ephemeral(await port.digests.postNow(digest, call.channelId)),
    };
  },
});
