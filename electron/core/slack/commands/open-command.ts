import type { SettingsAccess } from '../../engine/settings-service.js';
import { resolveRepoReference } from '../../forges/repo-reference.js';
import type { Logger } from '../../runtime/logger.js';
import type { SlackWeb } from '../connection/slack-web.js';
import { newIssueView } from '../interactions/new-issue-modal.js';
import { type CommandReply, defineSlashCommand, ephemeral, invalid } from './command-types.js';
import { unwrapLink } from './command-tokens.js';

export interface OpenCommandPort {
  settings: Pick<SettingsAccess, 'current'>;
  slackWeb(): SlackWeb | null;
  logger: Logger;
}

/** `/forgebell open <repo>`: opens the new-issue form (paired users); the submission creates the issue. */
export const openCommand = defineSlashCommand({
  verb: 'open',
  access: 'paired',
  usage: (name) => `• \`${name} open <repo>\` — create an issue`,
  parse: ([first]) => (first ? { repo: unwrapLink(first) } : invalid('Say which repository: `open <repo>`.')),
  run: ({ repo }, call, port: OpenCommandPort): CommandReply => {
    const res = resolveRepoReference(repo, port.settings.current().accounts);
    if (!res.ok) return { ack: ephemeral(res.message) };
    return {
      ack: ephemeral(`Opening the new-issue form for ${res.repo}…`),
      later: async () => {
        const web = port.slackWeb();
        try {
          if (!web || !call.triggerId) throw new Error(!web ? 'no bot token' : 'no trigger_id');
          await web.openView(
            call.triggerId,
            newIssueView({ account: res.account.id, repo: res.repo, channel: call.channelId }),
          );
          return null;
        } catch (error) {
          port.logger.warn('views.open failed', { error });
          return ephemeral('Could not open the form (Slack needs the bot token with the commands scope). Try again.');
        }
      },
    };
  },
});
