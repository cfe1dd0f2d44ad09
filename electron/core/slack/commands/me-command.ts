import type { SettingsAccess } from '../../engine/settings-service.js';
import type { Logger } from '../../runtime/logger.js';
import type { SlackWeb } from '../connection/slack-web.js';
import { meView } from '../interactions/me-modal.js';
import { type CommandReply, defineSlashCommand, ephemeral } from './command-types.js';

export interface MeCommandPort {
  settings: Pick<SettingsAccess, 'current'>;
  slackWeb(): SlackWeb | null;
  logger: Logger;
}

/**
 * `/forgebell me`: opens a modal (views.open with the command's trigger_id, which Slack honours for 3 s) with the
 * caller's links, notify reasons, time zone and quiet hours; saving it is me-modal.ts. Anyone, for themselves.
 */
export const meCommand = defineSlashCommand({
  verb: 'me',
  access: 'anyone',
  usage: (name) => `• \`${name} me\` — your links, what you are notified about, time zone and quiet hours`,
  parse: () => ({}),
  run: (_args, call, port: MeCommandPort): CommandReply => ({
    ack: ephemeral('Opening your settings…'),
    later: async () => {
      const web = port.slackWeb();
      try {
        if (!web || !call.triggerId) throw new Error(!web ? 'no bot token' : 'no trigger_id');
        // The trigger is only good for 3 s: the view opens first; the profile's time zone is not waited for.
        await web.openView(call.triggerId, meView(call.user, port.settings.current(), null));
        return null;
      } catch (error) {
        port.logger.warn('views.open for /forgebell me failed', { error });
        return ephemeral(
          'Could not open your settings (Slack needs the bot token with the commands scope). Try again.',
        );
      }
    },
  }),
});
