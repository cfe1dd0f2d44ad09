import type { SettingsAccess } from '../../engine/settings-service.js';
import { type CommandReply, defineSlashCommand, ephemeral } from './command-types.js';
import { describeSubscription } from './describe-subscription.js';

export interface ListCommandPort {
  settings: Pick<SettingsAccess, 'current'>;
}

/** `/forgebell list`: this channel's subscriptions (anyone may look). */
export const listCommand = defineSlashCommand({
  verb: 'list',
  access: 'anyone',
  usage: (name) => `• \`${name} list\` — this channel's subscriptions`,
  parse: () => ({}),
  run: (_args, call, port: ListCommandPort): CommandReply => {
    const settings = port.settings.current();
    const subs = settings.subscriptions.filter((s) =>
      [call.channelId, call.channelName].includes(s.channel ?? settings.slack.defaultChannel ?? ''),
    );
    return {
      ack: ephemeral(
        subs.length
          ? `*Subscriptions in this channel*\n${subs.map(describeSubscription).join('\n')}`
          : `This channel has no subscriptions. Try \`${call.name} subscribe owner/repo\`.`,
      ),
    };
  },
});
