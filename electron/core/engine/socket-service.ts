import { type Logger as SlackLogger, LogLevel } from '@slack/logger';
import { SocketModeClient } from '@slack/socket-mode';
import type { WebAPICallResult } from '@slack/web-api';
import { fetch as undiciFetch } from 'undici';
import { resolveRepoReference } from '../forges/repo-reference.js';
import type { Logger } from '../runtime/logger.js';
import { createWebClient } from '../slack/connection/slack-client.js';
import { ACTION_CLOSE, ACTION_REOPEN } from '../slack/format/buttons.js';
import { formatUnfurl } from '../slack/format/format-unfurl.js';
import { handleCommand, type SlashCommand } from './command-handler.js';
import type { Engine } from './engine.js';
import { Pairing } from './pairing.js';

const OPEN_ISSUE_CALLBACK = 'forgebell_open_issue';
const UNRECOVERABLE = [
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'team_disabled',
  'token_revoked',
  'not_allowed_token_type',
];

function slackLogger(logger: Logger): SlackLogger {
  let level = LogLevel.WARN;
  return {
    debug: () => {},
    info: () => {},
    warn: (...msg: unknown[]) => logger.warn(`socket mode: ${msg.map(String).join(' ')}`),
    error: (...msg: unknown[]) => logger.warn(`socket mode: ${msg.map(String).join(' ')}`),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}

interface AckArgs {
  ack: (response?: Record<string, unknown>) => Promise<void>;
  body: Record<string, unknown>;
  event?: Record<string, unknown>;
}

/**
 * The Socket Mode connection: explicit states pushed to the UI and tray, slash commands acked at once
 * (slow work answers through response_url), buttons, the new-issue modal and link previews.
 */
export class SocketService {
  readonly pairing: Pairing;
  private client: SocketModeClient | null = null;

  constructor(private readonly engine: Engine) {
    this.pairing = new Pairing(
      () => engine.clock.now(),
      (userId) => {
        void engine.updateSettings((s) => {
          if (!s.slack.commandUsers.includes(userId)) s.slack.commandUsers.push(userId);
          return s;
        });
        engine.logger.info(`paired Slack user ${userId}`);
        engine.push('pairing.paired', { userId });
      },
    );
  }

  async configure(): Promise<void> {
    await this.stop();
    const { appToken, apiUrl } = this.engine.settings.slack;
    if (!appToken) {
      this.engine.setSocketState('disabled', null);
      return;
    }
    const dispatcher = this.engine.slackDispatcher();
    const client = new SocketModeClient({
      appToken,
      clientOptions: {
        slackApiUrl: apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/`,
        retryConfig: { retries: 5, factor: 2, maxTimeout: 30_000 },
      },
      logger: slackLogger(this.engine.logger),
      ...(dispatcher ? { dispatcher } : {}),
    });
    this.client = client;
    client.on('connecting', () => this.engine.setSocketState('connecting', null));
    client.on('connected', () => this.engine.setSocketState('connected', null));
    client.on('reconnecting', () => this.engine.setSocketState('reconnecting', null));
    client.on('slash_commands', (args: AckArgs) => void this.onSlashCommand(args));
    client.on('interactive', (args: AckArgs) => void this.onInteractive(args));
    client.on('link_shared', (args: AckArgs) => void this.onLinkShared(args));
    client.on('app_mention', (args: AckArgs) => void args.ack().catch(() => undefined));
    client.start().catch((error: unknown) => {
      const code = (error as { data?: { error?: string } }).data?.error;
      const message =
        code && UNRECOVERABLE.includes(code)
          ? `Slack refused the app-level token (${code}). Generate a new xapp- token with connections:write.`
          : `Socket Mode failed: ${(error as Error).message}`;
      this.engine.setSocketState('failed', message);
      this.engine.logger.error(message);
      if (this.client === client) void client.disconnect().catch(() => undefined);
    });
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = null;
    if (client) {
      // Disconnect first: the client needs its own 'close' handler to finish; then drop ours.
      await Promise.race([client.disconnect().catch(() => undefined), new Promise((r) => setTimeout(r, 2000).unref())]);
      client.removeAllListeners();
    }
  }

  private async respond(responseUrl: string | undefined, body: Record<string, unknown>): Promise<void> {
    if (!responseUrl) return;
    const dispatcher = this.engine.slackDispatcher();
    await undiciFetch(responseUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      ...(dispatcher ? { dispatcher } : {}),
    }).catch((error: unknown) => this.engine.logger.warn('could not answer through response_url', { error }));
  }

  private async onSlashCommand({ ack, body }: AckArgs): Promise<void> {
    let reply;
    try {
      reply = handleCommand(this.engine, this.pairing, body as unknown as SlashCommand);
    } catch (error) {
      this.engine.logger.error('slash command failed', { error });
      reply = {
        ack: {
          response_type: 'ephemeral' as const,
          text: 'Something went wrong handling that command; see the Forgebell log.',
        },
      };
    }
    await ack(reply.ack).catch((error: unknown) => this.engine.logger.warn('could not ack a slash command', { error }));
    if (reply.later) {
      const later = await reply.later().catch((error: unknown) => ({
        response_type: 'ephemeral' as const,
        text: `Failed: ${(error as Error).message}`,
      }));
      if (later) await this.respond((body as { response_url?: string }).response_url, later);
    }
  }

  private async onInteractive({ ack, body }: AckArgs): Promise<void> {
    await ack().catch(() => undefined);
    const type = body.type;
    if (type === 'block_actions') {
      const user = (body.user as { id?: string } | undefined)?.id ?? '';
      const actions = (body.actions as { action_id?: string; value?: string }[] | undefined) ?? [];
      for (const action of actions) {
        if (action.action_id !== ACTION_CLOSE && action.action_id !== ACTION_REOPEN) continue;
        const responseUrl = body.response_url as string | undefined;
        if (!this.engine.settings.slack.commandUsers.includes(user)) {
          await this.respond(responseUrl, {
            response_type: 'ephemeral',
            replace_original: false,
            text: 'Sorry, you are not allowed to change issues with Forgebell. Ask its owner to pair you.',
          });
          continue;
        }
        const text = await this.setItemState(
          action.value ?? '',
          action.action_id === ACTION_CLOSE ? 'closed' : 'open',
          user,
        );
        await this.respond(responseUrl, { response_type: 'ephemeral', replace_original: false, text });
      }
    } else if (type === 'view_submission') {
      const view = body.view as
        | {
            callback_id?: string;
            private_metadata?: string;
            state?: { values?: Record<string, Record<string, { value?: string }>> };
          }
        | undefined;
      if (view?.callback_id !== OPEN_ISSUE_CALLBACK) return;
      await this.createIssueFromModal(view, (body.user as { id?: string } | undefined)?.id ?? '');
    }
  }

  async openIssueModal(triggerId: string, meta: { account: string; repo: string; channel: string }): Promise<boolean> {
    const token = this.engine.settings.slack.botToken;
    if (!token || !triggerId) return false;
    const client = createWebClient(token, this.engine.settings.slack.apiUrl, this.engine.slackDispatcher());
    try {
      await client.views.open({
        trigger_id: triggerId,
        view: {
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
        },
      });
      return true;
    } catch (error) {
      this.engine.logger.warn('views.open failed', { error });
      return false;
    }
  }

  private async createIssueFromModal(
    view: { private_metadata?: string; state?: { values?: Record<string, Record<string, { value?: string }>> } },
    user: string,
  ): Promise<void> {
    let meta: { account: string; repo: string; channel: string };
    try {
      meta = JSON.parse(view.private_metadata ?? '') as typeof meta;
    } catch {
      return;
    }
    if (!this.engine.settings.slack.commandUsers.includes(user)) return;
    const title = view.state?.values?.title?.value?.value ?? '';
    const description = view.state?.values?.body?.value?.value ?? '';
    const adapter = this.engine.adapters.get(meta.account);
    const token = this.engine.settings.slack.botToken;
    if (!adapter || !title) return;
    try {
      const issue = await adapter.createIssue(meta.repo, title, description);
      if (token) {
        const client = createWebClient(token, this.engine.settings.slack.apiUrl, this.engine.slackDispatcher());
        await client.chat.postMessage({
          channel: meta.channel,
          text: `<@${user}> created <${issue.url}|${meta.repo}#${issue.number}>: ${title.replace(/[&<>]/g, '')}`,
        });
      }
    } catch (error) {
      this.engine.logger.warn('creating an issue from Slack failed', { error });
    }
  }

  /** Close or reopen an issue/PR/MR by its web URL; returns the sentence to show the user. */
  async setItemState(url: string, state: 'closed' | 'open', user: string): Promise<string> {
    const res = resolveRepoReference(url, this.engine.settings.accounts);
    if (!res.ok) return res.message;
    const m = /\/(?:-\/)?(issues|pull|pulls|merge_requests)\/(\d+)/.exec(new URL(url).pathname);
    if (!m) return `${url} is not an issue or pull/merge request URL.`;
    const adapter = this.engine.adapters.get(res.account.id);
    if (!adapter) return `Account ${res.account.id} has no working token.`;
    try {
      await adapter.setIssueState(res.repo, Number(m[2]), m[1] === 'issues' ? 'issue' : 'pull', state);
      this.engine.logger.info(`${user} ${state === 'closed' ? 'closed' : 'reopened'} ${url} from Slack`);
      return `${state === 'closed' ? 'Closed' : 'Reopened'} ${url}`;
    } catch (error) {
      return `Could not ${state === 'closed' ? 'close' : 'reopen'} ${url}: ${(error as Error).message}`;
    }
  }

  private async onLinkShared({ ack, event }: AckArgs): Promise<void> {
    await ack().catch(() => undefined);
    const token = this.engine.settings.slack.botToken;
    if (!token || !event) return;
    const links = (event.links as { url?: string }[] | undefined) ?? [];
    const unfurls: Record<string, { blocks: unknown[] }> = {};
    for (const { url } of links.slice(0, 5)) {
      if (!url) continue;
      const res = resolveRepoReference(url, this.engine.settings.accounts);
      if (!res.ok) continue;
      const adapter = this.engine.adapters.get(res.account.id);
      const described = await adapter?.describeUrl(url).catch(() => null);
      if (described) unfurls[url] = { blocks: formatUnfurl(described) };
    }
    if (Object.keys(unfurls).length === 0) return;
    const client = createWebClient(token, this.engine.settings.slack.apiUrl, this.engine.slackDispatcher());
    const target =
      event.unfurl_id && event.source
        ? { unfurl_id: String(event.unfurl_id), source: String(event.source) }
        : { channel: String(event.channel), ts: String(event.message_ts) };
    await (
      client.chat.unfurl({ ...target, unfurls } as unknown as Parameters<
        typeof client.chat.unfurl
      >[0]) as Promise<WebAPICallResult>
    ).catch((error: unknown) => this.engine.logger.warn('chat.unfurl failed', { error }));
  }
}
