import type { View } from '@slack/types';
import type { SettingsAccess } from '../../engine/settings-service.js';
import type { ForgeAdapter } from '../../forges/forge-adapter.js';
import type { Logger } from '../../runtime/logger.js';
import type { SlackWeb } from '../connection/slack-web.js';
import { isCommandUser, type ViewSubmissionHandler } from './interaction-types.js';

export const OPEN_ISSUE_CALLBACK = 'forgebell_open_issue';

export interface NewIssueTarget {
  account: string;
  repo: string;
  channel: string;
}

/** The new-issue form `/forgebell open <repo>` opens; the target travels in private_metadata. */
export function newIssueView(meta: NewIssueTarget): View {
  return {
    type: 'modal',
    callback_id: OPEN_ISSUE_CALLBACK,
    private_metadata: JSON.stringify(meta),
    title: { type: 'plain_text', text: 'New issue' },
    submit: { type: 'plain_text', text: 'Create' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `In *${meta.repo.replace(/[&<>]/g, '')}*` } },
      {
        type: 'input',
        block_id: 'title',
        label: { type: 'plain_text', text: 'Title' },
        element: { type: 'plain_text_input', action_id: 'value', max_length: 250 },
      },
      {
        type: 'input',
        block_id: 'body',
        optional: true,
        label: { type: 'plain_text', text: 'Description' },
        element: { type: 'plain_text_input', action_id: 'value', multiline: true },
      },
    ],
  };
}

export interface NewIssueModalPort {
  settings: Pick<SettingsAccess, 'current'>;
  adapter(accountId: string): ForgeAdapter | undefined;
  slackWeb(): SlackWeb | null;
  logger: Logger;
}

/** Submitting the new-issue form: creates the issue with the account's token and says so in the channel. */
export const newIssueSubmission: ViewSubmissionHandler<NewIssueModalPort> = {
  callbackId: OPEN_ISSUE_CALLBACK,
  handle: (view, ctx, port) => ({
    later: async () => {
      let meta: NewIssueTarget;
      try {
        meta = JSON.parse(view.private_metadata ?? '') as NewIssueTarget;
      } catch {
        return;
      }
      if (!isCommandUser(port.settings, ctx.user)) return;
      const title = view.state?.values?.title?.value?.value ?? '';
      const description = view.state?.values?.body?.value?.value ?? '';
      const adapter = port.adapter(meta.account);
      if (!adapter || !title) return;
      try {
        const issue = await adapter.createIssue(meta.repo, title, description);
        await port
          .slackWeb()
          ?.postMessage(
            meta.channel,
            `<@${ctx.user}> created <${issue.url}|${meta.repo}#${issue.number}>: ${title.replace(/[&<>]/g, '')}`,
          );
      } catch (error) {
        port.logger.warn('creating an issue from Slack failed', { error });
      }
    },
  }),
};
